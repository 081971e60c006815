// Pure data (no cdktf): the same catalog the privatelink module builds service names from.
import {
  GATEWAY_SERVICE_KEYS,
  INTERFACE_SERVICE_KEYS,
  isGatewayServiceKey,
  isInterfaceServiceKey,
} from "@multicloud-platform/modules/privatelink";
import { AwsRegion, azProblem, NON_VPC_RANGES } from "../aws";
import { Cidr, cidrsOverlap, contains, isNetworkAddress, networkOf, overlaps, parseCidr } from "../cidr";
import { Problems, referenceFix } from "../problems";
import { EnvironmentConfig, VpcConfig } from "../schema";
import { checkAccountRef, checkRegion } from "./base";
import { hasOwn, own } from "../lookup";
import { checkExternalNetworks } from "./external";

const ASN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [64512, 65534],
  [4200000000, 4294967294],
];

/** Parses a CIDR at a config path, reporting malformed or non-network addresses. */
export function cidrAt(text: string, at: string, p: Problems): Cidr | undefined {
  const c = parseCidr(text);
  if (!c) {
    p.add(
      at,
      text,
      "is not an IPv4 CIDR",
      "write it as a.b.c.d/n with four decimal parts, e.g. 10.20.0.0/16",
    );
    return undefined;
  }
  if (!isNetworkAddress(c)) {
    p.add(
      at,
      text,
      "has host bits set (it is not a network address)",
      `use the network address ${networkOf(c)}`,
    );
    return undefined;
  }
  return c;
}

export function checkNetwork(cfg: EnvironmentConfig, p: Problems): void {
  const vpcCidrs = checkVpcs(cfg, p);
  checkPeerings(cfg, p, vpcCidrs);
  checkTransitGateways(cfg, p, vpcCidrs);
  checkExternalNetworks(cfg, p, vpcCidrs);
  checkVpcRouteConflicts(cfg, p, vpcCidrs);
}

function checkVpcs(cfg: EnvironmentConfig, p: Problems): Map<string, Cidr> {
  const vpcCidrs = new Map<string, Cidr>();
  for (const [name, vpc] of Object.entries(cfg.network.vpcs)) {
    const at = `network.vpcs.${name}`;
    checkAccountRef(cfg, vpc.account, `${at}.account`, p);
    const regionOk = checkRegion(vpc.region, `${at}.region`, p);
    vpc.azs.forEach((az, i) => {
      const bad = regionOk ? azProblem(az, vpc.region as AwsRegion) : undefined;
      if (bad) p.add(`${at}.azs[${i}]`, az, bad.problem, bad.fix);
    });
    const vpcCidr = cidrAt(vpc.cidr, `${at}.cidr`, p);
    if (vpcCidr) {
      vpcCidrs.set(name, vpcCidr);
      const reserved = NON_VPC_RANGES.find(([range]) => cidrsOverlap(range, vpc.cidr));
      if (reserved)
        p.add(
          `${at}.cidr`,
          vpc.cidr,
          `overlaps ${reserved[0]}, ${reserved[1]}, which is not a range a VPC can use`,
          "use a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or 100.64.0.0/10",
        );
      if (vpcCidr.prefix < 16 || vpcCidr.prefix > 28) {
        p.add(
          `${at}.cidr`,
          vpc.cidr,
          "has a prefix length AWS does not allow for a VPC",
          "use a prefix between /16 and /28",
        );
      }
    }
    checkSubnets(name, vpc, vpcCidr, p);
    checkVpcOptions(cfg, name, vpc, p);
  }
  return vpcCidrs;
}

