import { Route53VpcAssociationAuthorization } from "@cdktf/provider-aws/lib/route53-vpc-association-authorization";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Route53ZoneAssociation } from "@cdktf/provider-aws/lib/route53-zone-association";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings } from "../core";
import { checkDomain, checkKey, checkVpcRef } from "./checks";

/** A VPC by id and region. */
export interface ZoneVpc {
  readonly vpcId: string;
  readonly region: string;
}

/** A VPC to associate with the zone. */
export interface ZoneVpcAssociation extends ZoneVpc {
  /**
   * Provider of the VPC's account (and region) when it is not the zone's account: the zone owner then
   * authorizes the association and this provider makes it.
   * @default - the VPC is in the zone's account: associated with the zone's provider
   */
  readonly ownerProvider?: TerraformProvider;
}

export interface PrivateHostedZoneProps {
  /** The domain, e.g. `warehouse.internal`. */
  readonly domain: string;
  /** A VPC of the zone's own account: a private zone is created together with one (Route 53 developer guide). */
  readonly primaryVpc: ZoneVpc;
  /** More of our VPCs that resolve the zone, keyed by a stable name. @default {} */
  readonly vpcs?: Readonly<Record<string, ZoneVpcAssociation>>;
  /**
   * Partner VPCs (other accounts we do not manage), keyed by a stable name: authorized here; the partner runs
   * the association (`partnerAssociationCommands`).
   * @default {}
   */
  readonly partnerVpcs?: Readonly<Record<string, ZoneVpc>>;
  /** @default - "Managed by cdktf" */
  readonly comment?: string;
  /** Provider of the zone's account. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Route 53 private hosted zone associated with VPCs of several accounts (R-NET-7): created with a VPC of its
 * own account, then associated with the others — in the zone's account directly, across accounts through the
 * zone owner's authorization and the VPC owner's association (each with its own provider, in one apply), and
 * for a partner's VPC through the authorization plus the step the partner runs itself.
 *
 * Every VPC must have `enableDnsHostnames` and `enableDnsSupport` (Route 53 developer guide, "Considerations
 * when working with a private hosted zone"); NetworkVpc sets both.
 */
export class PrivateHostedZone extends Construct {
  public readonly zone: Route53Zone;
  public readonly zoneId: string;
  /** Associations of `vpcs`, by name. */
  public readonly associations: Readonly<Record<string, Route53ZoneAssociation>>;
  /** Authorizations of VPCs in other accounts (ours across accounts and partners'), by name. */
  public readonly authorizations: Readonly<Record<string, Route53VpcAssociationAuthorization>>;
  /**
   * Per partner VPC, the AWS CLI command the partner runs in its account after the apply (Route 53 developer
   * guide, "Associating an Amazon VPC and a private hosted zone that you created with different AWS accounts").
   */
  public readonly partnerAssociationCommands: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: PrivateHostedZoneProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const vpcs = props.vpcs ?? {};
    const partners = props.partnerVpcs ?? {};
    const tags = props.tags ?? {};
    checkDomain(this, "domain", props.domain);
    checkVpcRef(this, "primaryVpc", props.primaryVpc);
    for (const [k, v] of Object.entries(vpcs)) {
      checkKey(this, "vpcs", k);
      checkVpcRef(this, `vpcs.${k}`, v);
    }
    for (const [k, v] of Object.entries(partners)) {
      checkKey(this, "partnerVpcs", k);
      checkVpcRef(this, `partnerVpcs.${k}`, v);
    }

    this.zone = new Route53Zone(this, "zone", {
      provider: props.provider,
      name: props.domain,
      comment: props.comment,
      vpc: [{ vpcId: props.primaryVpc.vpcId, vpcRegion: props.primaryVpc.region }],
      // Inline VPC blocks and aws_route53_zone_association resources on one zone cause a perpetual diff unless
      // the zone ignores its vpc set (provider docs, aws_route53_zone); that also covers partner associations.
      lifecycle: { ignoreChanges: ["vpc"] },
      tags,
    });
    this.zoneId = this.zone.zoneId;

    const associations: Record<string, Route53ZoneAssociation> = {};
    const authorizations: Record<string, Route53VpcAssociationAuthorization> = {};
    const authorize = (key: string, v: ZoneVpc) =>
      (authorizations[key] = new Route53VpcAssociationAuthorization(this, `authorization-${key}`, {
        // With the zone owner's credentials (CreateVPCAssociationAuthorization must be called by the zone's
        // account); vpc_region defaults to the provider's region, so it is always set.
        provider: props.provider,
        zoneId: this.zoneId,
        vpcId: v.vpcId,
        vpcRegion: v.region,
      }));
    for (const [key, v] of Object.entries(vpcs)) {
      const auth = v.ownerProvider ? authorize(key, v) : undefined;
      associations[key] = new Route53ZoneAssociation(this, `association-${key}`, {
        provider: v.ownerProvider ?? props.provider,
        zoneId: this.zoneId,
        vpcId: v.vpcId,
        vpcRegion: v.region,
        dependsOn: auth ? [auth] : undefined,
      });
    }
    const commands: Record<string, string> = {};
    for (const [key, v] of Object.entries(partners)) {
      authorize(key, v);
      commands[key] =
        `aws route53 associate-vpc-with-hosted-zone --hosted-zone-id ${this.zoneId} --vpc VPCRegion=${v.region},VPCId=${v.vpcId}`;
    }
    this.associations = associations;
    this.authorizations = authorizations;
    this.partnerAssociationCommands = commands;
  }
}
