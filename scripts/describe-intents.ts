/**
 * The `intents` and `dnsIntents` sections of `npm run describe`. Each reachability intent with its verdict and
 * its path hop by hop in both directions (config/reachability/trace.ts), one representative AZ pair per source
 * AZ (the same AZ on the destination side when it has one); each DNS intent with the answer Resolver picks and
 * the forwarded path (config/reachability/dns.ts). Registered as the sections' describers on import.
 */
import { DnsIntentsConfig, EnvironmentConfig, IntentsConfig } from "../config";
import { traceDnsIntents } from "../config/reachability/dns";
import { formatPorts } from "../config/reachability/intents";
import { traceIntents } from "../config/reachability/trace";
import { defineDescriber, registerSectionDescriber } from "./ux-describe-sections";

export interface IntentSummary {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly protocol: string;
  readonly ports: string;
  readonly verified: boolean;
  /** AZ pairs traced (× 2 directions). */
  readonly azPairs: number;
  readonly failures: string[];
  readonly paths: Array<{ fromAz: string; toAz: string; forward: string[]; back: string[] }>;
}

const target = (to: IntentsConfig[string]["to"]) =>
  typeof to === "string" ? to : "internet" in to ? `${to.internet} (public side)` : `endpoint ${to.endpoint}`;

export const intentsHopDescriber = defineDescriber({
  title: "reachability intents (verified before synth, hop by hop)",
  summarize(section: IntentsConfig, env: EnvironmentConfig): IntentSummary[] {
    const traces = traceIntents(env);
    return Object.entries(section ?? {}).map(([name, i]) => {
      const t = traces[name];
      const pairs = t?.pairs ?? [];
      const shown = [...new Set(pairs.map((p) => p.fromAz))].map(
        (az) =>
          pairs.find((p) => p.fromAz === az && p.toAz.slice(-1) === az.slice(-1)) ??
          pairs.find((p) => p.fromAz === az)!,
      );
      return {
        name,
        from: i.from,
        to: target(i.to),
        kind: t?.intent.kind ?? "-",
        protocol: i.protocol,
        ports: t ? formatPorts(t.intent.ports) : "-",
        verified: !!t && t.failures.length === 0,
        azPairs: pairs.length,
        failures: (t?.failures ?? []).map((f) => `${f.message} (fix: ${f.fix})`),
        paths: shown.map((p) => ({
          fromAz: p.fromAz,
          toAz: p.toAz,
          forward: [...p.forward.hops],
          back: [...(p.back?.hops ?? [])],
        })),
      };
    });
  },
  render(rows) {
    const out: string[] = [];
    for (const r of rows) {
      out.push(
        `${r.name}: ${r.from} → ${r.to}, ${r.protocol.toUpperCase()} ${r.ports} — ${r.verified ? `verified (${r.azPairs} AZ pair${r.azPairs === 1 ? "" : "s"}, both directions)` : "BROKEN"}`,
      );
      for (const f of r.failures) out.push(`  ✗ ${f}`);
      for (const p of r.paths) {
        out.push(`  ${p.fromAz} → ${p.toAz}:`);
        p.forward.forEach((h, k) => out.push(`    ${k === 0 ? "→" : " "} ${h}`));
        p.back.forEach((h, k) => out.push(`    ${k === 0 ? "←" : " "} ${h}`));
      }
      out.push("");
    }
    return out;
  },
});

registerSectionDescriber("intents", intentsHopDescriber);

export const dnsIntentsDescriber = defineDescriber({
  title: "DNS intents (verified before synth, hop by hop)",
  summarize(section: DnsIntentsConfig, env: EnvironmentConfig) {
    const traces = traceDnsIntents(env);
    return Object.entries(section ?? {}).map(([name, d]) => ({
      name,
      from: d.from,
      resolves: d.resolves,
      verified: !!traces[name] && traces[name].failures.length === 0,
      failures: (traces[name]?.failures ?? []).map((f) => `${f.message} (fix: ${f.fix})`),
      hops: [...(traces[name]?.hops ?? [])],
    }));
  },
  render(rows) {
    return rows.flatMap((r) => [
      `${r.name}: ${r.from} resolves ${r.resolves} — ${r.verified ? "verified" : "BROKEN"}`,
      ...r.failures.map((f) => `  ✗ ${f}`),
      ...r.hops.map((h, k) => `    ${k === 0 ? "→" : " "} ${h}`),
      "",
    ]);
  },
});

registerSectionDescriber("dnsIntents", dnsIntentsDescriber);