function checkSubnets(name: string, vpc: VpcConfig, vpcCidr: Cidr | undefined, p: Problems): void {
  const at = `network.vpcs.${name}.subnets`;
  const seen: Array<{ path: string; cidr: Cidr }> = [];
  for (const [tier, byAz] of Object.entries(vpc.subnets)) {
    if (Object.keys(byAz).length === 0)
      p.add(`${at}.${tier}`, byAz, "has no subnets", "give at least one AZ → CIDR entry or remove the tier");
    for (const [az, text] of Object.entries(byAz)) {
      const sp = `${at}.${tier}.${az}`;
      if (!vpc.azs.includes(az)) {
        p.add(
          sp,
          text,
          `is in AZ ${az}, which is not in the VPC's azs`,
          `add ${az} to network.vpcs.${name}.azs or use one of: ${vpc.azs.join(", ")}`,
        );
      }
      const c = cidrAt(text, sp, p);
      if (!c) continue;
      if (vpcCidr && !contains(vpcCidr, c)) {
        p.add(
          sp,
          text,
          `lies outside the VPC CIDR ${vpcCidr.text}`,
          `choose a subnet inside ${vpcCidr.text}`,
        );
      }
      if (c.prefix > 28)
        p.add(sp, text, "is smaller than AWS allows for a subnet", "use a prefix between /16 and /28");
      const clash = seen.find((s) => overlaps(s.cidr, c));
      if (clash)
        p.add(
          sp,
          text,
          `overlaps ${clash.path} (${clash.cidr.text})`,
          "give every subnet its own, non-overlapping range",
        );
      seen.push({ path: sp, cidr: c });
    }
  }
}

/** Reports every value listed more than once in `values`, at its second and later positions. */
export function duplicates(values: readonly string[], at: string, what: string, p: Problems): void {
  values.forEach((v, i) => {
    const first = values.indexOf(v);
    if (first !== i) p.add(`${at}[${i}]`, v, `repeats ${at}[${first}]`, `list each ${what} once`);
  });
}

function checkVpcOptions(cfg: EnvironmentConfig, name: string, vpc: VpcConfig, p: Problems): void {
  const at = `network.vpcs.${name}`;
  const tiers = Object.keys(vpc.subnets);
  if (vpc.natGateways !== "none") {
    const publicAzs = Object.keys(vpc.subnets.public ?? {});
    if (publicAzs.length === 0) {
      p.add(
        `${at}.natGateways`,
        vpc.natGateways,
        "needs public subnets to place the NAT gateway(s) in",
        `add subnets.public or set natGateways: "none"`,
      );
    } else if (vpc.natGateways === "per-az") {
      const missing = vpc.azs.filter((az) => !publicAzs.includes(az));
      if (missing.length) {
        p.add(
          `${at}.natGateways`,
          vpc.natGateways,
          `needs a public subnet in every AZ; missing in ${missing.join(", ")}`,
          `add public subnets there or use natGateways: "single"`,
        );
      }
    }
  }
  if (vpc.flowLogs.destination === "s3" && !vpc.flowLogs.s3BucketArn) {
    p.add(
      `${at}.flowLogs.s3BucketArn`,
      undefined,
      "is required when flow logs go to S3",
      'give the ARN of the log bucket, or use destination: "cloud-watch-logs"',
    );
  }
  vpc.emrSubnetTiers.forEach((t, i) => {
    if (!tiers.includes(t))
      p.add(
        `${at}.emrSubnetTiers[${i}]`,
        t,
        "is not a subnet tier of this VPC",
        referenceFix("tiers", `${at}.subnets`, t, tiers),
      );
  });
  duplicates(vpc.emrSubnetTiers, `${at}.emrSubnetTiers`, "tier", p);
  const e = vpc.endpoints;
  if (!e) return;
  e.gateway.forEach((svc, i) => {
    if (!isGatewayServiceKey(svc)) {
      p.add(
        `${at}.endpoints.gateway[${i}]`,
        svc,
        `has no gateway endpoint: AWS offers gateway endpoints only for ${GATEWAY_SERVICE_KEYS.join(" and ")}`,
        `use an interface endpoint for ${svc} (endpoints.interface) instead`,
      );
    }
  });
  duplicates(e.gateway, `${at}.endpoints.gateway`, "service", p);
  e.interface.forEach((svc, i) => {
    if (isInterfaceServiceKey(svc)) return;
    p.add(
      `${at}.endpoints.interface[${i}]`,
      svc,
      `is not an interface endpoint service known for ${vpc.region}`,
      isGatewayServiceKey(svc)
        ? `${svc} is reached through a gateway endpoint here: move it to endpoints.gateway`
        : referenceFix(
            "interface endpoint services",
            "modules/privatelink/catalog.ts",
            svc,
            INTERFACE_SERVICE_KEYS,
          ),
    );
  });
  duplicates(e.interface, `${at}.endpoints.interface`, "service", p);
  const endpointAzs = Object.keys(own(vpc.subnets, e.subnetTier) ?? {});
  if (e.interface.length && endpointAzs.length === 1 && cfg.stage !== "dev") {
    p.add(
      `${at}.endpoints.subnetTier`,
      e.subnetTier,
      `has subnets in one AZ only (${endpointAzs[0]}), so an AZ outage cuts every private AWS API call (${cfg.stage} is not dev)`,
      `give subnets.${e.subnetTier} a subnet in at least two AZs, or place the endpoints in a tier that has them`,
    );
  }
  if (e.interface.length && !tiers.includes(e.subnetTier)) {
    p.add(
      `${at}.endpoints.subnetTier`,
      e.subnetTier,
      "is not a subnet tier of this VPC",
      referenceFix("tiers", `${at}.subnets`, e.subnetTier, tiers),
    );
  }
  e.routeTiers.forEach((t, i) => {
    if (!tiers.includes(t))
      p.add(
        `${at}.endpoints.routeTiers[${i}]`,
        t,
        "is not a subnet tier of this VPC",
        referenceFix("tiers", `${at}.subnets`, t, tiers),
      );
  });
}

