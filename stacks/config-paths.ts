import { ValidationError } from "@multicloud-platform/modules/core";
import { ConfigError, EnvironmentConfig, environmentFile } from "../config";
import type { Component } from "./component-stack";

/*
 * Modules report bad props by construct path (`dev-network/vpc-ml: invalid azs …`); a user edits config. The
 * stacks name every config-driven construct `<kind>-<config key>`, so the construct id under the stack says
 * which config entry it was built from. One table, next to the stacks that choose those ids; the stack tests
 * check that every construct the sample environments build maps to a path.
 */
const CONSTRUCT_CONFIG_PATHS: ReadonlyArray<
  readonly [Component, RegExp, (key: string, env: EnvironmentConfig) => string]
> = [
  ["network", /^vpc-(.+)$/, (k) => `network.vpcs.${k}`],
  ["network", /^peering-(.+)$/, (k) => `network.peerings.${k}`],
  ["network", /^tgw-peering-(.+)$/, (k) => `network.tgwPeerings.${k}`],
  ["network", /^tgw-(.+)$/, (k) => `network.transitGateways.${k}`],
  ["network", /^endpoints-(.+)$/, (k) => `network.vpcs.${k}.endpoints`],
  ["network", /^intent-(.+)$/, (k) => `intents.${k}`],
  ["network", /^partner-peering-(.+)$/, (k) => `network.externalPeerings.${k}`],
  ["network", /^partner-share-(.+)$/, (k) => `network.transitGateways.${k}.shareWithExternal`],
  // `<tgw>-<attachment>`: both names may hold hyphens, so the pair is found among the declared ones.
  [
    "network",
    /^partner-attachment-(.+)$/,
    (k, env) =>
      Object.entries(env.network.transitGateways)
        .flatMap(([t, tgw]) => Object.keys(tgw.externalAttachments).map((a) => [t, a]))
        .filter(([t, a]) => `${t}-${a}` === k)
        .map(([t, a]) => `network.transitGateways.${t}.externalAttachments.${a}`)[0] ??
      "network.transitGateways",
  ],
  ["network", /^zone-(.+)$/, (k) => `network.privateZones.${k}`],
  ["network", /^resolver-(.+)$/, (k) => `network.resolvers.${k}`],
  // The constructs and the outputs about them (studio-domain-id, warehouse-admin-secret-arn, ...).
  ["ml", /^studio(-.+)?$/, () => "ml.studio"],
  ["ml", /^warehouse(-.+)?$/, () => "ml.warehouse"],
  ["identity", /^roles-anywhere$/, () => "identity.rolesAnywhere"],
  ["identity", /^secret-(.+)$/, (k) => `identity.rolesAnywhere.secrets.${k}`],
  ["identity", /^redshift-(.+)$/, (k) => `identity.redshiftAccess.${k}`],
  ["identity", /^partner-(.+)$/, (k) => `identity.partnerRoles.${k}`],
  ["ingest", /^appflow-bigquery$/, () => "ingest.appflow"],
  // Before glue-<connection>: the catalog encryption is the ingest account/region's, not a connection's.
  ["ingest", /^glue-catalog-encryption$/, () => "ingest.manageCatalogEncryption"],
  ["ingest", /^glue-(.+)$/, (k) => `ingest.glue.connections.${k}`],
  // The S3 access-log bucket exists for the section's buckets; its name derives from the environment's name.
  ["ingest", /^access-logs-.+$/, () => "ingest.appflow"],
  ["ingest", /^datastore-sg-(.+)$/, (k) => `ingest.glue.connections.${k}.dataStore`],
  ["bigquery", /^dataset-(.+)$/, () => "bigquery"],
  // The cluster's construct id is analytics.name; the access-log bucket (access-logs-<account>-<region>) is the
  // cluster's buckets'.
  ["analytics", /^(.+)$/, () => "analytics"],
];

/**
 * The config path a construct (by its path, `<env>-<component>/<id>/…`) was built from, or undefined for
 * constructs no config entry decides (providers, backends).
 */
export function configPathOfConstruct(env: EnvironmentConfig, constructPath: string): string | undefined {
  const [stackId, id] = constructPath.split("/");
  if (!stackId?.startsWith(`${env.name}-`) || id === undefined) return undefined;
  const component = stackId.slice(env.name.length + 1);
  for (const [c, re, path] of CONSTRUCT_CONFIG_PATHS) {
    const m = c === component ? re.exec(id) : null;
    if (m) return path(m[1], env);
  }
  return undefined;
}

/**
 * Builds a config-driven stack; a module's ValidationError becomes a ConfigError at the config path the
 * construct was built from (or the component's section), with the module's prop and path kept in the message.
 */
export function buildFromConfig<T>(env: EnvironmentConfig, component: Component, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const { path, prop, value, problem, fix } = e.problem;
    throw new ConfigError(environmentFile(env.name), [
      {
        path: configPathOfConstruct(env, path) ?? component,
        value,
        message: `${problem} (checked by the module building ${path}, prop ${prop})`,
        fix,
      },
    ]);
  }
}
