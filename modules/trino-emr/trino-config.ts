import {
  EmrConfiguration,
  TrinoExchangeCompressionCodec,
  TrinoExchangeManager,
  TrinoRetryPolicy,
} from "./types";

/** Trino's HTTP port on EMR: coordinator, workers and the web UI (plain HTTP). */
export const TRINO_HTTP_PORT = 8889;
/**
 * Trino's port with in-transit encryption: EMR then sets `http-server.http.enabled=false` on every node and
 * serves HTTPS on 8446, for clients and between nodes alike ("Presto on Amazon EMR uses port 8446 for internal
 * HTTPS by default. The port used for internal communication must be the same port used for client HTTPS
 * access", https://docs.aws.amazon.com/emr/latest/ReleaseGuide/presto-ssl.html).
 */
export const TRINO_HTTPS_PORT = 8446;

/** The port the Trino UI listens on: HTTPS 8446 with in-transit encryption, HTTP 8889 without. */
export function trinoUiPortFor(inTransitEncryption: "pem-s3" | "disabled"): number {
  return inTransitEncryption === "pem-s3" ? TRINO_HTTPS_PORT : TRINO_HTTP_PORT;
}

/** A parsed `emr-X.Y.Z` release label. */
export interface EmrRelease {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses `emr-7.5.0`; undefined when the label is not of that form. */
export function parseEmrRelease(label: string): EmrRelease | undefined {
  const m = /^emr-(\d+)\.(\d+)\.(\d+)$/.exec(label);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

/** True when `r` is at least `major.minor.patch`. */
export function releaseAtLeast(r: EmrRelease, major: number, minor: number, patch: number): boolean {
  if (r.major !== major) return r.major > major;
  if (r.minor !== minor) return r.minor > minor;
  return r.patch >= patch;
}

/** First release with the `trino-exchange-manager` classification and HDFS spooling (fault-tolerant execution). */
export const MIN_FAULT_TOLERANT_RELEASE = "emr-6.9.0";
export function supportsFaultTolerance(r: EmrRelease): boolean {
  return releaseAtLeast(r, 6, 9, 0);
}

/**
 * Trino 437 replaced `exchange.compression-enabled` with `exchange.compression-codec` (a breaking rename, see the
 * Trino 437 release notes); EMR 7.3.0 is the first release past it (it upgrades Trino 436 → 442 per the EMR 7.3.0
 * Trino release notes).
 */
export function usesCompressionCodec(r: EmrRelease): boolean {
  return releaseAtLeast(r, 7, 3, 0);
}

/** Fully-defaulted Trino settings the renderer needs. */
export interface ResolvedTrinoSettings {
  readonly retryPolicy: TrinoRetryPolicy;
  readonly exchangeCompression: boolean;
  readonly exchangeCompressionCodec: TrinoExchangeCompressionCodec;
  readonly lowMemoryKillerDelay: string;
  readonly remoteTaskMaxErrorDuration: string;
  readonly faultTolerantExecutionTaskMemory?: string;
  readonly taskRetryAttemptsPerTask?: number;
  readonly queryRetryAttempts?: number;
  readonly additionalConfigProperties: Readonly<Record<string, string>>;
  readonly exchangeManager: TrinoExchangeManager;
  readonly tpcds: boolean;
  readonly tpch: boolean;
  readonly glueCatalog: boolean;
}

/** Where S3 spooling goes (only for the s3 exchange manager). */
export interface ExchangeTarget {
  readonly bucketName: string;
  readonly region: string;
}

/** Property names the typed settings own in `trino-config`; `additionalConfigProperties` may not repeat them. */
export const TYPED_TRINO_CONFIG_KEYS: readonly string[] = [
  "retry-policy",
  "exchange.compression-enabled",
  "exchange.compression-codec",
  "query.low-memory-killer.delay",
  "query.remote-task.max-error-duration",
  "fault-tolerant-execution-task-memory",
  "task-retry-attempts-per-task",
  "query-retry-attempts",
];

/**
 * Renders the Trino settings into EMR configuration classifications: `trino-config`, `trino-exchange-manager`
 * (only when fault tolerance is on) and one `trino-connector-*` per connector.
 *
 * In the shape DescribeCluster returns, because `configurations_json` is ForceNew and the provider compares it
 * with what it reads back as JSON (key order and whitespace aside): a difference replaces the cluster on every
 * plan, as reported for instance-fleet clusters (provider issues #41988 and #19931, and #7101 for lower-case keys).
 * So: `Classification`/`Properties` capitalized, `Properties` on every classification, string values only (the
 * API's type is map<string,string>), no `Configurations: []` (the provider's docs: skip an empty Configurations),
 * no secrets (EMR returns them masked), classifications in a fixed order.
 */
export function renderTrinoConfigurations(
  s: ResolvedTrinoSettings,
  release: EmrRelease,
  exchange: ExchangeTarget | undefined,
): EmrConfiguration[] {
  const config: Record<string, string> = {};
  if (s.retryPolicy !== "NONE") config["retry-policy"] = s.retryPolicy;
  if (usesCompressionCodec(release)) {
    config["exchange.compression-codec"] = s.exchangeCompression ? s.exchangeCompressionCodec : "NONE";
  } else {
    config["exchange.compression-enabled"] = String(s.exchangeCompression);
  }
  // Fail fast instead of waiting for memory to free up: with fault tolerance the killed task is retried.
  config["query.low-memory-killer.delay"] = s.lowMemoryKillerDelay;
  // Give up on an unreachable (e.g. Spot-interrupted) worker quickly so its tasks are rescheduled.
  config["query.remote-task.max-error-duration"] = s.remoteTaskMaxErrorDuration;
  if (s.faultTolerantExecutionTaskMemory !== undefined) {
    config["fault-tolerant-execution-task-memory"] = s.faultTolerantExecutionTaskMemory;
  }
  if (s.taskRetryAttemptsPerTask !== undefined)
    config["task-retry-attempts-per-task"] = String(s.taskRetryAttemptsPerTask);
  if (s.queryRetryAttempts !== undefined) config["query-retry-attempts"] = String(s.queryRetryAttempts);
  Object.assign(config, s.additionalConfigProperties);

  const out: EmrConfiguration[] = [{ Classification: "trino-config", Properties: config }];

  if (s.retryPolicy !== "NONE") {
    const em = s.exchangeManager;
    if (em.type === "hdfs") {
      out.push({
        Classification: "trino-exchange-manager",
        Properties: {
          "exchange.base-directories": em.baseDirectory ?? "/exchange",
          "exchange.use-local-hdfs": "true",
        },
      });
    } else if (exchange) {
      out.push({
        Classification: "trino-exchange-manager",
        Properties: {
          "exchange.base-directories": `s3://${exchange.bucketName}`,
          "exchange.s3.region": exchange.region,
        },
      });
    }
  }

  if (s.tpcds)
    out.push({ Classification: "trino-connector-tpcds", Properties: { "connector.name": "tpcds" } });
  if (s.tpch) out.push({ Classification: "trino-connector-tpch", Properties: { "connector.name": "tpch" } });
  if (s.glueCatalog)
    out.push({ Classification: "trino-connector-hive", Properties: { "hive.metastore": "glue" } });
  return out;
}