export function vpcRef(cfg: EnvironmentConfig, vpc: string, at: string, p: Problems): VpcConfig | undefined {
  const v = own(cfg.network.vpcs, vpc);
  if (!v)
    p.add(
      at,
      vpc,
      "is not a known VPC",
      referenceFix("VPCs", "network.vpcs", vpc, Object.keys(cfg.network.vpcs)),
    );
  return v;
}

export function tierRefs(
  vpcName: string,
  vpc: VpcConfig,
  tiers: readonly string[],
  at: string,
  p: Problems,
): void {
  const known = Object.keys(vpc.subnets);
  tiers.forEach((t, i) => {
    if (!known.includes(t))
      p.add(
        `${at}[${i}]`,
        t,
        `is not a subnet tier of VPC ${vpcName}`,
        referenceFix("tiers", `network.vpcs.${vpcName}.subnets`, t, known),
      );
  });
}

function checkPeerings(cfg: EnvironmentConfig, p: Problems, cidrs: Map<string, Cidr>): void {
  for (const [name, peering] of Object.entries(cfg.network.peerings)) {
    const at = `network.peerings.${name}`;
    const req = vpcRef(cfg, peering.requester, `${at}.requester`, p);
    const acc = vpcRef(cfg, peering.accepter, `${at}.accepter`, p);
    if (!req || !acc) continue;
    if (peering.requester === peering.accepter) {
      p.add(
        `${at}.accepter`,
        peering.accepter,
        "is the same VPC as the requester",
        "peer two different VPCs",
      );
      continue;
    }
    tierRefs(peering.requester, req, peering.routeTiers.requester, `${at}.routeTiers.requester`, p);
    tierRefs(peering.accepter, acc, peering.routeTiers.accepter, `${at}.routeTiers.accepter`, p);
    const crossAccount = own(cfg.accounts, req.account)?.id !== own(cfg.accounts, acc.account)?.id;
    const crossRegion = req.region !== acc.region;
    if (peering.autoAccept && (crossAccount || crossRegion)) {
      p.add(
        `${at}.autoAccept`,
        true,
        `cannot be used for a ${crossAccount ? "cross-account" : "cross-region"} peering (the EC2 API only auto-accepts same-account, same-region requests)`,
        "remove autoAccept: the accepter side is created with the accepter's provider and accepts the connection",
      );
    }
    const a = cidrs.get(peering.requester);
    const b = cidrs.get(peering.accepter);
    if (a && b && overlaps(a, b)) {
      p.add(
        `network.vpcs.${peering.accepter}.cidr`,
        b.text,
        `overlaps ${a.text} of VPC ${peering.requester}, which it is peered with (${at})`,
        "give peered VPCs non-overlapping CIDRs",
      );
    }
  }
}

