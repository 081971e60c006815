/**
 * `npm run describe -- <env> [--json]`: what one environment provisions, from its config and an in-memory
 * synth (nothing is written): stacks with resource counts, accounts and regions, VPCs, connections
 * (peerings, transit gateways, TGW peerings, endpoints) and every component section. `--json` prints the same
 * summary as JSON with a fixed key order.
 */
import { EnvironmentConfig } from "../config";
import { ComponentStack } from "../stacks";
// Registers the hop-by-hop describers of the reachability `intents` and `dnsIntents` sections and of `ml`.
import "./describe-intents";
import { SECTION_DESCRIBERS, genericDescriber } from "./ux-describe-sections";
import { buildInMemory, knownEnvironments, requireEnvironment, runMain } from "./ux-environment";
import { progress, step } from "./ux-progress";
import { list, table } from "./ux-table";

/** Top-level config keys shown by the fixed part of the summary (everything else is a component section). */
const CORE_KEYS = ["name", "stage", "tags", "backend", "accounts", "policy", "network"];
const TOP_TYPES = 10;

interface TypeCount {
  readonly type: string;
  readonly count: number;
}

function countTypes(resources: Record<string, Record<string, unknown>> | undefined): TypeCount[] {
  return Object.entries(resources ?? {})
    .map(([type, byName]) => ({ type, count: Object.keys(byName).length }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/** Accounts (config names) → regions they are used in, from every section that names an account and region. */
function accountRegions(env: EnvironmentConfig): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const add = (account: string | undefined, region: string | undefined) => {
    if (!account || !region) return;
    if (!used.has(account)) used.set(account, new Set());
    used.get(account)!.add(region);
  };
  for (const v of Object.values(env.network.vpcs)) add(v.account, v.region);
  for (const t of Object.values(env.network.transitGateways)) add(t.account, t.region);
  // Component sections: any object with `account`/`region` (or producer/consumer accounts) at any depth.
  const visit = (o: unknown, region?: string) => {
    if (typeof o !== "object" || o === null) return;
    const r = o as Record<string, unknown>;
    const here = typeof r.region === "string" ? r.region : region;
    for (const k of ["account", "producerAccount", "consumerAccount"])
      if (typeof r[k] === "string") add(r[k] as string, here);
    if (typeof r.vpc === "string" && env.network.vpcs[r.vpc]) {
      const vpc = env.network.vpcs[r.vpc];
      add(typeof r.account === "string" ? (r.account as string) : vpc.account, vpc.region);
    }
    for (const v of Object.values(r)) visit(v, here);
  };
  for (const [key, section] of Object.entries(env)) if (!CORE_KEYS.includes(key)) visit(section);
  return used;
}

function dnsFlags(requester: boolean, accepter: boolean): string {
  if (requester && accepter) return "both";
  if (requester) return "requester";
  if (accepter) return "accepter";
  return "off";
}

/** The summary of one environment; plain data with a fixed key order (the `--json` output). */
export function describeEnvironment(name: string) {
  const built = step("describe", `building environment ${name} in memory`, () => buildInMemory(name));
  const { env } = built;
  const stacks = step("describe", `resolving ${built.stacks.length} stack(s)`, () => {
    // What app.synth() does before writing: resolves cross-stack references (outputs + remote state).
    built.stacks.forEach((s) => s.prepareStack());
    return built.stacks.map((s: ComponentStack) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const json = s.toTerraform() as any;
      const types = countTypes(json.resource);
      const providers = Object.entries<Array<{ alias?: string }>>(json.provider ?? {}).flatMap(([p, cfgs]) =>
        cfgs.map((c) => `${p}:${c.alias ?? "default"}`),
      );
      return {
        id: s.node.id,
        component: s.component,
        resources: types.reduce((n, t) => n + t.count, 0),
        providers: providers.sort(),
        dependsOn: s.dependencies.map((d) => d.node.id).sort(),
        crossStackInputs: Object.keys(json.data?.terraform_remote_state ?? {}).length > 0,
        topResourceTypes: types.slice(0, 5),
        resourceTypes: types,
      };
    });
  });
  const allTypes = new Map<string, number>();
  for (const s of stacks)
    for (const t of s.resourceTypes) allTypes.set(t.type, (allTypes.get(t.type) ?? 0) + t.count);
  const regionsOf = accountRegions(env);
  const net = env.network;
  const vpcAccount = (vpc: string) => net.vpcs[vpc]?.account;
  const vpcRegion = (vpc: string) => net.vpcs[vpc]?.region;
  const tgwOf = (tgw: string) => net.transitGateways[tgw];

  const sections: Record<string, unknown> = {};
  for (const [key, section] of Object.entries(env)) {
    if (CORE_KEYS.includes(key) || section === undefined) continue;
    sections[key] = (SECTION_DESCRIBERS[key] ?? genericDescriber).summarize(section, env);
  }

  return {
    environment: env.name,
    stage: env.stage,
    backend: env.backend.type,
    totals: {
      stacks: stacks.length,
      resources: stacks.reduce((n, s) => n + s.resources, 0),
      accounts: Object.keys(env.accounts).length,
      regions: [...new Set([...regionsOf.values()].flatMap((r) => [...r]))].sort(),
      vpcs: Object.keys(net.vpcs).length,
    },
    stacks: stacks.map(({ resourceTypes: _all, ...s }) => s),
    resourceTypes: [...allTypes.entries()]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    accounts: Object.entries(env.accounts).map(([acct, a]) => ({
      name: acct,
      id: a.id,
      regions: [...(regionsOf.get(acct) ?? [])].sort(),
      description: a.description ?? null,
    })),
    vpcs: Object.entries(net.vpcs).map(([vpc, v]) => ({
      name: vpc,
      account: v.account,
      region: v.region,
      cidr: v.cidr,
      azs: [...v.azs],
      natGateways: v.natGateways,
      tiers: Object.entries(v.subnets).map(([tier, byAz]) => ({
        tier,
        subnets: Object.entries(byAz).map(([az, cidr]) => ({ az, cidr })),
      })),
    })),
    connections: {
      peerings: Object.entries(net.peerings).map(([p, c]) => ({
        name: p,
        requester: c.requester,
        accepter: c.accepter,
        crossAccount: vpcAccount(c.requester) !== vpcAccount(c.accepter),
        crossRegion: vpcRegion(c.requester) !== vpcRegion(c.accepter),
        dns: {
          requester: c.allowRemoteVpcDnsResolution.requester,
          accepter: c.allowRemoteVpcDnsResolution.accepter,
        },
        routeTiers: { requester: [...c.routeTiers.requester], accepter: [...c.routeTiers.accepter] },
      })),
      transitGateways: Object.entries(net.transitGateways).map(([t, c]) => ({
        name: t,
        account: c.account,
        region: c.region,
        amazonSideAsn: c.amazonSideAsn,
        routeTables: [...c.routeTables],
        sharedWith: [...c.shareWith],
        attachments: Object.entries(c.attachments).map(([vpc, a]) => ({
          vpc,
          subnetTier: a.subnetTier,
          associateWith: a.associateWith,
          propagateTo: [...a.propagateTo],
          vpcRoutes: [...a.routeCidrs],
        })),
        staticRoutes: c.staticRoutes.map((r) => ({
          routeTable: r.routeTable,
          cidr: r.cidr,
          target: r.blackhole ? "blackhole" : (r.target ?? null),
        })),
        sharedWithExternal: [...c.shareWithExternal],
        externalAttachments: Object.entries(c.externalAttachments).map(([a, x]) => ({
          name: a,
          network: x.network,
          kind: x.kind,
          attachmentId: x.attachmentId,
          associateWith: x.associateWith,
        })),
      })),
      tgwPeerings: Object.entries(net.tgwPeerings).map(([p, c]) => ({
        name: p,
        requester: c.requester,
        accepter: c.accepter,
        crossAccount: tgwOf(c.requester)?.account !== tgwOf(c.accepter)?.account,
        crossRegion: tgwOf(c.requester)?.region !== tgwOf(c.accepter)?.region,
        routeTables: { requester: c.routeTables.requester, accepter: c.routeTables.accepter },
      })),
      externalNetworks: Object.entries(net.externalNetworks).map(([n, x]) => ({
        name: n,
        accountId: x.accountId,
        region: x.region,
        vpcId: x.vpcId ?? null,
        transitGatewayId: x.transitGatewayId ?? null,
        cidrs: [...x.cidrs],
        dnsServers: [...x.dnsServers],
      })),
      externalPeerings: Object.entries(net.externalPeerings).map(([n, x]) => ({
        name: n,
        network: x.network,
        vpc: x.vpc,
        role: x.role,
        peeringConnectionId: x.peeringConnectionId ?? null,
        routeTiers: [...x.routeTiers],
        allowRemoteVpcDnsResolution: x.allowRemoteVpcDnsResolution,
      })),
      privateZones: Object.entries(net.privateZones).map(([n, z]) => ({
        name: n,
        domain: z.domain,
        account: z.account,
        vpcs: [...z.vpcs],
        externalNetworks: [...z.externalNetworks],
      })),
      resolvers: Object.entries(net.resolvers).map(([n, r]) => ({
        name: n,
        vpc: r.vpc,
        subnetTier: r.subnetTier,
        inboundIps: Object.values(r.inbound?.ips ?? {}),
        inboundAllowsExternal: [...(r.inbound?.allowExternal ?? [])],
        outbound: r.outbound,
        rules: Object.entries(r.rules).map(([rn, rule]) => ({
          name: rn,
          domain: rule.domain,
          forwardTo: rule.forwardTo === "inbound" ? "inbound" : `external ${rule.forwardTo.external}`,
          vpcs: [...rule.vpcs],
          shareWithExternal: [...rule.shareWithExternal],
        })),
      })),
      endpoints: Object.entries(net.vpcs)
        .filter(([, v]) => v.endpoints)
        .map(([vpc, v]) => ({
          vpc,
          gateway: [...v.endpoints!.gateway],
          interface: [...v.endpoints!.interface],
          subnetTier: v.endpoints!.subnetTier,
          routeTiers: [...v.endpoints!.routeTiers],
        })),
    },
    sections,
  };
}

export type EnvironmentSummary = ReturnType<typeof describeEnvironment>;

/** The terminal form: a heading and aligned tables. */
export function renderSummary(s: EnvironmentSummary): string {
  const c = s.connections;
  const scope = (crossAccount: boolean, crossRegion: boolean) =>
    [crossAccount ? "cross-account" : "same account", crossRegion ? "cross-region" : "same region"].join(
      ", ",
    );
  const lines: string[] = [
    `Environment ${s.environment} (stage ${s.stage}, backend ${s.backend}): ${s.totals.stacks} stacks, ` +
      `${s.totals.resources} resources, ${s.totals.accounts} accounts, regions ${list(s.totals.regions)}, ${s.totals.vpcs} VPCs`,
    "",
    ...table(
      "STACKS",
      ["stack", "resources", "depends on", "providers (<type>:<account>-<region>)", "top resource types"],
      s.stacks.map((st) => [
        st.id,
        st.resources,
        list(st.dependsOn),
        list(st.providers),
        st.topResourceTypes
          .slice(0, 3)
          .map((t) => `${t.type} ${t.count}`)
          .join(", "),
      ]),
    ),
    ...table(
      `RESOURCE TYPES (top ${Math.min(TOP_TYPES, s.resourceTypes.length)} of ${s.resourceTypes.length})`,
      ["type", "count"],
      s.resourceTypes.slice(0, TOP_TYPES).map((t) => [t.type, t.count]),
    ),
    ...table(
      "ACCOUNTS",
      ["account", "id", "regions", "description"],
      s.accounts.map((a) => [a.name, a.id, list(a.regions), a.description]),
    ),
    ...table(
      "VPCS",
      ["vpc", "account", "region", "cidr", "azs", "nat", "subnet tiers (cidrs)"],
      s.vpcs.map((v) => [
        v.name,
        v.account,
        v.region,
        v.cidr,
        list(v.azs),
        v.natGateways,
        v.tiers.map((t) => `${t.tier} ${t.subnets.map((x) => x.cidr).join(" ")}`).join("; "),
      ]),
    ),
    ...table(
      "VPC PEERINGS",
      ["peering", "requester", "accepter", "scope", "remote DNS", "routed tiers (req / acc)"],
      c.peerings.map((p) => [
        p.name,
        p.requester,
        p.accepter,
        scope(p.crossAccount, p.crossRegion),
        dnsFlags(p.dns.requester, p.dns.accepter),
        `${list(p.routeTiers.requester)} / ${list(p.routeTiers.accepter)}`,
      ]),
    ),
    ...table(
      "TRANSIT GATEWAYS",
      ["tgw", "account", "region", "asn", "route tables", "shared with (RAM)"],
      c.transitGateways.map((t) => [
        t.name,
        t.account,
        t.region,
        t.amazonSideAsn,
        list(t.routeTables),
        list(t.sharedWith),
      ]),
    ),
    ...table(
      "TGW ATTACHMENTS",
      ["tgw", "vpc", "subnet tier", "associated with", "propagates to", "vpc routes to tgw"],
      c.transitGateways.flatMap((t) =>
        t.attachments.map((a) => [
          t.name,
          a.vpc,
          a.subnetTier,
          a.associateWith,
          list(a.propagateTo),
          list(a.vpcRoutes),
        ]),
      ),
    ),
    ...table(
      "TGW STATIC ROUTES",
      ["tgw", "route table", "cidr", "target"],
      c.transitGateways.flatMap((t) => t.staticRoutes.map((r) => [t.name, r.routeTable, r.cidr, r.target])),
    ),
    ...table(
      "TGW PEERINGS",
      ["peering", "requester", "accepter", "scope", "route tables (req / acc)"],
      c.tgwPeerings.map((p) => [
        p.name,
        p.requester,
        p.accepter,
        scope(p.crossAccount, p.crossRegion),
        `${p.routeTables.requester} / ${p.routeTables.accepter}`,
      ]),
    ),
    ...table(
      "EXTERNAL NETWORKS (not ours)",
      ["network", "account", "region", "vpc", "tgw", "cidrs", "dns servers"],
      c.externalNetworks.map((x) => [
        x.name,
        x.accountId,
        x.region,
        x.vpcId,
        x.transitGatewayId,
        list(x.cidrs),
        list(x.dnsServers),
      ]),
    ),
    ...table(
      "PARTNER PEERINGS",
      ["peering", "network", "our vpc", "we are", "pcx", "routed tiers", "our DNS option"],
      c.externalPeerings.map((x) => [
        x.name,
        x.network,
        x.vpc,
        x.role,
        x.peeringConnectionId ?? "(ours, after apply)",
        list(x.routeTiers),
        x.allowRemoteVpcDnsResolution ? "on" : "off",
      ]),
    ),
    ...table(
      "TGW PARTNER ATTACHMENTS",
      ["tgw", "attachment", "network", "kind", "id", "associated with", "shared by RAM"],
      c.transitGateways.flatMap((t) =>
        t.externalAttachments.map((a) => [
          t.name,
          a.name,
          a.network,
          a.kind,
          a.attachmentId,
          a.associateWith,
          t.sharedWithExternal.includes(a.network) ? "yes (external principals)" : "no",
        ]),
      ),
    ),
    ...table(
      "PRIVATE ZONES",
      ["zone", "domain", "owner", "vpcs (first: created with)", "partner vpcs (authorized)"],
      c.privateZones.map((z) => [z.name, z.domain, z.account, list(z.vpcs), list(z.externalNetworks)]),
    ),
    ...table(
      "RESOLVER RULES",
      ["resolver", "endpoints", "rule", "domain", "forwards to", "vpcs", "shared with partners"],
      c.resolvers.flatMap((r) =>
        (r.rules.length ? r.rules : [undefined]).map((rule) => [
          r.name,
          `${r.vpc}/${r.subnetTier}: inbound ${list(r.inboundIps) || "none"}${r.outbound ? ", outbound" : ""}`,
          rule?.name ?? null,
          rule?.domain ?? null,
          rule?.forwardTo ?? null,
          rule ? list(rule.vpcs) : null,
          rule ? list(rule.shareWithExternal) : null,
        ]),
      ),
    ),
    ...table(
      "VPC ENDPOINTS",
      ["vpc", "gateway", "interface", "interface tier", "gateway route tiers"],
      c.endpoints.map((e) => [e.vpc, list(e.gateway), list(e.interface), e.subnetTier, list(e.routeTiers)]),
    ),
  ];
  for (const [key, summary] of Object.entries(s.sections)) {
    const d = SECTION_DESCRIBERS[key] ?? genericDescriber;
    lines.push(d.title ? `== ${key}: ${d.title} ==` : `== ${key} ==`, ...d.render(summary));
    if (lines[lines.length - 1] !== "") lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

const USAGE = "npm run describe -- <env>   |   npm run -s describe -- <env> --json";

export function main(argv: readonly string[]): number {
  const json = argv.includes("--json");
  const unknownFlags = argv.filter((a) => a.startsWith("-") && a !== "--json");
  const positional = argv.filter((a) => !a.startsWith("-"));
  if (unknownFlags.length || positional.length > 1)
    requireEnvironment(
      undefined,
      `${USAGE} (unexpected: ${[...unknownFlags, ...positional.slice(1)].join(" ")})`,
    );
  const name = requireEnvironment(positional[0], USAGE);
  progress("describe", `environment ${name} (known: ${knownEnvironments().join(", ")})`);
  const summary = describeEnvironment(name);
  process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
  return 0;
}

if (require.main === module) runMain(() => main(process.argv.slice(2)));
