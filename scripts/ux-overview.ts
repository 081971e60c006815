/**
 * The overview diagram of an environment as Mermaid flowchart source, from its config only (pure, like
 * ux-diagram.ts). It answers "what is where and what talks to what" on one screen: accounts × regions with
 * their VPCs (name, CIDR) and transit gateways, the connections between them (peerings, TGW attachments, TGW
 * peerings), networks outside the environment, and the reachability intents as arrows with their ports.
 * Everything else (tiers, endpoints, workloads, data flows, identities) is in the detailed diagram beside it.
 */
import { EnvironmentConfig } from "../config";

const id = (...parts: string[]) => parts.join("__").replace(/[^A-Za-z0-9_]/g, "_");
const clean = (s: string) => s.replace(/["[\]{}|<>*~`#;]/g, "").trim();
const label = (...lines: string[]) => `"${lines.map(clean).join("<br/>")}"`;

type Port = EnvironmentConfig["intents"] extends infer I
  ? I extends Record<string, { ports: Array<infer P> }>
    ? P
    : never
  : never;
const ports = (list: readonly Port[]) =>
  list.map((p) => (typeof p === "number" ? `${p}` : `${p.from}-${p.to}`)).join(", ");

/** The VPC part of `<vpc>/<tier>` or `<vpc>/<service>`. */
const vpcOf = (ref: string) => ref.split("/")[0];

/** Colours of the overview (the detailed diagram's palette; intents in the identity pink, so they stand out). */
const STYLES = {
  vpc: "fill:#eff6ff,stroke:#3b82f6",
  tgw: "fill:#fff7ed,stroke:#f97316",
  external: "fill:#f4f4f5,stroke:#71717a",
};
const INTENT_EDGE = "stroke:#db2777,stroke-width:1.5px";

/** Mermaid source of one environment's overview. Deterministic: same config, same text. */
export function overviewOf(env: EnvironmentConfig, source = `config/environments/${env.name}.ts`): string {
  const net = env.network;
  const lines: string[] = [];
  const edges: string[] = [];
  const intentEdges: number[] = [];
  const classes: Record<keyof typeof STYLES, string[]> = { vpc: [], tgw: [], external: [] };
  /** Endpoint intents stay inside their VPC: listed on the VPC's node instead of drawn as a loop. */
  const local = new Map<string, string[]>();

  // Networks we do not own: one node each, outside the accounts; intents name them instead of "<vpc>/<tier>".
  const external = (ref: string) => Object.hasOwn(net.externalNetworks, ref);
  const node = (ref: string) => (external(ref) ? id("ext", ref) : id("vpc", vpcOf(ref)));
  const intents = Object.entries(env.intents ?? {});
  for (const [name, intent] of intents) {
    const from = vpcOf(intent.from);
    const to = intent.to;
    const p = ports(intent.ports);
    if (typeof to === "object" && "endpoint" in to) {
      const list = local.get(from) ?? [];
      list.push(`${name}: ${to.endpoint.split("/")[1]} endpoint ${p}`);
      local.set(from, list);
      continue;
    }
    const target = typeof to === "string" ? to : to.internet;
    const via = typeof to === "object" ? " via internet" : "";
    intentEdges.push(edges.length);
    edges.push(`${node(intent.from)} -.->|${label(name, `${p}${via}`)}| ${node(target)}`);
  }

  // Accounts (config order) → regions (sorted) → VPCs and TGWs.
  for (const [account, acct] of Object.entries(env.accounts)) {
    const inAccount = (x: { account: string }) => x.account === account;
    const vpcs = Object.entries(net.vpcs).filter(([, v]) => inAccount(v));
    const tgws = Object.entries(net.transitGateways).filter(([, t]) => inAccount(t));
    const regions = [...new Set([...vpcs, ...tgws].map(([, x]) => x.region))].sort();
    if (!regions.length) continue;
    lines.push(`  subgraph ${id("acct", account)} [${label(`${account} · ${acct.id}`)}]`);
    for (const region of regions) {
      lines.push(`    subgraph ${id("region", account, region)} [${label(region)}]`);
      for (const [name, vpc] of vpcs.filter(([, v]) => v.region === region)) {
        const summary = `${vpc.cidr} · ${vpc.azs.length} AZs`;
        lines.push(`      ${id("vpc", name)}[${label(`VPC ${name}`, summary, ...(local.get(name) ?? []))}]`);
        classes.vpc.push(id("vpc", name));
      }
      for (const [name, tgw] of tgws.filter(([, t]) => t.region === region)) {
        lines.push(`      ${id("tgw", name)}{{${label(`TGW ${name}`, `ASN ${tgw.amazonSideAsn}`)}}}`);
        classes.tgw.push(id("tgw", name));
      }
      lines.push("    end");
    }
    lines.push("  end");
  }

  for (const [name, x] of Object.entries(net.externalNetworks)) {
    lines.push(
      `  ${id("ext", name)}>${label(`partner network ${name}`, `account ${x.accountId}`, x.cidrs.join(", "))}]`,
    );
    classes.external.push(id("ext", name));
  }

  const connections: string[] = [];
  for (const [name, p] of Object.entries(net.peerings))
    connections.push(`${id("vpc", p.requester)} <-->|${label("peering", name)}| ${id("vpc", p.accepter)}`);
  for (const [name, tgw] of Object.entries(net.transitGateways))
    for (const vpc of Object.keys(tgw.attachments))
      connections.push(`${id("vpc", vpc)} --- ${id("tgw", name)}`);
  for (const [name, p] of Object.entries(net.tgwPeerings))
    connections.push(
      `${id("tgw", p.requester)} <==>|${label("TGW peering", name)}| ${id("tgw", p.accepter)}`,
    );
  for (const [name, p] of Object.entries(net.externalPeerings))
    connections.push(`${id("vpc", p.vpc)} <-->|${label("peering", name)}| ${id("ext", p.network)}`);
  for (const [tgwName, tgw] of Object.entries(net.transitGateways))
    for (const [name, a] of Object.entries(tgw.externalAttachments))
      connections.push(
        `${id("tgw", tgwName)} <==>|${label(a.kind === "peering" ? "TGW peering" : "VPC attachment", name)}| ${id("ext", a.network)}`,
      );

  const all = [...connections, ...edges];
  const offset = connections.length;
  return [
    `%% ${env.name}: overview generated from ${source} by \`npm run diagrams\`. Do not edit by hand.`,
    `%% The detailed diagram is ${env.name}.mmd / ${env.name}.svg next to this file.`,
    "flowchart TB",
    ...lines,
    ...all.map((e) => `  ${e}`),
    ...(intentEdges.length
      ? [`  linkStyle ${intentEdges.map((i) => i + offset).join(",")} ${INTENT_EDGE}`]
      : []),
    ...Object.entries(STYLES)
      .filter(([cls]) => classes[cls as keyof typeof STYLES].length)
      .flatMap(([cls, style]) => [
        `  classDef ${cls} ${style}`,
        `  class ${classes[cls as keyof typeof STYLES].join(",")} ${cls}`,
      ]),
    "",
  ].join("\n");
}