function inAsnRange(asn: number): boolean {
  return Number.isInteger(asn) && ASN_RANGES.some(([lo, hi]) => asn >= lo && asn <= hi);
}

function checkTransitGateways(cfg: EnvironmentConfig, p: Problems, cidrs: Map<string, Cidr>): void {
  const tgws = cfg.network.transitGateways;
  const asns = new Map<number, string>();
  for (const [name, tgw] of Object.entries(tgws)) {
    const at = `network.transitGateways.${name}`;
    checkAccountRef(cfg, tgw.account, `${at}.account`, p);
    checkRegion(tgw.region, `${at}.region`, p);
    if (!inAsnRange(tgw.amazonSideAsn)) {
      p.add(
        `${at}.amazonSideAsn`,
        tgw.amazonSideAsn,
        "is outside the private ASN ranges",
        "use 64512–65534 or 4200000000–4294967294",
      );
    }
    const dup = asns.get(tgw.amazonSideAsn);
    if (dup)
      p.add(
        `${at}.amazonSideAsn`,
        tgw.amazonSideAsn,
        `is also used by transit gateway ${dup}`,
        "give every transit gateway its own ASN (peered TGWs need distinct ASNs)",
      );
    asns.set(tgw.amazonSideAsn, name);
    tgw.shareWith.forEach((acct, i) => {
      if (!checkAccountRef(cfg, acct, `${at}.shareWith[${i}]`, p)) return;
      if (own(cfg.accounts, acct)?.id === own(cfg.accounts, tgw.account)?.id)
        p.add(
          `${at}.shareWith[${i}]`,
          acct,
          "is the account that owns the transit gateway",
          "remove it: the owner attaches its VPCs without a RAM share",
        );
    });
    duplicates(tgw.shareWith, `${at}.shareWith`, "account", p);

    const rtFix = (rt: string) => referenceFix("route tables", `${at}.routeTables`, rt, tgw.routeTables);
    for (const [vpcName, att] of Object.entries(tgw.attachments)) {
      const aat = `${at}.attachments.${vpcName}`;
      const vpc = vpcRef(cfg, vpcName, aat, p);
      if (!tgw.routeTables.includes(att.associateWith))
        p.add(
          `${aat}.associateWith`,
          att.associateWith,
          "is not a route table of this transit gateway",
          rtFix(att.associateWith),
        );
      att.propagateTo.forEach((rt, i) => {
        if (!tgw.routeTables.includes(rt))
          p.add(`${aat}.propagateTo[${i}]`, rt, "is not a route table of this transit gateway", rtFix(rt));
      });
      att.routeCidrs.forEach((c, i) => cidrAt(c, `${aat}.routeCidrs[${i}]`, p));
      if (!vpc) continue;
      if (vpc.region !== tgw.region) {
        p.add(
          aat,
          vpcName,
          `is in ${vpc.region} but the transit gateway is in ${tgw.region} (a TGW attaches VPCs of its own region only)`,
          `attach the VPC to a transit gateway in ${vpc.region} and peer the two TGWs (network.tgwPeerings)`,
        );
      }
      if (!hasOwn(vpc.subnets, att.subnetTier)) {
        p.add(
          `${aat}.subnetTier`,
          att.subnetTier,
          `is not a subnet tier of VPC ${vpcName}`,
          `add a dedicated subnets.${att.subnetTier} tier (one small subnet per AZ) to network.vpcs.${vpcName}`,
        );
      }
      tierRefs(vpcName, vpc, att.routeTiers, `${aat}.routeTiers`, p);
      const vpcAccountId = own(cfg.accounts, vpc.account)?.id;
      const tgwAccountId = own(cfg.accounts, tgw.account)?.id;
      if (
        vpcAccountId &&
        tgwAccountId &&
        vpcAccountId !== tgwAccountId &&
        !tgw.shareWith.includes(vpc.account)
      ) {
        p.add(
          `${at}.shareWith`,
          tgw.shareWith,
          `does not include account ${vpc.account}, which owns attached VPC ${vpcName}`,
          `add "${vpc.account}" to shareWith so RAM shares the TGW with that account`,
        );
      }
    }

    const peeringsOfTgw = Object.entries(cfg.network.tgwPeerings)
      .filter(([, tp]) => tp.requester === name || tp.accepter === name)
      .map(([n]) => n);
    const routeKeys = new Map<string, number>();
    tgw.staticRoutes.forEach((r, i) => {
      const rat = `${at}.staticRoutes[${i}]`;
      const key = `${r.routeTable} ${r.cidr}`;
      const first = routeKeys.get(key);
      if (first !== undefined)
        p.add(
          `${rat}.cidr`,
          r.cidr,
          `is already routed in route table ${r.routeTable} by ${at}.staticRoutes[${first}]`,
          "keep one static route per route table and CIDR",
        );
      else routeKeys.set(key, i);
      if (!tgw.routeTables.includes(r.routeTable))
        p.add(
          `${rat}.routeTable`,
          r.routeTable,
          "is not a route table of this transit gateway",
          rtFix(r.routeTable),
        );
      cidrAt(r.cidr, `${rat}.cidr`, p);
      if (r.blackhole && r.target)
        p.add(
          `${rat}.target`,
          r.target,
          "is set on a blackhole route",
          "remove target (a blackhole route drops traffic) or set blackhole: false",
        );
      if (!r.blackhole && !r.target)
        p.add(
          `${rat}.target`,
          undefined,
          "is required for a non-blackhole route",
          "name an attached VPC or a TGW peering, or set blackhole: true",
        );
      if (
        r.target &&
        !hasOwn(tgw.attachments, r.target) &&
        !hasOwn(tgw.externalAttachments, r.target) &&
        !peeringsOfTgw.includes(r.target)
      ) {
        p.add(
          `${rat}.target`,
          r.target,
          "is neither a VPC attached to this transit gateway, one of its TGW peerings nor one of its external attachments",
          referenceFix("targets", `${at}.attachments / externalAttachments / network.tgwPeerings`, r.target, [
            ...Object.keys(tgw.attachments),
            ...Object.keys(tgw.externalAttachments),
            ...peeringsOfTgw,
          ]),
        );
      }
    });
  }

  for (const [name, tp] of Object.entries(cfg.network.tgwPeerings)) {
    const at = `network.tgwPeerings.${name}`;
    const known = Object.keys(tgws);
    const req = own(tgws, tp.requester);
    const acc = own(tgws, tp.accepter);
    if (!req)
      p.add(
        `${at}.requester`,
        tp.requester,
        "is not a known transit gateway",
        referenceFix("transit gateways", "network.transitGateways", tp.requester, known),
      );
    if (!acc)
      p.add(
        `${at}.accepter`,
        tp.accepter,
        "is not a known transit gateway",
        referenceFix("transit gateways", "network.transitGateways", tp.accepter, known),
      );
    if (!req || !acc) continue;
    if (tp.requester === tp.accepter)
      p.add(
        `${at}.accepter`,
        tp.accepter,
        "is the same transit gateway as the requester",
        "peer two different transit gateways",
      );
    for (const [side, tgwName] of [
      ["requester", tp.requester],
      ["accepter", tp.accepter],
    ] as const) {
      const tgw = own(tgws, tgwName);
      if (!tgw) continue;
      if (hasOwn(tgw.attachments, name))
        p.add(
          at,
          name,
          `has the name of a VPC attached to transit gateway ${tgwName} (static route targets name either)`,
          "rename the TGW peering so attachment names stay unique per transit gateway",
        );
      const rt = tp.routeTables[side];
      if (
        tgw.routeTables.includes(rt) &&
        !tgw.staticRoutes.some((r) => r.target === name && r.routeTable === rt)
      )
        p.add(
          `${at}.routeTables.${side}`,
          rt,
          `has no static route to ${name} in transit gateway ${tgwName} (peering attachments do not propagate routes, so nothing would cross)`,
          `add { routeTable: "${rt}", cidr: "<a CIDR behind the other transit gateway>", target: "${name}" } to network.transitGateways.${tgwName}.staticRoutes`,
        );
    }
    if (!req.routeTables.includes(tp.routeTables.requester))
      p.add(
        `${at}.routeTables.requester`,
        tp.routeTables.requester,
        `is not a route table of ${tp.requester}`,
        referenceFix(
          "route tables",
          `network.transitGateways.${tp.requester}.routeTables`,
          tp.routeTables.requester,
          req.routeTables,
        ),
      );
    if (!acc.routeTables.includes(tp.routeTables.accepter))
      p.add(
        `${at}.routeTables.accepter`,
        tp.routeTables.accepter,
        `is not a route table of ${tp.accepter}`,
        referenceFix(
          "route tables",
          `network.transitGateways.${tp.accepter}.routeTables`,
          tp.routeTables.accepter,
          acc.routeTables,
        ),
      );
  }

  checkTgwOverlaps(cfg, p, cidrs);
}

