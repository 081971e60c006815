/**
 * How `npm run describe` shows the component sections of an environment (everything but the base keys and
 * `network`). One describer per top-level config key; a key with no describer is shown generically, so a
 * new section appears in the summary before anyone writes a describer for it.
 *
 * Extension point: register a describer for a new section (e.g. the reachability `intents`) by adding it to
 * SECTION_DESCRIBERS (or calling registerSectionDescriber from the module that owns the section).
 */
import {
  AnalyticsConfig,
  BigQueryConfig,
  EnvironmentConfig,
  IdentityConfig,
  IngestConfig,
  MlConfig,
} from "../config";
import { roleChain } from "../config/ml";
import { Cell, list, table } from "./ux-table";

export interface SectionDescriber<S = unknown, J = unknown> {
  /** Heading of the section in the terminal output. */
  readonly title: string;
  /** The `--json` form: plain data, keys in a fixed order. */
  summarize(section: S, env: EnvironmentConfig): J;
  /** The terminal form of the summary: lines (tables from ux-table). */
  render(summary: J): string[];
}

/** Infers the summary type from `summarize`, so `render` is typed by it. */
export function defineDescriber<S, J>(d: SectionDescriber<S, J>): SectionDescriber<S, J> {
  return d;
}

const host = (jdbcUrl: string | undefined) => (jdbcUrl ? (/\/\/([^/:?]+)/.exec(jdbcUrl)?.[1] ?? "-") : "-");
const values = (v: string | readonly string[] | undefined) => (v === undefined ? [] : [v].flat());

export const identityDescriber = defineDescriber({
  title: "identities across account and cloud boundaries",
  summarize(id: IdentityConfig, env: EnvironmentConfig) {
    const ra = id.rolesAnywhere;
    return {
      rolesAnywhere: ra
        ? {
            account: ra.account,
            region: ra.region,
            trustAnchor: { name: ra.trustAnchor.name, source: ra.trustAnchor.source.type },
            roles: Object.entries(ra.roles).map(([key, r]) => ({
              name: key,
              iamRole: `${env.name}-${key}`,
              subjectCN: values(r.certificate.subjectCN),
              issuerCN: values(r.certificate.issuerCN),
              sanDNS: values(r.certificate.sanDNS),
              secrets: [...r.secrets],
            })),
            profiles: Object.entries(ra.profiles).map(([key, p]) => ({
              name: `${env.name}-${key}`,
              roles: [...p.roles],
              durationSeconds: p.durationSeconds,
              sourceIpRanges: [...p.sourceIpRanges],
            })),
            secrets: Object.values(ra.secrets).map((s) => s.name),
          }
        : null,
      redshiftAccess: Object.entries(id.redshiftAccess).map(([key, r]) => ({
        name: key,
        producerRole: `${env.name}-${key}`,
        producerAccount: r.producerAccount,
        consumerAccount: r.consumerAccount,
        consumerRole: `${r.consumerRolePath}${r.consumerRoleName}`,
        region: r.region,
        cluster: r.clusterIdentifier,
        databases: [...r.databases],
      })),
      partnerRoles: Object.entries(id.partnerRoles).map(([key, p]) => ({
        name: `${env.name}-${key}`,
        account: p.account,
        region: p.region,
        trustedRoleArn: p.trustedRoleArn,
        externalId: p.externalId !== undefined,
        buckets: Object.entries(p.buckets).map(([b, cfg]) => `${b} (${cfg.access})`),
      })),
    };
  },
  render(s) {
    const ra = s.rolesAnywhere;
    return [
      ...(ra
        ? [
            `IAM Roles Anywhere in ${ra.account} ${ra.region}: trust anchor ${ra.trustAnchor.name} (${ra.trustAnchor.source}); secrets: ${list(ra.secrets)}`,
            "",
            ...table(
              "Roles Anywhere roles",
              ["role", "subject CN", "issuer CN", "SAN DNS", "secrets"],
              ra.roles.map((r) => [
                r.iamRole,
                list(r.subjectCN),
                list(r.issuerCN),
                list(r.sanDNS),
                list(r.secrets),
              ]),
            ),
            ...table(
              "Roles Anywhere profiles",
              ["profile", "roles", "session", "source IPs"],
              ra.profiles.map((p) => [
                p.name,
                list(p.roles),
                `${p.durationSeconds}s`,
                list(p.sourceIpRanges),
              ]),
            ),
          ]
        : []),
      ...table(
        "Redshift cross-account access",
        ["producer role", "producer", "consumer", "consumer role", "region", "cluster", "databases"],
        s.redshiftAccess.map((r) => [
          r.producerRole,
          r.producerAccount,
          r.consumerAccount,
          r.consumerRole,
          r.region,
          r.cluster,
          list(r.databases),
        ]),
      ),
      ...table(
        "Partner roles",
        ["role", "account", "region", "trusted role", "external id", "buckets"],
        s.partnerRoles.map((p) => [
          p.name,
          p.account,
          p.region,
          p.trustedRoleArn,
          p.externalId,
          list(p.buckets),
        ]),
      ),
    ];
  },
});

