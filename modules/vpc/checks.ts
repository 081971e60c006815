import { IConstruct } from "constructs";
import {
  checkAccountId,
  checkArn,
  checkCidr,
  checkNonEmpty,
  checkOneOf,
  checkUnique,
  ensure,
  isKnown,
} from "../core";
import { cidrContains, cidrsOverlap } from "../core/cidr";
import {
  DedicatedTierOptions,
  NAT_GATEWAY_MODES,
  NatGatewayMode,
  PRIVATE_TIER,
  PUBLIC_TIER,
  VpcInternetRouting,
  hasInternetEgress,
  tierAzs,
} from "./routing";
import type { NetworkVpcProps } from "./vpc";

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const TIER_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Every prop of {@link NetworkVpc} that can be checked before anything is created. */
export function validateNetworkVpcProps(
  scope: IConstruct,
  props: NetworkVpcProps,
  tiers: readonly string[],
  natMode: NatGatewayMode,
  dedicated: Readonly<Record<string, DedicatedTierOptions>>,
): void {
  ensure(
    isKnown(props.name) && /^[a-zA-Z0-9][a-zA-Z0-9-]{0,31}$/.test(props.name),
    scope,
    "name",
    props.name,
    "must be 1-32 letters, digits or hyphens (it prefixes Name tags, the log group and the 64-char IAM role name)",
    'use a short kebab-case name, e.g. "ml-consumer"',
  );
  checkCidr(scope, "cidr", props.cidr);
  checkNonEmpty(scope, "azs", props.azs);
  checkUnique(scope, "azs", props.azs);
  checkOneOf(scope, "natGateways", natMode, NAT_GATEWAY_MODES);
  ensure(
    tiers.length > 0,
    scope,
    "subnets",
    props.subnets,
    "must define at least one tier",
    'add e.g. { private: { "<az>": "<cidr>" } }',
  );

  const all: { where: string; cidr: string }[] = [];
  for (const tier of tiers) {
    ensure(
      TIER_NAME.test(tier),
      scope,
      "subnets",
      tier,
      "tier names must be lowercase letters, digits or hyphens, starting with a letter (max 31 chars)",
      'rename the tier, e.g. "glue" or "tgw"',
    );
    const perAz = props.subnets[tier];
    ensure(
      Object.keys(perAz).length > 0,
      scope,
      `subnets.${tier}`,
      perAz,
      "has no subnets",
      `give at least one AZ → CIDR entry or remove the tier`,
    );
    for (const [az, cidr] of Object.entries(perAz)) {
      const where = `subnets.${tier}.${az}`;
      ensure(
        props.azs.includes(az),
        scope,
        where,
        az,
        `AZ is not in azs (${props.azs.join(", ")})`,
        `add "${az}" to azs or move the subnet to one of them`,
      );
      checkCidr(scope, where, cidr);
      if (!isKnown(cidr) || !isKnown(props.cidr)) continue;
      ensure(
        cidrContains(props.cidr, cidr),
        scope,
        where,
        cidr,
        `is not inside the VPC CIDR ${props.cidr}`,
        `choose a subnet within ${props.cidr}`,
      );
      for (const other of all) {
        ensure(
          !cidrsOverlap(other.cidr, cidr),
          scope,
          where,
          cidr,
          `overlaps ${other.where} (${other.cidr})`,
          "give every subnet its own, non-overlapping range",
        );
      }
      all.push({ where, cidr });
    }
  }

  for (const tier of Object.keys(dedicated)) {
    ensure(
      tier !== PUBLIC_TIER && tier !== PRIVATE_TIER && props.subnets[tier] !== undefined,
      scope,
      "dedicatedTiers",
      tier,
      `must name a dedicated tier present in subnets (dedicated tiers: ${
        tiers.filter((t) => t !== PUBLIC_TIER && t !== PRIVATE_TIER).join(", ") || "none"
      })`,
      "remove the entry or add the tier to subnets",
    );
  }

  for (const tier of Object.keys(props.subnetTags ?? {})) {
    ensure(
      props.subnets[tier] !== undefined,
      scope,
      "subnetTags",
      tier,
      `must name a tier present in subnets (tiers: ${tiers.join(", ")})`,
      "remove the entry or add the tier to subnets",
    );
  }

  if (natMode !== "none") {
    const publicAzs = Object.keys(props.subnets[PUBLIC_TIER] ?? {});
    ensure(
      publicAzs.length > 0,
      scope,
      "natGateways",
      natMode,
      "NAT gateways need a public subnet (and the internet gateway that comes with it)",
      'add subnets.public entries or set natGateways to "none"',
    );
    if (natMode === "per-az") {
      for (const tier of tiers) {
        if (!hasInternetEgress(props, tier)) continue;
        for (const az of Object.keys(props.subnets[tier])) {
          ensure(
            publicAzs.includes(az),
            scope,
            "natGateways",
            natMode,
            `"per-az" needs a public subnet in ${az} for subnets.${tier}.${az}`,
            `add subnets.public["${az}"] or set natGateways to "single"`,
          );
        }
      }
    }
  }

  const fl = props.flowLogs;
  checkOneOf(scope, "flowLogs.destination", fl.destination, ["cloud-watch-logs", "s3", "none"]);
  if (fl.destination === "cloud-watch-logs") {
    checkAccountId(scope, "flowLogs.accountId", fl.accountId);
    ensure(
      !isKnown(fl.region) || /^[a-z]{2}(-[a-z]+)+-\d$/.test(fl.region),
      scope,
      "flowLogs.region",
      fl.region,
      "must be an AWS region name",
      'use e.g. "eu-west-1"',
    );
    if (fl.retentionInDays !== undefined) {
      ensure(
        LOG_RETENTION_DAYS.includes(fl.retentionInDays),
        scope,
        "flowLogs.retentionInDays",
        fl.retentionInDays,
        `must be one of ${LOG_RETENTION_DAYS.join(", ")}`,
        "pick the nearest value CloudWatch Logs accepts",
      );
    }
    if (fl.kmsKeyArn !== undefined) checkArn(scope, "flowLogs.kmsKeyArn", fl.kmsKeyArn, "kms");
  } else if (fl.destination === "s3") {
    checkArn(scope, "flowLogs.bucketArn", fl.bucketArn, "s3");
  }
}

