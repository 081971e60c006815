import { isDeepStrictEqual } from "node:util";
import { loadEnvironments, validateEnvironment } from "../../config";
import { baseEnvironment, EnvParams, VPC_NAMES } from "../../config/environments/blueprint";
import { params as devParams } from "../../config/environments/dev";
import { params as prodParams } from "../../config/environments/prod";
import { params as stagingParams } from "../../config/environments/staging";

/**
 * Every name of an environment that must not be shared with another environment: global names (S3 buckets,
 * GCP project), names scoped to an account that environments may share (Glue database, secrets, IAM roles,
 * Roles Anywhere trust anchor), the partner's external id, and the BigQuery CMEK key (one environment's
 * principals must not decrypt another's data).
 */
function uniqueNames(p: EnvParams): string[] {
  const e = baseEnvironment(p);
  const ra = e.identity.rolesAnywhere!;
  const conn = e.ingest.glue.connections.warehouse;
  return [
    e.ingest.appflow.resultsBucketName,
    e.ingest.appflow.athenaResultsBucketName,
    e.ingest.appflow.glueDatabaseName,
    ...conn.s3ReadLocations!.map((l) => l.bucketName),
    conn.jdbc!.secretArn,
    conn.jdbc!.url,
    e.bigquery.projectId,
    ra.trustAnchor.name,
    ...Object.values(ra.secrets ?? {}).map((s) => s.name),
    ...Object.values(e.identity.redshiftAccess ?? {}).flatMap((r) => [
      r.consumerRoleName,
      r.clusterIdentifier,
    ]),
    ...Object.values(e.identity.partnerRoles ?? {}).flatMap((r) => [
      r.externalId!,
      r.trustedRoleArn,
      ...Object.keys(r.buckets ?? {}),
    ]),
    e.bigquery.encryption!.kmsKeyName,
    ...(e.ml?.warehouse?.cluster ? [e.ml.warehouse.cluster.identifier] : []),
  ];
}

/**
 * Where `extended` does not keep a value of `base`: objects keep every key of the blueprint's, arrays every
 * item (in order, more may follow or be interleaved), anything else is equal.
 */
function notKept(base: unknown, extended: unknown, at: string): string[] {
  if (Array.isArray(base)) {
    if (!Array.isArray(extended)) return [at];
    let i = 0;
    for (const item of extended) if (i < base.length && notKept(base[i], item, at).length === 0) i++;
    return i === base.length ? [] : [at];
  }
  if (base !== null && typeof base === "object") {
    if (extended === null || typeof extended !== "object" || Array.isArray(extended)) return [at];
    // A key the blueprint leaves undefined is as good as absent (validation may leave either).
    const defined = Object.keys(base).filter((k) => (base as Record<string, unknown>)[k] !== undefined);
    return defined.flatMap((k) =>
      Object.prototype.hasOwnProperty.call(extended, k)
        ? notKept(
            (base as Record<string, unknown>)[k],
            (extended as Record<string, unknown>)[k],
            `${at}.${k}`,
          )
        : [`${at}.${k}`],
    );
  }
  return isDeepStrictEqual(base, extended) ? [] : [at];
}

const renamed = (p: EnvParams, name: string): EnvParams => ({ ...p, name });

