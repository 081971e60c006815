/**
 * A small JDBC URL reader for the URL forms AWS Glue documents for its JDBC connections. It exists so
 * a wrong URL (typo in the scheme, missing port, SSL switched off) stops synth instead of failing the
 * first Glue job run hours later.
 */

export type JdbcEngine = "postgresql" | "mysql" | "mariadb" | "redshift" | "sqlserver" | "oracle";

export interface ParsedJdbcUrl {
  readonly engine: JdbcEngine;
  readonly host: string;
  /** As written; the caller range-checks it so the error can name the prop. */
  readonly port: number;
  readonly database: string;
  /** Driver properties, keys lower-cased (JDBC drivers treat them case-insensitively). */
  readonly params: Readonly<Record<string, string>>;
}

/** The forms accepted, for error messages. */
export const JDBC_URL_FORMS: readonly string[] = [
  "jdbc:postgresql://host:5432/db",
  "jdbc:mysql://host:3306/db",
  "jdbc:mariadb://host:3306/db",
  "jdbc:redshift://host:5439/db",
  "jdbc:sqlserver://host:1433;databaseName=db",
  "jdbc:oracle:thin://@host:1521/service",
];

const HOST = "([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)";
const SLASH_FORM = new RegExp(
  `^jdbc:(postgresql|mysql|mariadb|redshift)://${HOST}:(\\d+)/([^/?;&]+)(?:[?;](.*))?$`,
);
const SQLSERVER_FORM = new RegExp(`^jdbc:sqlserver://${HOST}:(\\d+)((?:;[^;]*)*)$`);
// Glue's docs write Oracle as jdbc:oracle:thin://@host:port/service; the driver also takes @//host.
const ORACLE_FORM = new RegExp(`^jdbc:oracle:thin:(?://@|@//)${HOST}:(\\d+)/([^/?;&]+)$`);

function readParams(raw: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of (raw ?? "").split(/[&;]/)) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    if (key) params[key] = eq < 0 ? "" : pair.slice(eq + 1).trim();
  }
  return params;
}

/** Parses a JDBC URL of one of {@link JDBC_URL_FORMS}; undefined when it matches none. */
export function parseJdbcUrl(url: string): ParsedJdbcUrl | undefined {
  let m = SLASH_FORM.exec(url);
  if (m) {
    return {
      engine: m[1] as JdbcEngine,
      host: m[2],
      port: Number(m[3]),
      database: m[4],
      params: readParams(m[5]),
    };
  }
  m = SQLSERVER_FORM.exec(url);
  if (m) {
    const params = readParams(m[3]);
    const database = params["databasename"] ?? params["database"];
    if (!database) return undefined;
    return { engine: "sqlserver", host: m[1], port: Number(m[2]), database, params };
  }
  m = ORACLE_FORM.exec(url);
  if (m) return { engine: "oracle", host: m[1], port: Number(m[2]), database: m[3], params: {} };
  return undefined;
}

// Driver properties that turn TLS off: PostgreSQL/Redshift sslmode, MySQL Connector/J sslMode,
// useSSL and requireSSL, the generic ssl flag, and SQL Server's encrypt.
const SSL_OFF: Readonly<Record<string, readonly string[]>> = {
  sslmode: ["disable", "disabled"],
  ssl: ["false"],
  usessl: ["false"],
  requiressl: ["false"],
  encrypt: ["false"],
};

/** The `key=value` settings in the URL that disable TLS (empty when none do). */
export function sslDisablingParams(parsed: ParsedJdbcUrl): string[] {
  return Object.entries(parsed.params)
    .filter(([k, v]) => SSL_OFF[k]?.includes(v.toLowerCase()))
    .map(([k, v]) => `${k}=${v}`);
}