/** A network on a transit gateway: one of our VPCs or an external network's range. */
interface TgwMember {
  readonly name: string;
  /** Config path of the CIDR, for the report. */
  readonly at: string;
  readonly cidr: Cidr;
  readonly what: string;
}

function tgwMembers(cfg: EnvironmentConfig, tgw: string, cidrs: Map<string, Cidr>): TgwMember[] {
  const t = own(cfg.network.transitGateways, tgw);
  const out: TgwMember[] = [];
  for (const vpc of Object.keys(t?.attachments ?? {})) {
    const c = cidrs.get(vpc);
    if (c) out.push({ name: vpc, at: `network.vpcs.${vpc}.cidr`, cidr: c, what: `VPC ${vpc}` });
  }
  for (const att of Object.values(t?.externalAttachments ?? {})) {
    const ext = own(cfg.network.externalNetworks, att.network);
    ext?.cidrs.forEach((text, i) => {
      const c = parseCidr(text);
      if (c)
        out.push({
          name: att.network,
          at: `network.externalNetworks.${att.network}.cidrs[${i}]`,
          cidr: c,
          what: `external network ${att.network}`,
        });
    });
  }
  return out;
}

/**
 * Networks attached to the same TGW, or to two directly peered TGWs, are connected: their CIDRs must not
 * overlap (our VPCs and the ranges of external networks attached to the TGW alike).
 */
