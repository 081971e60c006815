import { z } from "zod";
import { name } from "./common";

const cidr = z.string();

export const vpcSchema = z.strictObject({
  /** Account (config name) that owns the VPC. */
  account: z.string(),
  region: z.string(),
  cidr,
  azs: z.array(z.string()).min(1),
  /**
   * Subnets per tier and AZ: `{ public: { "us-east-1a": "10.0.0.0/24" }, private: {...}, glue: {...} }`.
   * `public` and `private` are the standard tiers; any other tier is purpose-dedicated (e.g. glue, tgw) and isolated by its own NACL.
   */
  subnets: z.record(name, z.record(z.string(), cidr)),
  natGateways: z.enum(["none", "single", "per-az"]).default("single"),
  flowLogs: z
    .strictObject({
      destination: z.enum(["cloud-watch-logs", "s3"]).default("cloud-watch-logs"),
      retentionDays: z.number().default(365),
      /** Required when destination is s3. */
      s3BucketArn: z.string().optional(),
    })
    .default({ destination: "cloud-watch-logs", retentionDays: 365 }),
  /**
   * Subnet tiers EMR clusters may launch into: their subnets get the tag
   * `for-use-with-amazon-emr-managed-policies=true`, without which the EMR managed service policy
   * (AmazonEMRServicePolicy_v2) refuses to create cluster ENIs and instances there.
   */
  emrSubnetTiers: z.array(z.string()).default([]),
  /** VPC endpoints (PrivateLink): gateway endpoints on route tables, interface endpoints in one subnet per AZ. */
  endpoints: z
    .strictObject({
      /** Gateway endpoint services: `s3`, `dynamodb`. */
      gateway: z.array(z.string()).default([]),
      /** Interface endpoint services by catalog key (modules/privatelink/catalog.ts), e.g. `sts`, `ecr-api`. */
      interface: z.array(z.string()).default([]),
      /** Subnet tier the interface endpoints are placed in (one subnet per AZ). */
      subnetTier: z.string().default("private"),
      /** Route-table tiers that get the gateway endpoints. */
      routeTiers: z.array(z.string()).default(["private"]),
    })
    .optional(),
});

export const peeringSchema = z.strictObject({
  /** VPC (config name) that requests the connection. */
  requester: z.string(),
  /** VPC (config name) that accepts it. */
  accepter: z.string(),
  /** Auto-accept from the requester side; AWS allows it only for same-account, same-region peerings. */
  autoAccept: z.boolean().optional(),
  /** Let each side resolve the peer's private DNS hostnames to private IPs. */
  allowRemoteVpcDnsResolution: z
    .strictObject({ requester: z.boolean().default(true), accepter: z.boolean().default(true) })
    .default({ requester: true, accepter: true }),
  /** Subnet tiers whose route tables get a route to the peer CIDR, per side. */
  routeTiers: z
    .strictObject({
      requester: z.array(z.string()).default(["private"]),
      accepter: z.array(z.string()).default(["private"]),
    })
    .default({ requester: ["private"], accepter: ["private"] }),
});

export const tgwAttachmentSchema = z.strictObject({
  /** Dedicated subnet tier of the VPC that holds the attachment ENIs (one subnet per AZ). */
  subnetTier: z.string().default("tgw"),
  /** TGW route table this attachment is associated with. */
  associateWith: z.string(),
  /** TGW route tables this attachment propagates its CIDR to. */
  propagateTo: z.array(z.string()).default([]),
  /** VPC subnet tiers whose route tables send `routeCidrs` to the TGW. */
  routeTiers: z.array(z.string()).default(["private"]),
  /** Destinations routed to the TGW from those route tables. */
  routeCidrs: z.array(cidr).default([]),
});

export const tgwStaticRouteSchema = z.strictObject({
  routeTable: z.string(),
  cidr,
  /** Attachment target: a VPC attached to this TGW, or a TGW peering name. Omit with blackhole. */
  target: z.string().optional(),
  blackhole: z.boolean().default(false),
});

export const transitGatewaySchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  /** Private ASN for the Amazon side: 64512–65534 or 4200000000–4294967294, unique per environment. */
  amazonSideAsn: z.number(),
  routeTables: z.array(name).min(1),
  /** Accounts (config names) the TGW is shared with through AWS RAM. */
  shareWith: z.array(z.string()).default([]),
  /** VPC attachments keyed by VPC config name. */
  attachments: z.record(z.string(), tgwAttachmentSchema).default({}),
  staticRoutes: z.array(tgwStaticRouteSchema).default([]),
});

export const tgwPeeringSchema = z.strictObject({
  requester: z.string(),
  accepter: z.string(),
  /** TGW route table on each side the peering attachment is associated with. */
  routeTables: z.strictObject({ requester: z.string(), accepter: z.string() }),
});

export const networkSchema = z
  .strictObject({
    vpcs: z.record(name, vpcSchema).default({}),
    peerings: z.record(name, peeringSchema).default({}),
    transitGateways: z.record(name, transitGatewaySchema).default({}),
    tgwPeerings: z.record(name, tgwPeeringSchema).default({}),
  })
  .default({ vpcs: {}, peerings: {}, transitGateways: {}, tgwPeerings: {} });
