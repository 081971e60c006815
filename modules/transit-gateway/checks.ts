import { IConstruct } from "constructs";
import { ensure, isKnown } from "../core";

/**
 * Private ASN ranges a transit gateway accepts as its Amazon-side ASN (16-bit 64512–65534 and 32-bit
 * 4200000000–4294967294); 65535 and 4294967295 are reserved.
 */
export const TGW_ASN_RANGES: readonly (readonly [number, number])[] = [
  [64512, 65534],
  [4200000000, 4294967294],
];

export function checkAsn(scope: IConstruct, prop: string, asn: number): void {
  if (!isKnown(asn)) return;
  ensure(
    Number.isInteger(asn) && TGW_ASN_RANGES.some(([lo, hi]) => asn >= lo && asn <= hi),
    scope,
    prop,
    asn,
    "must be a private ASN from 64512 to 65534 or from 4200000000 to 4294967294",
    `pick an unused private ASN in one of those ranges (each peered transit gateway needs its own)`,
  );
}

/**
 * Names the caller gives to route tables and attachments become construct ids and Terraform
 * addresses, so they are kept to characters every one of those accepts.
 */
export function checkName(scope: IConstruct, prop: string, name: string): void {
  ensure(
    typeof name === "string" && /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(name),
    scope,
    prop,
    name,
    "must be 1-63 letters, digits, '-' or '_', starting with a letter or digit",
    `rename it, e.g. "shared-services"`,
  );
}

// One region rule for every module: core's.
export { checkRegion } from "../core";

/** A name the caller used must be one of the route tables the transit gateway has. */
export function checkRouteTableName(
  scope: IConstruct,
  prop: string,
  name: string,
  routeTableIds: Readonly<Record<string, string>>,
): void {
  const known = Object.keys(routeTableIds);
  ensure(
    Object.prototype.hasOwnProperty.call(routeTableIds, name),
    scope,
    prop,
    name,
    `is not a route table of this transit gateway (known: ${known.map((k) => JSON.stringify(k)).join(", ") || "none"})`,
    "use one of the known names, or add the route table to the transit gateway's routeTables",
  );
}

const AZ_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/;

/**
 * One dedicated subnet per AZ: the record's keys already make AZs unique; this adds "at least one",
 * "no subnet listed twice" and, where a key is an AZ name, "in the attachment's region" (a transit
 * gateway can only attach VPCs in its own region).
 */
export function checkAttachmentSubnets(
  scope: IConstruct,
  prop: string,
  subnetIds: Readonly<Record<string, string>>,
  region: string,
): void {
  const azs = Object.keys(subnetIds ?? {});
  ensure(
    azs.length > 0,
    scope,
    prop,
    subnetIds,
    "must name one subnet per AZ (at least one)",
    `give { "<az>": "<subnet id>" } with one dedicated attachment subnet in each AZ`,
  );
  const seen = new Map<string, string>();
  for (const az of azs) {
    const id = subnetIds[az];
    if (isKnown(region)) {
      const m = AZ_NAME.exec(az);
      ensure(
        !m || m[1] === region,
        scope,
        `${prop}.${az}`,
        id,
        `AZ ${az} is not in region ${region}; a transit gateway attaches only VPCs in its own region`,
        `attach subnets of a VPC in ${region}, or peer with a transit gateway in the VPC's region`,
      );
    }
    if (!isKnown(id)) continue;
    ensure(
      !seen.has(id),
      scope,
      `${prop}.${az}`,
      id,
      `is already the subnet for AZ ${seen.get(id)}`,
      "give each AZ its own subnet",
    );
    seen.set(id, az);
  }
}

/** Kebab-case construct id segment for a CIDR (`10.0.0.0/16` → `10-0-0-0-16`). */
export function cidrKey(cidr: string): string {
  return cidr.replace(/[./:]/g, "-");
}

const OU_ARN =
  /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$/;
const ORG_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/(o-[a-z0-9]{10,32})$/;

/** Kind of a RAM principal a transit gateway can be shared with. */
export type RamPrincipalKind = "account" | "organizational-unit" | "organization";

/** Classifies a RAM principal; undefined when it is none of the kinds a transit gateway can be shared with. */
export function ramPrincipal(principal: string): { kind: RamPrincipalKind; key: string } | undefined {
  if (/^\d{12}$/.test(principal)) return { kind: "account", key: principal };
  const ou = OU_ARN.exec(principal);
  if (ou) return { kind: "organizational-unit", key: ou[1] };
  const org = ORG_ARN.exec(principal);
  if (org) return { kind: "organization", key: org[1] };
  return undefined;
}
