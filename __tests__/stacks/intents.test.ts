import { synthEnvironment } from "../helpers/synth";

/** Resources of `type` below construct path prefix `intent-<name>/`, keyed by the rest of the path. */
function intentResources(stack: any, type: string, intent: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [name, cfg] of Object.entries<any>(stack.resource?.[type] ?? {})) {
    const path: string = cfg["//"].metadata.path;
    const rel = path.slice(path.indexOf("/") + 1);
    if (rel.startsWith(`intent-${intent}/`))
      out[rel.slice(`intent-${intent}/`.length)] = { ...cfg, address: `${type}.${name}` };
  }
  return out;
}

// Without the sample's ml section: then the network stack holds both sides of the ml-* intents too (with it,
// the Studio domain's and the warehouse's own groups do: __tests__/stacks/ml-stack.test.ts).
const dev = synthEnvironment("dev", {}, (env) => ({ ...env, ml: undefined }));
const net = dev.json["dev-network"];
const rules = (type: string, intent: string) =>
  Object.values(intentResources(net, type, intent)).map((r) => ({
    provider: r.provider,
    cidr: r.cidr_ipv4 ?? r.prefix_list_id,
    protocol: r.ip_protocol,
    from: r.from_port,
    to: r.to_port,
  }));

describe("security groups of the reachability intents (dev)", () => {
  test("ML → warehouse: destination group in warehouse (data account) admits the ml private subnets on 5439", () => {
    const sgs = intentResources(net, "aws_security_group", "ml-warehouse");
    expect(sgs.destination).toMatchObject({
      provider: "aws.data-us-east-1",
      name: "dev-intent-ml-warehouse-dst",
    });
    expect(sgs.destination.vpc_id).toMatch(/^\$\{aws_vpc\.vpc-warehouse_vpc_\w+\.id\}$/);
    expect(sgs.source).toMatchObject({ provider: "aws.ml-us-east-1", name: "dev-intent-ml-warehouse-src" });
    expect(sgs.source.ingress).toBeUndefined();
    expect(rules("aws_vpc_security_group_ingress_rule", "ml-warehouse")).toEqual([
      { provider: "aws.data-us-east-1", cidr: "10.8.16.0/20", protocol: "tcp", from: 5439, to: 5439 },
      { provider: "aws.data-us-east-1", cidr: "10.8.32.0/20", protocol: "tcp", from: 5439, to: 5439 },
    ]);
    expect(rules("aws_vpc_security_group_egress_rule", "ml-warehouse")).toEqual([
      { provider: "aws.ml-us-east-1", cidr: "10.16.16.0/20", protocol: "tcp", from: 5439, to: 5439 },
      { provider: "aws.ml-us-east-1", cidr: "10.16.32.0/20", protocol: "tcp", from: 5439, to: 5439 },
    ]);
  });

  test("cross-region analytics → datastore: destination group with the us-west-2 provider of the data account", () => {
    expect(intentResources(net, "aws_security_group", "analytics-datastore").destination.provider).toBe(
      "aws.data-us-west-2",
    );
    expect(rules("aws_vpc_security_group_ingress_rule", "analytics-datastore").map((r) => r.cidr)).toEqual([
      "10.40.16.0/20",
      "10.40.32.0/20",
    ]);
  });

  test("port ranges are kept as ranges", () => {
    expect(rules("aws_vpc_security_group_ingress_rule", "operators-trino-ui")[0]).toMatchObject({
      from: 8888,
      to: 8889,
    });
  });

  test("Glue → data store: only a source group (egress 5439); the store's own group holds the NAT EIP rules", () => {
    const sgs = intentResources(net, "aws_security_group", "glue-datastore");
    expect(Object.keys(sgs)).toEqual(["source"]);
    expect(rules("aws_vpc_security_group_egress_rule", "glue-datastore")).toEqual([
      { provider: "aws.ingest-us-east-1", cidr: "0.0.0.0/0", protocol: "tcp", from: 5439, to: 5439 },
    ]);
  });

  test("endpoints: egress to the endpoint subnets (interface) or the prefix list (gateway), no destination group", () => {
    expect(Object.keys(intentResources(net, "aws_security_group", "ml-sts"))).toEqual(["source"]);
    expect(rules("aws_vpc_security_group_egress_rule", "ml-sts").map((r) => r.cidr)).toEqual([
      "10.8.16.0/20",
      "10.8.32.0/20",
    ]);
    const s3 = rules("aws_vpc_security_group_egress_rule", "glue-s3");
    expect(s3).toHaveLength(1);
    expect(s3[0].cidr).toMatch(/^\$\{aws_vpc_endpoint\.endpoints-ingest_.*\.prefix_list_id\}$/);
  });

  test("nothing else: no intent rule admits 0.0.0.0/0, and every rule belongs to an intent group", () => {
    const all = Object.values<any>(net.resource.aws_vpc_security_group_ingress_rule ?? {}).filter((r) =>
      r["//"].metadata.path.includes("/intent-"),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) expect(r.cidr_ipv4).not.toBe("0.0.0.0/0");
    expect(Object.keys(dev.stacks.network!.intents).sort()).toEqual(Object.keys(dev.env.intents!).sort());
  });
});

describe("an internet intent without a data store opens the destination to the NAT Elastic IPs only", () => {
  const s = synthEnvironment("dev", {}, (env) => ({
    ...env,
    ml: undefined,
    intents: {
      "ingest-web": {
        from: "ingest/private",
        to: { internet: "datastore/public" },
        ports: [443],
        protocol: "tcp",
      },
    },
  }));
  const n = s.json["dev-network"];
  test("one /32 per NAT gateway the source tier uses (dev: single NAT)", () => {
    const ingress = Object.values(intentResources(n, "aws_vpc_security_group_ingress_rule", "ingest-web"));
    expect(ingress).toHaveLength(1);
    expect(ingress[0].cidr_ipv4).toMatch(/^\$\{aws_eip\.vpc-ingest_nat-eip-us-east-1a_\w+\.public_ip\}\/32$/);
    expect(ingress[0].provider).toBe("aws.data-us-west-2");
  });
});
