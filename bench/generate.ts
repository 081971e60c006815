/**
 * Generated environments for the scaling rows of the benchmark: N copies of the dev sample, each with its own
 * name, account ids and address ranges, built by cloning the sample and rewriting every string in it. The
 * copies go through the real validation (loadEnvironments) like any environment file, so a sample that grows
 * new sections is covered without touching this file; a rewrite the checks reject fails the benchmark loudly.
 *
 * Rewrites, applied to every string value and record key of the clone (never to `stage`):
 * - the sample's name as a whole token ("dev", "acme-dev-raw") → the generated name (`g01`, `acme-g01-raw`),
 *   except in file names (`dev-workload-ca.pem` names a committed file the copies share);
 * - every 12-digit number (account ids, also inside ARNs) → `9<env:2><index:9>`, distinct per account;
 * - every 10.x.y.z address or CIDR of prefix /16 or longer → its second octet remapped so that environment i
 *   uses the block of second octets [i*m, i*m + m) (m = distinct second octets of the sample). The remap is a
 *   bijection on second octets, so overlaps, containment and references between CIDRs stay exactly as in the
 *   sample, and no two generated environments share a /16. Shorter prefixes (10.0.0.0/8) are left alone.
 */
import devSample from "../config/environments/dev";
import { EnvironmentInput } from "../config/schema";

const CIDR_10 = /^10\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;
const ACCOUNT_ID = /(?<!\d)\d{12}(?!\d)/g;
const FILE_NAME = /\.(pem|crt|cer|key|json|ya?ml|txt|csv|sql|py|sh|scala|jar)$/i;

/** Name of the i-th generated environment (0-based): g01, g02, ... */
export function generatedName(i: number): string {
  return `g${String(i + 1).padStart(2, "0")}`;
}

/** Every string (values and record keys) of a plain-data tree. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

function rewritable(text: string): RegExpExecArray | null {
  const m = CIDR_10.exec(text);
  if (!m) return null;
  return m[5] === undefined || Number(m[5]) >= 16 ? m : null;
}

function mapTree(value: unknown, f: (s: string) => string, key?: string): unknown {
  if (typeof value === "string") return key === "stage" ? value : f(value);
  if (Array.isArray(value)) return value.map((v) => mapTree(v, f));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapTree(v, f, k)]));
  }
  return value;
}

/**
 * `count` environments derived from `template` (the dev sample by default), keyed by name, ready for
 * `loadEnvironments(Object.keys(r), r)`.
 */
export function generateEnvironments(
  count: number,
  template: EnvironmentInput = devSample,
): Record<string, EnvironmentInput> {
  const all = strings(template);
  const octets = [
    ...new Set(
      all
        .map(rewritable)
        .filter((m) => m !== null)
        .map((m) => Number(m![1])),
    ),
  ].sort((a, b) => a - b);
  if (octets.length * count > 256) {
    throw new Error(
      `the template uses ${octets.length} distinct 10.x second octets; ${count} disjoint copies do not fit in 10.0.0.0/8`,
    );
  }
  const ids = [...new Set(all.flatMap((s) => s.match(ACCOUNT_ID) ?? []))].sort();
  const nameToken = new RegExp(`(?<![a-z0-9])${template.name}(?![a-z0-9])`, "g");

  const result: Record<string, EnvironmentInput> = {};
  for (let i = 0; i < count; i++) {
    const name = generatedName(i);
    const rewrite = (s: string): string => {
      const m = rewritable(s);
      if (m) {
        const second = i * octets.length + octets.indexOf(Number(m[1]));
        return `10.${second}.${m[2]}.${m[3]}${m[4] ?? ""}`;
      }
      const renumbered = s.replace(
        ACCOUNT_ID,
        (id) => `9${String(i).padStart(2, "0")}${String(ids.indexOf(id) + 1).padStart(9, "0")}`,
      );
      return FILE_NAME.test(s) ? renumbered : renumbered.replace(nameToken, name);
    };
    result[name] = mapTree(structuredClone(template), rewrite) as EnvironmentInput;
  }
  return result;
}
