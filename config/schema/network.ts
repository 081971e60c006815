import { z } from "zod";
import { name } from "./common";
import { privateZoneSchema, resolverSchema } from "./dns";

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
  /** Attachment target: a VPC attached to this TGW, a TGW peering or an external attachment name. Omit with blackhole. */
  target: z.string().optional(),
  blackhole: z.boolean().default(false),
});

/**
 * A transit gateway attachment that a partner created toward this TGW and that this side accepts by id:
 * a TGW peering attachment from the partner's own TGW, or a VPC attachment of the partner's VPC to this TGW
 * (shared with the partner's account through `shareWithExternal`).
 */
export const tgwExternalAttachmentSchema = z.strictObject({
  /** External network (config name, `network.externalNetworks`) behind the attachment. */
  network: z.string(),
  kind: z.enum(["peering", "vpc"]),
  /** The attachment id the partner gives (`tgw-attach-…`). */
  attachmentId: z.string(),
  /** TGW route table the attachment is associated with: it decides where the partner's traffic may go. */
  associateWith: z.string(),
});

export const transitGatewaySchema = z.strictObject({
  account: z.string(),
  region: z.string(),
  /** Private ASN for the Amazon side: 64512–65534 or 4200000000–4294967294, unique per environment. */
  amazonSideAsn: z.number(),
  routeTables: z.array(name).min(1),
  /** Accounts (config names) the TGW is shared with through AWS RAM. */
  shareWith: z.array(z.string()).default([]),
  /**
   * External networks (config names) whose accounts the TGW is shared with through a RAM share that allows
   * principals outside the organization (each account receives an invitation to accept). A partner VPC
   * attachment needs it; a TGW peering attachment does not (the partner requests it with our TGW id).
   */
  shareWithExternal: z.array(z.string()).default([]),
  /** VPC attachments keyed by VPC config name. */
  attachments: z.record(z.string(), tgwAttachmentSchema).default({}),
  /** Partner-created attachments this TGW accepts, keyed by attachment name (a static route target). */
  externalAttachments: z.record(name, tgwExternalAttachmentSchema).default({}),
  staticRoutes: z.array(tgwStaticRouteSchema).default([]),
});

export const tgwPeeringSchema = z.strictObject({
  requester: z.string(),
  accepter: z.string(),
  /** TGW route table on each side the peering attachment is associated with. */
  routeTables: z.strictObject({ requester: z.string(), accepter: z.string() }),
});

/** A network the platform does not own (a partner's data plane): validated and routed like our own. */
export const externalNetworkSchema = z.strictObject({
  /** The partner's 12-digit AWS account id (not one of this environment's accounts). */
  accountId: z.string(),
  /** Region of the partner's VPC (or transit gateway). */
  region: z.string(),
  /** The partner's VPC id (`vpc-…`): needed to request a peering to it or to authorize it on a private zone. */
  vpcId: z.string().optional(),
  /** The partner's transit gateway id (`tgw-…`), when it peers its TGW with ours. */
  transitGatewayId: z.string().optional(),
  /** The address ranges behind the partner's side that our networks route to. */
  cidrs: z.array(cidr).min(1),
  /**
   * The partner's DNS servers (IPv4, inside `cidrs`) that Resolver rules may forward its domains to: the
   * addresses of its Resolver inbound endpoint, never its VPC's base + 2 (which Route 53 does not support as a
   * forwarding target from another network).
   */
  dnsServers: z.array(z.string()).default([]),
  description: z.string().optional(),
});

/**
 * A VPC peering between one of our VPCs and an external network: `accepter` when the partner requested it
 * (we accept its `peeringConnectionId`, route to its CIDRs and may let it resolve our hostnames), `requester`
 * when we request it (the partner accepts; routes are blackholed until then).
 */
export const externalPeeringSchema = z.strictObject({
  /** External network (config name). */
  network: z.string(),
  /** Our VPC (config name). */
  vpc: z.string(),
  role: z.enum(["accepter", "requester"]),
  /** The partner's peering request (`pcx-…`); required for `accepter`. */
  peeringConnectionId: z.string().optional(),
  /** Tiers of our VPC whose route tables get routes to the partner's CIDRs. */
  routeTiers: z.array(z.string()).default(["private"]),
  /**
   * Our side's DNS option (accepter or requester block): let the partner's VPC resolve our public DNS hostnames
   * to private IPs. A requester may set it only once the partner accepted (`partnerAccepted`).
   */
  allowRemoteVpcDnsResolution: z.boolean().default(false),
  /** Requester only: the partner has accepted, so the connection is active and its options can be set. */
  partnerAccepted: z.boolean().default(false),
});

export const networkSchema = z
  .strictObject({
    vpcs: z.record(name, vpcSchema).default({}),
    peerings: z.record(name, peeringSchema).default({}),
    transitGateways: z.record(name, transitGatewaySchema).default({}),
    tgwPeerings: z.record(name, tgwPeeringSchema).default({}),
    /** Networks the platform does not own, keyed by a name intents and connections use. */
    externalNetworks: z.record(name, externalNetworkSchema).default({}),
    /** VPC peerings with external networks. */
    externalPeerings: z.record(name, externalPeeringSchema).default({}),
    /** Route 53 private hosted zones, keyed by a short name. */
    privateZones: z.record(name, privateZoneSchema).default({}),
    /** Route 53 Resolver endpoints and forwarding rules, keyed by a short name (one per region and hub VPC). */
    resolvers: z.record(name, resolverSchema).default({}),
  })
  .default({
    vpcs: {},
    peerings: {},
    transitGateways: {},
    tgwPeerings: {},
    externalNetworks: {},
    externalPeerings: {},
    privateZones: {},
    resolvers: {},
  });
