/**
 * The topology diagram of an environment as Mermaid flowchart source, from its config only (pure: no cdktf,
 * no rendering, so the unit tests can compare it with the committed docs/diagrams/<env>.mmd in-process).
 *
 * Layout: accounts → regions → VPCs as nested subgraphs; inside a VPC its summary node (CIDR, AZs, tiers,
 * NAT), its endpoints and the workloads placed in it (Glue connections, EMR, data stores). Edges: VPC
 * peerings, TGW attachments, TGW peerings, and the data flows of the component sections that exist
 * (BigQuery → AppFlow → S3 / Glue catalog → Athena, Glue → remote store through NAT, EMR → catalog,
 * identities crossing account and cloud boundaries, SageMaker Studio → Redshift), networks we do not own with
 * their peerings and TGW attachments, private zones and Resolver rules.
 */
import { EnvironmentConfig } from "../config";

/** Top-level config keys the diagram draws (others are listed in a comment so nothing is silently dropped). */
const DRAWN = [
  "name",
  "stage",
  "tags",
  "backend",
  "accounts",
  "policy",
  "network",
  "identity",
  "bigquery",
  "ingest",
  "analytics",
  "ml",
];

/** A Mermaid-safe id: config names are lowercase kebab-case, so `-` → `_` is injective. */
const id = (...parts: string[]) => parts.join("__").replace(/[^A-Za-z0-9_]/g, "_");

/** A label line with the characters that end a Mermaid label (or start markdown) removed. */
const clean = (s: string) => s.replace(/["[\]{}|<>*~`#;]/g, "").trim();

/** A quoted multi-line label. */
const label = (...lines: Array<string | undefined | false>) =>
  `"${lines
    .filter((l): l is string => typeof l === "string" && l.length > 0)
    .map(clean)
    .join("<br/>")}"`;

/** `a, b, c` wrapped `per` items a line. */
function wrap(items: readonly string[], per: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per).join(", "));
  return out;
}

class Tree {
  /** account → region → statements (nodes and VPC subgraphs). */
  private readonly regions = new Map<string, Map<string, string[]>>();
  /** vpc name → statements inside its subgraph. */
  readonly vpcBodies = new Map<string, string[]>();

  add(account: string, region: string, statement: string): void {
    if (!this.regions.has(account)) this.regions.set(account, new Map());
    const byRegion = this.regions.get(account)!;
    if (!byRegion.has(region)) byRegion.set(region, []);
    byRegion.get(region)!.push(statement);
  }

  addToVpc(vpc: string, statement: string): void {
    this.vpcBodies.get(vpc)!.push(statement);
  }

  render(env: EnvironmentConfig, indent: string): string[] {
    const out: string[] = [];
    // Accounts in config order; regions sorted.
    for (const [account, acct] of Object.entries(env.accounts)) {
      const byRegion = this.regions.get(account);
      if (!byRegion) continue;
      out.push(`${indent}subgraph ${id("acct", account)} [${label(`account ${account} · ${acct.id}`)}]`);
      for (const region of [...byRegion.keys()].sort()) {
        out.push(`${indent}  subgraph ${id("region", account, region)} [${label(region)}]`);
        for (const s of byRegion.get(region)!) {
          if (s.startsWith("vpc:")) {
            const vpc = s.slice(4);
            out.push(`${indent}    subgraph ${id("vpcg", vpc)} [${label(`VPC ${vpc}`)}]`);
            for (const b of this.vpcBodies.get(vpc)!) out.push(`${indent}      ${b}`);
            out.push(`${indent}    end`);
          } else out.push(`${indent}    ${s}`);
        }
        out.push(`${indent}  end`);
      }
      out.push(`${indent}end`);
    }
    return out;
  }
}

function scope(crossAccount: boolean, crossRegion: boolean): string {
  return [crossAccount ? "cross-account" : "same account", crossRegion ? "cross-region" : "same region"].join(
    " · ",
  );
}

function dns(requester: boolean, accepter: boolean): string {
  if (requester && accepter) return "DNS both sides";
  if (requester) return "DNS requester side";
  if (accepter) return "DNS accepter side";
  return "no remote DNS";
}