export const bigqueryDescriber = defineDescriber({
  title: "BigQuery dataset (Google)",
  summarize(bq: BigQueryConfig) {
    return {
      projectId: bq.projectId,
      datasetId: bq.datasetId,
      location: bq.location,
      appflowIdentity: bq.appflowIdentity,
      deletionProtection: bq.deletionProtection ?? null,
      tables: Object.entries(bq.tables).map(([name, t]) => ({
        name,
        columns: t.fields.length,
        partitionedBy: t.timePartitioning ? `${t.timePartitioning.field} (${t.timePartitioning.type})` : null,
      })),
    };
  },
  render(s) {
    return [
      `dataset ${s.projectId}.${s.datasetId} (${s.location}); AppFlow reads as ${s.appflowIdentity}`,
      "",
      ...table(
        "BigQuery tables",
        ["table", "columns", "partitioned by"],
        s.tables.map((t) => [t.name, t.columns, t.partitionedBy]),
      ),
    ];
  },
});

export const ingestDescriber = defineDescriber({
  title: "AppFlow, Glue, Athena",
  summarize(ing: IngestConfig) {
    const af = ing.appflow;
    const glue = ing.glue;
    return {
      account: ing.account,
      region: ing.region,
      appflow: af
        ? {
            resultsBucket: af.resultsBucketName,
            athenaResultsBucket: af.athenaResultsBucketName,
            glueDatabase: af.glueDatabaseName,
            flows: Object.entries(af.flows).map(([name, f]) => ({
              name,
              entity: f.entity,
              trigger:
                f.trigger.type === "Scheduled"
                  ? `${f.trigger.scheduleExpression} ${f.trigger.dataPullMode}`
                  : f.trigger.type,
              fields: f.fields ? f.fields.length : "all",
              destination: `s3://${af.resultsBucketName}/${f.bucketPrefix} (${f.fileType})`,
            })),
          }
        : null,
      glue: glue
        ? {
            vpc: glue.vpc,
            connections: Object.entries(glue.connections).map(([name, c]) => ({
              name,
              vpc: c.vpc ?? glue.vpc,
              subnetTier: c.subnetTier,
              azs: c.azs ?? "every AZ of the tier",
              jdbcHost: host(c.jdbc?.url),
              dataStoreVpc: c.dataStore?.vpc ?? null,
            })),
          }
        : null,
    };
  },
  render(s) {
    return [
      `account ${s.account}, region ${s.region}`,
      "",
      ...(s.appflow
        ? [
            `AppFlow results bucket ${s.appflow.resultsBucket}, Glue database ${s.appflow.glueDatabase}, Athena results bucket ${s.appflow.athenaResultsBucket}`,
            "",
            ...table(
              "AppFlow flows",
              ["flow", "BigQuery entity", "trigger", "fields", "destination"],
              s.appflow.flows.map((f) => [f.name, f.entity, f.trigger, f.fields, f.destination]),
            ),
          ]
        : []),
      ...(s.glue
        ? table(
            "Glue connections",
            ["connection", "vpc", "subnet tier", "azs", "JDBC host", "data store vpc (NAT EIP allow-list)"],
            s.glue.connections.map((c) => [
              c.name,
              c.vpc,
              c.subnetTier,
              typeof c.azs === "string" ? c.azs : list(c.azs),
              c.jdbcHost,
              c.dataStoreVpc,
            ]),
          )
        : []),
    ];
  },
});

export const analyticsDescriber = defineDescriber({
  title: "Trino on EMR",
  summarize(a: AnalyticsConfig, env: EnvironmentConfig) {
    return {
      cluster: `${env.name}-${a.name}`,
      account: a.account,
      vpc: a.vpc,
      subnetTier: a.subnetTier,
      releaseLabel: a.releaseLabel,
      applications: [...a.applications],
      retryPolicy: a.trino.retryPolicy,
      exchangeManager: a.trino.exchangeManager.type,
      fleets: [
        {
          fleet: "primary",
          onDemand: a.primaryFleet.market === "ON_DEMAND" ? 1 : 0,
          spot: a.primaryFleet.market === "SPOT" ? 1 : 0,
          instanceTypes: [...a.primaryFleet.instanceTypes],
        },
        {
          fleet: "core",
          onDemand: a.coreFleet.targetOnDemandCapacity,
          spot: a.coreFleet.targetSpotCapacity,
          instanceTypes: a.coreFleet.instanceTypes.map((t) => t.instanceType),
        },
        ...(a.taskFleet
          ? [
              {
                fleet: "task",
                onDemand: a.taskFleet.targetOnDemandCapacity,
                spot: a.taskFleet.targetSpotCapacity,
                instanceTypes: a.taskFleet.instanceTypes.map((t) => t.instanceType),
              },
            ]
          : []),
      ],
      spotInterruptionExperiment: a.spotInterruptionExperiment.enabled,
    };
  },
  render(s) {
    return [
      `cluster ${s.cluster} (${s.releaseLabel}: ${list(s.applications)}) in ${s.account}, vpc ${s.vpc} tier ${s.subnetTier}; ` +
        `retry policy ${s.retryPolicy}, exchange on ${s.exchangeManager}; FIS Spot interruption experiment: ${s.spotInterruptionExperiment ? "yes" : "no"}`,
      "",
      ...table(
        "EMR instance fleets (capacity units)",
        ["fleet", "on-demand", "spot", "instance types"],
        s.fleets.map((f) => [
          f.fleet,
          f.onDemand,
          f.spot,
          `${f.instanceTypes.length}: ${list(f.instanceTypes)}`,
        ]),
      ),
    ];
  },
});