function checkTgwOverlaps(cfg: EnvironmentConfig, p: Problems, cidrs: Map<string, Cidr>): void {
  const tgws = cfg.network.transitGateways;
  const groups: Array<{ via: string; members: TgwMember[] }> = [];
  for (const name of Object.keys(tgws))
    groups.push({ via: `transit gateway ${name}`, members: tgwMembers(cfg, name, cidrs) });
  for (const [name, tp] of Object.entries(cfg.network.tgwPeerings)) {
    if (!hasOwn(tgws, tp.requester) || !hasOwn(tgws, tp.accepter)) continue;
    groups.push({
      via: `TGW peering ${name}`,
      members: [...tgwMembers(cfg, tp.requester, cidrs), ...tgwMembers(cfg, tp.accepter, cidrs)],
    });
  }
  const reported = new Set<string>();
  for (const g of groups) {
    for (let i = 0; i < g.members.length; i++) {
      for (let j = i + 1; j < g.members.length; j++) {
        // Report on the partner's range when one side is external: that is the value agreed with the partner.
        const external = (m: TgwMember) => m.at.startsWith("network.externalNetworks.");
        const [x, y] = external(g.members[i]) ? [g.members[j], g.members[i]] : [g.members[i], g.members[j]];
        const key = [x.at, y.at].sort().join("|");
        if (x.name === y.name || reported.has(key) || !overlaps(x.cidr, y.cidr)) continue;
        reported.add(key);
        p.add(
          y.at,
          y.cidr.text,
          `overlaps ${x.cidr.text} of ${x.what}, which it is connected to through ${g.via}`,
          "give connected networks non-overlapping CIDRs",
        );
      }
    }
  }
}