/** Mermaid flowchart source of one environment's topology. Deterministic: same config, same text. */
export function mermaidOf(env: EnvironmentConfig, source = `config/environments/${env.name}.ts`): string {
  const tree = new Tree();
  const edges: string[] = [];
  const outside: string[] = [];
  const classes = new Map<string, string[]>();
  const classify = (cls: string, nodeId: string) => {
    if (!classes.has(cls)) classes.set(cls, []);
    classes.get(cls)!.push(nodeId);
  };
  const net = env.network;

  // VPCs: a subgraph per VPC with its summary node and endpoints.
  for (const [name, vpc] of Object.entries(net.vpcs)) {
    tree.vpcBodies.set(name, []);
    tree.add(vpc.account, vpc.region, `vpc:${name}`);
    const n = id("vpc", name);
    tree.addToVpc(
      name,
      `${n}[${label(
        vpc.cidr,
        `${vpc.azs.length} AZs · NAT ${vpc.natGateways}`,
        `tiers: ${Object.keys(vpc.subnets).join(", ")}`,
      )}]`,
    );
    classify("vpc", n);
    const ep = vpc.endpoints;
    if (ep && (ep.gateway.length || ep.interface.length)) {
      const e = id("ep", name);
      tree.addToVpc(
        name,
        `${e}([${label(
          "endpoints",
          ep.gateway.length ? `gateway: ${ep.gateway.join(", ")}` : undefined,
          ...wrap(ep.interface, 3).map((l, i) => (i === 0 ? `interface: ${l}` : l)),
        )}])`,
      );
      classify("endpoint", e);
    }
  }

  // Transit gateways in their account/region; attachments as dotted links from the attached VPCs.
  for (const [name, tgw] of Object.entries(net.transitGateways)) {
    const t = id("tgw", name);
    const blackholes = tgw.staticRoutes.filter((r) => r.blackhole).length;
    tree.add(
      tgw.account,
      tgw.region,
      `${t}{{${label(
        `TGW ${name} · ASN ${tgw.amazonSideAsn}`,
        `route tables: ${tgw.routeTables.join(", ")}`,
        tgw.shareWith.length ? `RAM share: ${tgw.shareWith.join(", ")}` : undefined,
        tgw.staticRoutes.length
          ? `${tgw.staticRoutes.length} static routes${blackholes ? `, ${blackholes} blackhole` : ""}`
          : undefined,
      )}}}`,
    );
    classify("tgw", t);
    for (const [vpc, a] of Object.entries(tgw.attachments)) {
      const prop = a.propagateTo.length ? ` · prop ${a.propagateTo.join(", ")}` : "";
      edges.push(`${id("vpc", vpc)} -.-|${label(`attachment · assoc ${a.associateWith}${prop}`)}| ${t}`);
    }
  }

  for (const [name, p] of Object.entries(net.peerings)) {
    const r = net.vpcs[p.requester];
    const a = net.vpcs[p.accepter];
    if (!r || !a) continue;
    edges.push(
      `${id("vpc", p.requester)} <-->|${label(
        `peering ${name}`,
        scope(r.account !== a.account, r.region !== a.region),
        dns(p.allowRemoteVpcDnsResolution.requester, p.allowRemoteVpcDnsResolution.accepter),
      )}| ${id("vpc", p.accepter)}`,
    );
  }

  for (const [name, p] of Object.entries(net.tgwPeerings)) {
    const r = net.transitGateways[p.requester];
    const a = net.transitGateways[p.accepter];
    if (!r || !a) continue;
    edges.push(
      `${id("tgw", p.requester)} <==>|${label(
        `TGW peering ${name}`,
        scope(r.account !== a.account, r.region !== a.region),
      )}| ${id("tgw", p.accepter)}`,
    );
  }

  // Networks the platform does not own: outside every account, connected by peerings and TGW attachments.
  for (const [name, x] of Object.entries(net.externalNetworks)) {
    const n = id("ext_net", name);
    outside.push(
      `${n}>${label(`partner network ${name}`, `account ${x.accountId} · ${x.region}`, x.cidrs.join(", "))}]`,
    );
    classify("external", n);
  }
  for (const [name, p] of Object.entries(net.externalPeerings)) {
    if (!net.vpcs[p.vpc] || !net.externalNetworks[p.network]) continue;
    edges.push(
      `${id("vpc", p.vpc)} <-->|${label(`peering ${name}`, p.role === "accepter" ? "partner requested, we accept" : "we request, partner accepts", p.allowRemoteVpcDnsResolution ? "our DNS option on" : undefined)}| ${id("ext_net", p.network)}`,
    );
  }
  for (const [tgwName, tgw] of Object.entries(net.transitGateways))
    for (const [name, a] of Object.entries(tgw.externalAttachments)) {
      if (!net.externalNetworks[a.network]) continue;
      edges.push(
        `${id("tgw", tgwName)} <==>|${label(`${a.kind === "peering" ? "TGW peering" : "VPC attachment"} ${name}`, `accepted · assoc ${a.associateWith}`, tgw.shareWithExternal.includes(a.network) ? "RAM share, external principal" : undefined)}| ${id("ext_net", a.network)}`,
      );
    }

  // Names: private zones in their owner's account, associated with VPCs (and authorized for partners); Resolver
  // endpoints in their VPC, with the rules they forward for other VPCs.
  for (const [name, z] of Object.entries(net.privateZones)) {
    const first = net.vpcs[z.vpcs[0]];
    if (!first) continue;
    const n = id("zone", name);
    tree.add(z.account, first.region, `${n}[(${label(`private zone ${z.domain}`)})]`);
    classify("dns", n);
    for (const v of z.vpcs) if (net.vpcs[v]) edges.push(`${n} -.-|${label("associated")}| ${id("vpc", v)}`);
    for (const e of z.externalNetworks)
      if (net.externalNetworks[e])
        edges.push(`${n} -.-|${label("authorized, partner associates")}| ${id("ext_net", e)}`);
  }
  for (const [name, r] of Object.entries(net.resolvers)) {
    if (!net.vpcs[r.vpc]) continue;
    const n = id("resolver", name);
    tree.addToVpc(
      r.vpc,
      `${n}([${label(
        `Route 53 Resolver ${name}`,
        r.inbound ? `inbound ${Object.values(r.inbound.ips).join(", ")}` : undefined,
        r.outbound ? "outbound endpoint" : undefined,
      )}])`,
    );
    classify("dns", n);
    for (const [ruleName, rule] of Object.entries(r.rules)) {
      const to = rule.forwardTo === "inbound" ? "inbound endpoint" : `DNS of ${rule.forwardTo.external}`;
      for (const v of rule.vpcs)
        if (net.vpcs[v])
          edges.push(`${id("vpc", v)} -.->|${label(`rule ${ruleName}: ${rule.domain}`, `→ ${to}`)}| ${n}`);
      if (rule.forwardTo !== "inbound" && net.externalNetworks[rule.forwardTo.external])
        edges.push(
          `${n} -.->|${label(`forwards ${rule.domain}`)}| ${id("ext_net", rule.forwardTo.external)}`,
        );
    }
  }

  // Data flows: BigQuery (Google) → AppFlow → S3 + Glue catalog → Athena.
  const bq = env.bigquery;
  if (bq) {
    outside.push(
      `subgraph ${id("gcp")} [${label(`Google Cloud · project ${bq.projectId}`)}]`,
      `  ${id("bq")}[(${label(
        `BigQuery dataset ${bq.datasetId} · ${bq.location}`,
        ...wrap(Object.keys(bq.tables), 3).map((l, i) => (i === 0 ? `tables: ${l}` : l)),
      )})]`,
      "end",
    );
    classify("data", id("bq"));
  }
  const ingest = env.ingest;
  const af = ingest?.appflow;
  if (ingest && af) {
    const flows = Object.keys(af.flows);
    tree.add(
      ingest.account,
      ingest.region,
      `${id("appflow")}([${label("AppFlow", ...wrap(flows, 2).map((l, i) => (i === 0 ? `flows: ${l}` : l)))}])`,
    );
    tree.add(ingest.account, ingest.region, `${id("s3_results")}[(${label(`S3 ${af.resultsBucketName}`)})]`);
    tree.add(
      ingest.account,
      ingest.region,
      `${id("glue_catalog")}[(${label(`Glue Data Catalog · ${af.glueDatabaseName}`)})]`,
    );
    tree.add(
      ingest.account,
      ingest.region,
      `${id("athena")}([${label("Athena workgroup", `results: ${af.athenaResultsBucketName}`)}])`,
    );
    for (const n of ["appflow", "s3_results", "glue_catalog", "athena"]) classify("data", id(n));
    if (bq) edges.push(`${id("bq")} ==>|${label("BigQuery connector · OAuth")}| ${id("appflow")}`);
    edges.push(`${id("appflow")} ==>|${label(`${flows.length} flows`)}| ${id("s3_results")}`);
    edges.push(`${id("appflow")} -.->|${label(`tables ${af.glueTablePrefix}_...`)}| ${id("glue_catalog")}`);
    edges.push(`${id("athena")} -.->|${label("queries")}| ${id("glue_catalog")}`);
  }

  // Glue connections in the Glue VPC reaching a remote store through NAT (its EIPs allow-listed there).
  const glue = ingest?.glue;
  if (ingest && glue) {
    for (const [name, c] of Object.entries(glue.connections)) {
      const vpcName = c.vpc ?? glue.vpc;
      const vpc = net.vpcs[vpcName];
      const g = id("glue", name);
      const node = `${g}([${label(`Glue connection ${name}`, `NETWORK + JDBC per AZ · tier ${c.subnetTier}`)}])`;
      if (vpc) tree.addToVpc(vpcName, node);
      else tree.add(ingest.account, ingest.region, node);
      classify("data", g);
      const port = c.dataStore?.port ?? (c.jdbc ? /:(\d+)\//.exec(c.jdbc.url)?.[1] : undefined);
      const store = c.dataStore ? net.vpcs[c.dataStore.vpc] : undefined;
      if (c.dataStore && store) {
        const s = id("store", name);
        tree.addToVpc(
          c.dataStore.vpc,
          `${s}[(${label(`data store ${name}`, port ? `port ${port}` : undefined)})]`,
        );
        classify("data", s);
        edges.push(`${g} ==>|${label("JDBC via NAT EIPs", "allow-listed /32")}| ${s}`);
      } else if (c.jdbc) {
        const s = id("store", name);
        const host = /\/\/([^/:?]+)/.exec(c.jdbc.url)?.[1] ?? name;
        outside.push(`${s}>${label(`external store ${host}`)}]`);
        classify("external", s);
        edges.push(`${g} ==>|${label("JDBC via NAT")}| ${s}`);
      }
    }
  }

  // Trino on EMR in its VPC.
  const an = env.analytics;
  if (an) {
    const e = id("emr", an.name);
    const fleets = [
      `primary 1 ${an.primaryFleet.market === "SPOT" ? "Spot" : "OD"}`,
      `core ${an.coreFleet.targetOnDemandCapacity} OD${an.coreFleet.targetSpotCapacity ? ` + ${an.coreFleet.targetSpotCapacity} Spot` : ""}`,
      an.taskFleet ? `task ${an.taskFleet.targetSpotCapacity} Spot` : undefined,
    ].filter(Boolean);
    const fis = an.spotInterruptionExperiment.enabled ? "FIS Spot interruption experiment" : undefined;
    const node = `${e}{{${label(`EMR ${env.name}-${an.name} · ${an.releaseLabel}`, "Trino", fleets.join(" · "), fis)}}}`;
    if (net.vpcs[an.vpc]) tree.addToVpc(an.vpc, node);
    else tree.add(an.account, "unknown-region", node);
    classify("compute", e);
    const catalog = an.trino.connectors.glueCatalog;
    if (catalog && af) edges.push(`${e} -.->|${label("Hive connector")}| ${id("glue_catalog")}`);
  }

  // SageMaker Studio → Redshift as the user.
  const ml = env.ml;
  if (ml) {
    const st = id("studio");
    const wh = id("warehouse_db");
    const node = (vpc: string, statement: string, account: string) =>
      net.vpcs[vpc] ? tree.addToVpc(vpc, statement) : tree.add(account, "unknown-region", statement);
    node(
      ml.studio.vpc,
      `${st}([${label(`SageMaker Studio ${ml.studio.domainName ?? `${env.name}-studio`}`, "VpcOnly · SourceIdentity = profile", ml.studio.userProfiles.length ? `users: ${ml.studio.userProfiles.join(", ")}` : undefined)}])`,
      ml.studio.account,
    );
    node(
      ml.warehouse.vpc,
      `${wh}[(${label(ml.warehouse.cluster ? `Redshift ${ml.warehouse.cluster.identifier}` : "Redshift subnet group + group", `port ${ml.warehouse.port}`)})]`,
      ml.warehouse.account,
    );
    classify("compute", st);
    classify("data", wh);
    edges.push(`${st} ==>|${label(`${ml.warehouse.port} as the user`, "DbUser = SourceIdentity")}| ${wh}`);
  }

  // Identities crossing account and cloud boundaries.
  const identity = env.identity;
  if (identity?.rolesAnywhere) {
    const ra = identity.rolesAnywhere;
    tree.add(
      ra.account,
      ra.region,
      `${id("roles_anywhere")}([${label(
        `IAM Roles Anywhere · ${ra.trustAnchor.name}`,
        ...wrap(
          Object.keys(ra.roles).map((r) => `${env.name}-${r}`),
          2,
        ).map((l, i) => (i === 0 ? `roles: ${l}` : l)),
      )}])`,
    );
    classify("identity", id("roles_anywhere"));
    outside.push(`${id("ext_workloads")}>${label("workloads outside AWS", "X.509 certificates")}]`);
    classify("external", id("ext_workloads"));
    edges.push(`${id("ext_workloads")} -->|${label("CreateSession")}| ${id("roles_anywhere")}`);
  }
  for (const [name, r] of Object.entries(identity?.redshiftAccess ?? {})) {
    const p = id("redshift_role", name);
    const c = id("consumer_role", name);
    tree.add(
      r.producerAccount,
      r.region,
      `${p}([${label(`role ${env.name}-${name}`, `Redshift ${r.clusterIdentifier}`)}])`,
    );
    tree.add(
      r.consumerAccount,
      r.region,
      `${c}([${label(`role ${r.consumerRoleName}`, "existing, inline policy")}])`,
    );
    classify("identity", p);
    classify("identity", c);
    edges.push(`${c} -->|${label("AssumeRole · SourceIdentity")}| ${p}`);
  }
  for (const [name, pr] of Object.entries(identity?.partnerRoles ?? {})) {
    const p = id("partner_role", name);
    const x = id("ext_partner", name);
    tree.add(
      pr.account,
      pr.region,
      `${p}([${label(`role ${env.name}-${name}`, ...Object.keys(pr.buckets).map((b) => `S3 ${b}`))}])`,
    );
    outside.push(`${x}>${label(`partner ${name}`, pr.trustedRoleArn.replace(/^arn:aws:iam::/, ""))}]`);
    classify("identity", p);
    classify("external", x);
    edges.push(`${x} -->|${label(pr.externalId ? "AssumeRole · external id" : "AssumeRole")}| ${p}`);
  }

  const notDrawn = Object.keys(env).filter((k) => !DRAWN.includes(k) && env[k as keyof EnvironmentConfig]);
  const styles: Record<string, string> = {
    vpc: "fill:#eff6ff,stroke:#3b82f6",
    endpoint: "fill:#f0fdf4,stroke:#22c55e",
    tgw: "fill:#fff7ed,stroke:#f97316",
    data: "fill:#faf5ff,stroke:#a855f7",
    compute: "fill:#fefce8,stroke:#ca8a04",
    identity: "fill:#fdf2f8,stroke:#db2777",
    external: "fill:#f4f4f5,stroke:#71717a",
    dns: "fill:#ecfeff,stroke:#06b6d4",
  };
  return [
    `%% ${env.name}: topology generated from ${source} by \`npm run diagrams\`. Do not edit by hand.`,
    ...(notDrawn.length ? [`%% Config sections not drawn: ${notDrawn.join(", ")}`] : []),
    "flowchart LR",
    ...tree.render(env, "  "),
    ...outside.map((s) => `  ${s}`),
    ...edges.map((e) => `  ${e}`),
    ...Object.entries(styles)
      .filter(([cls]) => classes.has(cls))
      .flatMap(([cls, style]) => [
        `  classDef ${cls} ${style}`,
        `  class ${classes.get(cls)!.join(",")} ${cls}`,
      ]),
    "",
  ].join("\n");
}