/**
 * A routing plan handed to the module (`internetRouting`) must be renderable: NAT gateways only in AZs with a
 * public subnet, default routes only for existing tiers and AZs, NAT targets that exist, and one target for
 * the shared public route table.
 */
export function checkInternetRouting(
  scope: IConstruct,
  props: NetworkVpcProps,
  routing: VpcInternetRouting,
): void {
  const publicAzs = tierAzs(props, PUBLIC_TIER);
  checkUnique(scope, "internetRouting.natGatewayAzs", routing.natGatewayAzs);
  routing.natGatewayAzs.forEach((az, i) =>
    ensure(
      publicAzs.includes(az),
      scope,
      `internetRouting.natGatewayAzs[${i}]`,
      az,
      `has no public subnet to hold a NAT gateway (public subnets: ${publicAzs.join(", ") || "none"})`,
      `add subnets.public["${az}"] or place the NAT gateway in an AZ with a public subnet`,
    ),
  );
  for (const [tier, byAz] of Object.entries(routing.defaultRoutes)) {
    for (const [az, target] of Object.entries(byAz)) {
      const at = `internetRouting.defaultRoutes.${tier}.${az}`;
      ensure(
        props.subnets[tier]?.[az] !== undefined,
        scope,
        at,
        target,
        `names a route table that does not exist (no subnets.${tier}["${az}"])`,
        "route only tiers and AZs that have a subnet",
      );
      if (target.kind === "nat-gateway")
        ensure(
          tier !== PUBLIC_TIER && routing.natGatewayAzs.includes(target.az),
          scope,
          at,
          target,
          tier === PUBLIC_TIER
            ? "sends the public tier through a NAT gateway, which itself routes through the public tier"
            : `targets a NAT gateway in ${target.az}, which is not in internetRouting.natGatewayAzs (${routing.natGatewayAzs.join(", ") || "none"})`,
          tier === PUBLIC_TIER
            ? "route the public tier to the internet gateway"
            : `add "${target.az}" to natGatewayAzs or target one of them`,
        );
      else
        ensure(
          tier === PUBLIC_TIER && publicAzs.length > 0,
          scope,
          at,
          target,
          "targets the internet gateway from a non-public tier (its resources would need public addresses)",
          "route private and dedicated tiers through a NAT gateway, or leave them without a default route",
        );
    }
  }
  const publicRoutes = Object.keys(routing.defaultRoutes[PUBLIC_TIER] ?? {});
  ensure(
    publicRoutes.length === 0 || publicRoutes.length === publicAzs.length,
    scope,
    "internetRouting.defaultRoutes.public",
    publicRoutes,
    `covers only some public AZs, but the public tier shares one route table (${publicAzs.join(", ")})`,
    "give every public AZ the internet gateway route, or none",
  );
}