export const mlDescriber = defineDescriber({
  title: "SageMaker Studio → Redshift as the user",
  summarize(ml: MlConfig, env: EnvironmentConfig) {
    const chain = roleChain(env);
    return {
      studio: {
        domain: chain?.domain ?? null,
        placement: `${ml.studio.account}: ${ml.studio.vpc}/${ml.studio.subnetTier}`,
        userProfiles: [...ml.studio.userProfiles],
        intents: [...ml.studio.intents],
      },
      warehouse: {
        placement: `${ml.warehouse.account}: ${ml.warehouse.vpc}/${ml.warehouse.subnetTier}`,
        port: ml.warehouse.port,
        cluster: ml.warehouse.cluster
          ? `${ml.warehouse.cluster.identifier} (${ml.warehouse.cluster.numberOfNodes} × ${ml.warehouse.cluster.nodeType}, database ${ml.warehouse.cluster.databaseName})`
          : null,
        intents: [...ml.warehouse.intents],
      },
      roleChain: chain ? [...chain.hops] : [],
    };
  },
  render(s) {
    return [
      `Studio domain ${s.studio.domain} (VpcOnly) in ${s.studio.placement}; users: ${s.studio.userProfiles.join(", ") || "none"}; its group holds intents ${s.studio.intents.join(", ")}`,
      `Warehouse in ${s.warehouse.placement}, port ${s.warehouse.port}${s.warehouse.cluster ? `, cluster ${s.warehouse.cluster}` : " (cluster managed elsewhere)"}; its group holds intents ${s.warehouse.intents.join(", ")}`,
      "role chain (verified before synth):",
      ...s.roleChain.map((h) => `  ${h}`),
      "",
    ];
  },
});

/**
 * Reachability intents (another helper owns the `intents` section): until a richer describer is registered,
 * each intent is one row with its fields as `key=value`.
 */
export const intentsDescriber: SectionDescriber<unknown, Array<Record<string, unknown>>> = {
  title: "reachability intents",
  summarize(section) {
    const entries: Array<[string, unknown]> = Array.isArray(section)
      ? section.map((v, i) => [String(i), v])
      : Object.entries((section ?? {}) as Record<string, unknown>);
    return entries.map(([name, v]) => ({ name, ...(typeof v === "object" && v ? v : { value: v }) }));
  },
  render(rows) {
    return table(
      "Intents",
      ["intent", "details"],
      rows.map(({ name, ...rest }) => [
        String(name),
        Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join(" "),
      ]),
    );
  },
};

/** A section nobody wrote a describer for yet: its keys and how many entries each holds. */
export const genericDescriber: SectionDescriber<unknown, Array<{ key: string; value: string }>> = {
  title: "",
  summarize(section) {
    if (typeof section !== "object" || section === null) return [{ key: "value", value: String(section) }];
    return Object.entries(section as Record<string, unknown>).map(([key, v]) => ({
      key,
      value:
        typeof v === "object" && v !== null
          ? Array.isArray(v)
            ? `${v.length} item(s)`
            : `${Object.keys(v).length} entr${Object.keys(v).length === 1 ? "y" : "ies"}: ${list(Object.keys(v))}`
          : String(v),
    }));
  },
  render(rows) {
    return table(
      "",
      ["key", "value"],
      rows.map((r) => [r.key, r.value] as Cell[]),
    ).slice(1);
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const SECTION_DESCRIBERS: Record<string, SectionDescriber<any, any>> = {
  identity: identityDescriber,
  bigquery: bigqueryDescriber,
  ingest: ingestDescriber,
  analytics: analyticsDescriber,
  ml: mlDescriber,
  intents: intentsDescriber,
};

/** Registers (or replaces) the describer of a top-level config section. */
export function registerSectionDescriber<S, J>(key: string, describer: SectionDescriber<S, J>): void {
  SECTION_DESCRIBERS[key] = describer;
}