describe("environment blueprint", () => {
  test.each([
    ["dev", devParams, ["network", "intents", "ml"]],
    ["staging", stagingParams, []],
    ["prod", prodParams, ["network", "intents", "dnsIntents", "ml"]],
  ] as const)("%s is its params through the blueprint plus what its file adds", (name, p, extended) => {
    expect(p.name).toBe(name);
    const [fromFile] = loadEnvironments([name]);
    // Everything but the sections a file extends comes from the blueprint unchanged; a section it extends
    // (dev's and prod's partner, and the warehouse group admitting it) keeps every value of the blueprint's and only adds.
    const base = validateEnvironment(baseEnvironment(p), `config/environments/${name}.ts`);
    const keys = [
      "accounts",
      "network",
      "identity",
      "intents",
      "dnsIntents",
      "ml",
      "analytics",
      "policy",
      "tags",
    ];
    for (const key of keys as (keyof typeof base)[]) {
      if ((extended as readonly string[]).includes(key)) {
        expect(fromFile[key]).not.toEqual(base[key]);
        expect({ key, missing: notKept(base[key], fromFile[key], key) }).toEqual({ key, missing: [] });
      } else expect({ key, value: fromFile[key] }).toEqual({ key, value: base[key] });
    }
  });

  test("a file that changes a blueprint value instead of adding to it is told where", () => {
    const base = baseEnvironment(prodParams);
    const zone = base.network.privateZones.warehouse;
    const changed = { ...base.network, privateZones: { warehouse: { ...zone, domain: "dw.internal" } } };
    expect(notKept(base.network, changed, "network")).toEqual(["network.privateZones.warehouse.domain"]);
    expect(notKept(zone, { ...zone, vpcs: ["ml"] }, "zone")).toEqual(["zone.vpcs"]);
    expect(notKept(zone, { ...zone, vpcs: [...zone.vpcs, "ingest"] }, "zone")).toEqual([]);
  });

  test("two environments share no name that must be unique, even with the same accounts and CIDRs", () => {
    const a = uniqueNames(devParams);
    const b = uniqueNames(renamed(devParams, "dev2"));
    expect(a.length).toBeGreaterThan(10);
    expect(a.filter((n) => b.includes(n))).toEqual([]);
  });

  test("every unique name carries the environment's name (hyphens as underscores where a name allows none)", () => {
    for (const p of [devParams, stagingParams, prodParams, renamed(devParams, "qa-eu")])
      for (const n of uniqueNames(p))
        expect({ n, ok: n.includes(p.name) || n.includes(p.name.replace(/-/g, "_")) }).toEqual({
          n,
          ok: true,
        });
  });

  test("the blueprint suppresses no policy finding and encrypts BigQuery with the environment's own key (#17)", () => {
    const env = baseEnvironment(devParams);
    expect(env.policy).toBeUndefined();
    expect(env.bigquery.encryption).toEqual({
      kmsKeyName: "projects/acme-health-kms-dev/locations/us/keyRings/bigquery/cryptoKeys/synthea",
      projectNumber: "204815930261",
    });
    // Without the project number the key is still set; its owner grants BigQuery's service agent.
    const existing = { ...devParams.existing, bigqueryProjectNumber: undefined };
    const unknown = baseEnvironment({ ...devParams, name: "qa-eu", existing });
    expect(unknown.bigquery.encryption).toEqual({
      kmsKeyName: "projects/acme-health-kms-qa-eu/locations/us/keyRings/bigquery/cryptoKeys/synthea",
    });
    expect(() => validateEnvironment(unknown, "config/environments/qa-eu.ts")).not.toThrow();
  });

  test("a renamed copy validates: a name with a hyphen still gives a valid Glue database name", () => {
    const env = baseEnvironment(renamed(devParams, "qa-eu"));
    expect(env.ingest.appflow.glueDatabaseName).toBe("qa_eu_healthcare");
    expect(() => validateEnvironment(env, "config/environments/qa-eu.ts")).not.toThrow();
  });

  test("subnets follow the CIDR plan: every VPC in its own /16, one subnet per tier and AZ", () => {
    for (const p of [devParams, prodParams]) {
      const { vpcs } = baseEnvironment(p).network;
      expect(Object.keys(vpcs)).toEqual([...VPC_NAMES]);
      for (const name of VPC_NAMES) {
        const vpc = vpcs[name];
        expect(vpc.cidr).toBe(p.cidrs[name]);
        const prefix = p.cidrs[name].split(".").slice(0, 2).join(".");
        for (const subnets of Object.values(vpc.subnets)) {
          expect(Object.keys(subnets!)).toEqual(vpc.azs);
          for (const cidr of Object.values(subnets!)) expect(cidr.startsWith(`${prefix}.`)).toBe(true);
        }
      }
    }
  });

  test("the registered samples' CIDR plans do not overlap", () => {
    const plans = [devParams, stagingParams, prodParams].map((p) => Object.values(p.cidrs));
    const all = plans.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  test("fails when a CIDR plan entry is not the /16 the subnet layout needs: validation names the subnets", () => {
    const p = { ...devParams, cidrs: { ...devParams.cidrs, ml: "10.8.0.0/20" } } as unknown as EnvParams;
    expect(() => validateEnvironment(baseEnvironment(p), "config/environments/dev.ts")).toThrow(
      /network\.vpcs\.ml\.subnets\.private\.us-east-1a = "10\.8\.16\.0\/20"/,
    );
  });
});