/**
 * Routes the stack adds to VPC route tables (peering routes to the peer CIDR, TGW routes to `routeCidrs`):
 * one destination routed twice from the same route tables fails at apply (RouteAlreadyExists), and a
 * destination inside the VPC's own CIDR collides with its local route.
 */
function checkVpcRouteConflicts(cfg: EnvironmentConfig, p: Problems, cidrs: Map<string, Cidr>): void {
  const seen = new Map<string, string>();
  const reported = new Set<string>();
  const route = (vpc: string, tiers: readonly string[], cidr: string, via: string, at: string) => {
    for (const tier of tiers) {
      const key = `${vpc} ${tier} ${cidr}`;
      const other = seen.get(key);
      if (other === undefined) {
        seen.set(key, via);
      } else if (!reported.has(`${at} ${cidr}`)) {
        reported.add(`${at} ${cidr}`);
        p.add(
          at,
          cidr,
          `is routed from the ${tier} route tables of VPC ${vpc} through both ${other} and ${via}`,
          "route each destination through one connection (remove it from one of them)",
        );
      }
    }
  };
  for (const [name, pr] of Object.entries(cfg.network.peerings)) {
    const req = cidrs.get(pr.requester);
    const acc = cidrs.get(pr.accepter);
    if (!req || !acc || pr.requester === pr.accepter) continue;
    const at = `network.peerings.${name}.routeTiers`;
    route(pr.requester, pr.routeTiers.requester, acc.text, `VPC peering ${name}`, `${at}.requester`);
    route(pr.accepter, pr.routeTiers.accepter, req.text, `VPC peering ${name}`, `${at}.accepter`);
  }
  for (const [name, ep] of Object.entries(cfg.network.externalPeerings)) {
    const ext = own(cfg.network.externalNetworks, ep.network);
    if (!ext || !cidrs.get(ep.vpc)) continue;
    ext.cidrs.forEach((text) => {
      const c = parseCidr(text);
      if (c && isNetworkAddress(c))
        route(
          ep.vpc,
          ep.routeTiers,
          c.text,
          `external peering ${name}`,
          `network.externalPeerings.${name}.routeTiers`,
        );
    });
  }
  for (const [tgwName, tgw] of Object.entries(cfg.network.transitGateways)) {
    for (const [vpcName, att] of Object.entries(tgw.attachments)) {
      const own = cidrs.get(vpcName);
      if (!own) continue;
      att.routeCidrs.forEach((text, i) => {
        const at = `network.transitGateways.${tgwName}.attachments.${vpcName}.routeCidrs[${i}]`;
        const c = parseCidr(text);
        if (!c || !isNetworkAddress(c)) return;
        if (contains(own, c)) {
          p.add(
            at,
            text,
            `lies inside the VPC's own CIDR ${own.text} (its local route already covers it)`,
            "route only destinations outside the VPC to the transit gateway",
          );
          return;
        }
        route(vpcName, att.routeTiers, c.text, `transit gateway ${tgwName}`, at);
      });
    }
  }
}
