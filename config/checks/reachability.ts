import { isGatewayServiceKey, isInterfaceServiceKey } from "@multicloud-platform/modules/privatelink";
import { Problems, referenceFix } from "../problems";
import { splitRef } from "../reachability/intents";
import { routingPlan } from "../reachability/plan";
import { sourceAddressCheck } from "../reachability/source-address";
import { traceIntents } from "../reachability/trace";
import { EnvironmentConfig, IntentConfig } from "../schema";
import { hasOwn, own } from "../lookup";

/**
 * Reachability intents: references (`<vpc>/<tier>`, endpoints, Glue data stores), ports, and then the path of
 * every intent through the network model in both directions per AZ pair (config/reachability/trace.ts), and the
 * source address the flow arrives with against what the destination admits (source-address.ts). A broken intent
 * stops synth at `intents.<name>` with the explanation and the config change that fixes it.
 */
export function checkReachability(cfg: EnvironmentConfig, p: Problems): void {
  const intents = cfg.intents ?? {};
  const refsOk = new Set<string>();
  for (const [name, intent] of Object.entries(intents)) {
    if (checkRefs(cfg, name, intent, p)) refsOk.add(name);
  }
  const plan = routingPlan(cfg);
  const traces = traceIntents(cfg, plan);
  // Traced paths can still deliver packets from an address the destination rejects (source-address.ts).
  const sources = sourceAddressCheck(cfg, traces, plan);
  for (const [name, t] of Object.entries(traces)) {
    if (!refsOk.has(name)) continue;
    for (const f of [...t.failures, ...sources[name]]) p.add(`intents.${name}`, undefined, f.message, f.fix);
  }
}

function tierRef(cfg: EnvironmentConfig, ref: string, at: string, p: Problems, external = false): boolean {
  if (external && hasOwn(cfg.network.externalNetworks, ref)) return true;
  const parts = splitRef(ref);
  if (!parts) {
    const names = Object.keys(cfg.network.externalNetworks);
    p.add(
      at,
      ref,
      external && names.length
        ? `is neither of the form "<vpc>/<tier>" nor an external network`
        : 'is not of the form "<vpc>/<tier>"',
      external && names.length
        ? `write e.g. "ml/private", or one of the external networks (network.externalNetworks): ${names.join(", ")}`
        : 'write e.g. "ml/private"',
    );
    return false;
  }
  const [vpcName, tier] = parts;
  const vpc = own(cfg.network.vpcs, vpcName);
  if (!vpc) {
    p.add(
      at,
      ref,
      `names VPC ${vpcName}, which is not a known VPC`,
      referenceFix("VPCs", "network.vpcs", vpcName, Object.keys(cfg.network.vpcs)),
    );
    return false;
  }
  const tiers = Object.keys(vpc.subnets);
  if (!tiers.includes(tier)) {
    p.add(
      at,
      ref,
      `names tier ${tier}, which is not a subnet tier of VPC ${vpcName}`,
      referenceFix("tiers", `network.vpcs.${vpcName}.subnets`, tier, tiers),
    );
    return false;
  }
  return true;
}

function checkRefs(cfg: EnvironmentConfig, name: string, i: IntentConfig, p: Problems): boolean {
  const at = `intents.${name}`;
  const externals = cfg.network.externalNetworks;
  let ok = tierRef(cfg, i.from, `${at}.from`, p, true);
  if (hasOwn(externals, i.from) && (typeof i.to !== "string" || hasOwn(externals, i.to))) {
    p.add(
      `${at}.to`,
      i.to,
      `must be "<vpc>/<tier>" of one of our VPCs when the flow starts in external network ${i.from}`,
      "start flows to endpoints or the internet in our own VPCs; flows between two partners are not ours to prove",
    );
    ok = false;
  }
  if (typeof i.to === "string") ok = tierRef(cfg, i.to, `${at}.to`, p, true) && ok;
  else if ("internet" in i.to) ok = tierRef(cfg, i.to.internet, `${at}.to.internet`, p) && ok;
  else {
    const ep = `${at}.to.endpoint`;
    const parts = splitRef(i.to.endpoint);
    const vpc = parts ? own(cfg.network.vpcs, parts[0]) : undefined;
    if (!parts) {
      p.add(
        ep,
        i.to.endpoint,
        'is not of the form "<vpc>/<service key>"',
        'write e.g. "ml/sts" or "ingest/s3"',
      );
      ok = false;
    } else if (!vpc) {
      p.add(
        ep,
        i.to.endpoint,
        `names VPC ${parts[0]}, which is not a known VPC`,
        referenceFix("VPCs", "network.vpcs", parts[0], Object.keys(cfg.network.vpcs)),
      );
      ok = false;
    } else {
      const declared = [...(vpc.endpoints?.interface ?? []), ...(vpc.endpoints?.gateway ?? [])];
      if (!declared.includes(parts[1])) {
        const known = isInterfaceServiceKey(parts[1]) || isGatewayServiceKey(parts[1]);
        p.add(
          ep,
          i.to.endpoint,
          `names endpoint ${parts[1]}, which VPC ${parts[0]} does not have`,
          known
            ? `add "${parts[1]}" to network.vpcs.${parts[0]}.endpoints.${isGatewayServiceKey(parts[1]) ? "gateway" : "interface"}`
            : referenceFix("endpoints", `network.vpcs.${parts[0]}.endpoints`, parts[1], declared),
        );
        ok = false;
      }
    }
  }
  i.ports.forEach((port, k) => {
    const pp = `${at}.ports[${k}]`;
    const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
    if (typeof port === "number") {
      if (!valid(port)) {
        p.add(pp, port, "is not a port", "use 1-65535");
        ok = false;
      }
    } else if (!valid(port.from) || !valid(port.to) || port.from > port.to) {
      p.add(pp, port, "is not a port range", "use { from, to } with 1 ≤ from ≤ to ≤ 65535");
      ok = false;
    }
  });
  if (
    i.glueDataStore !== undefined &&
    (hasOwn(externals, i.from) || (typeof i.to === "string" && hasOwn(externals, i.to)))
  ) {
    p.add(
      `${at}.glueDataStore`,
      i.glueDataStore,
      "is set on a flow with an external network at one end",
      "remove glueDataStore (the Glue data store's group admits only the Glue VPC's NAT addresses)",
    );
    ok = false;
  } else if (i.glueDataStore !== undefined) {
    const conns = cfg.ingest?.glue?.connections ?? {};
    const conn = own(conns, i.glueDataStore);
    const dp = `${at}.glueDataStore`;
    if (!conn) {
      p.add(
        dp,
        i.glueDataStore,
        "is not a Glue connection",
        referenceFix("Glue connections", "ingest.glue.connections", i.glueDataStore, Object.keys(conns)),
      );
      ok = false;
    } else if (!conn.dataStore) {
      p.add(
        dp,
        i.glueDataStore,
        "is a Glue connection without a dataStore",
        `add ingest.glue.connections.${i.glueDataStore}.dataStore, or remove glueDataStore`,
      );
      ok = false;
    } else {
      const toRef = typeof i.to === "string" ? i.to : "internet" in i.to ? i.to.internet : i.to.endpoint;
      const toVpc = splitRef(toRef)?.[0];
      if (toVpc !== undefined && toVpc !== conn.dataStore.vpc) {
        p.add(
          dp,
          i.glueDataStore,
          `is a data store in VPC ${conn.dataStore.vpc}, but the intent goes to ${toVpc}`,
          `point to at ${conn.dataStore.vpc}, or name the right connection`,
        );
        ok = false;
      }
    }
  }
  return ok;
}
