import { Ec2TransitGatewayPeeringAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment-accepter";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayVpcAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment-accepter";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  checkAccountId,
  checkArn,
  checkCidr,
  checkNonEmpty,
  checkResourceId,
  checkUnique,
  ensure,
} from "../core";
import { checkRouteTableName } from "../transit-gateway/checks";
import { checkRouting, createRouting, AttachmentRouting } from "../transit-gateway/routing";
import { isAttachmentRegistry, TransitGatewayRef } from "../transit-gateway/types";
import { checkName } from "./checks";
import { operand } from "./peering";

export interface PartnerTransitGatewayShareProps {
  /** Name of the RAM resource share, e.g. `prod-hub-east-partners`. */
  readonly name: string;
  /** ARN of our transit gateway. */
  readonly transitGatewayArn: string;
  /**
   * Partner accounts (12-digit ids) outside our organization that may attach VPCs to it (each attachment still
   * needs our acceptance). A TGW peering needs no share: the partner requests it with our TGW id and account.
   */
  readonly partnerAccountIds: readonly string[];
  /** Provider of the transit gateway's account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Shares a transit gateway with partner accounts outside the organization through AWS RAM (R-NET-6): a
 * resource share that allows external principals, the TGW, and one principal association per account. Each
 * partner receives an invitation it must accept (provider docs, aws_ram_principal_association: "For AWS
 * Account ID principals outside the AWS Organization, a resource share invitation is sent and must be
 * accepted"), so hand it `shareArn`. Kept apart from the organization's own share, which need not allow
 * external principals.
 */
export class PartnerTransitGatewayShare extends Construct {
  public readonly share: RamResourceShare;
  public readonly shareArn: string;
  /** Principal associations by partner account id. */
  public readonly principals: Readonly<Record<string, RamPrincipalAssociation>>;

  constructor(scope: Construct, id: string, props: PartnerTransitGatewayShareProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    checkName(this, props.name);
    checkArn(this, "transitGatewayArn", props.transitGatewayArn, "ec2");
    checkNonEmpty(this, "partnerAccountIds", props.partnerAccountIds);
    props.partnerAccountIds.forEach((a, i) => checkAccountId(this, `partnerAccountIds[${i}]`, a));
    checkUnique(this, "partnerAccountIds", props.partnerAccountIds);

    this.share = new RamResourceShare(this, "share", {
      provider: props.provider,
      name: props.name,
      allowExternalPrincipals: true,
      tags: { ...tags, Name: props.name },
    });
    this.shareArn = this.share.arn;
    new RamResourceAssociation(this, "transit-gateway", {
      provider: props.provider,
      resourceArn: props.transitGatewayArn,
      resourceShareArn: this.share.arn,
    });
    const principals: Record<string, RamPrincipalAssociation> = {};
    for (const account of props.partnerAccountIds)
      principals[account] = new RamPrincipalAssociation(this, `principal-${account}`, {
        provider: props.provider,
        principal: account,
        resourceShareArn: this.share.arn,
      });
    this.principals = principals;
  }
}

export interface PartnerTransitGatewayAttachmentProps {
  /** Attachment name: Name tag, and the name static routes use to target it on a {@link TransitGatewayHub}. */
  readonly name: string;
  /** Our transit gateway (a TransitGatewayHub or its attributes); its provider accepts and routes. */
  readonly transitGateway: TransitGatewayRef;
  /**
   * `peering`: the partner peered its own transit gateway with ours; `vpc`: the partner attached its VPC to
   * our transit gateway, shared with it (see {@link PartnerTransitGatewayShare}).
   */
  readonly kind: "peering" | "vpc";
  /** The attachment the partner created (`tgw-attach-…`). */
  readonly attachmentId: string;
  /** The partner's 12-digit AWS account id: checked against the attachment after acceptance. */
  readonly partnerAccountId: string;
  /** Route table (by name) of our TGW associated with the attachment: it decides where partner traffic goes. */
  readonly associateWith: string;
  /**
   * Route tables that learn the partner VPC's CIDRs by propagation (VPC attachments only: peering attachments
   * carry static routes only).
   * @default [] - use static routes to the partner's agreed ranges instead
   */
  readonly propagateTo?: readonly string[];
  /**
   * Static routes toward the partner: route table name → destination CIDRs. On a TransitGatewayHub they can
   * also be added later with `hub.addStaticRoute(table, cidr, name)`.
   * @default {}
   */
  readonly staticRoutes?: Readonly<Record<string, readonly string[]>>;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `10.1.0.0/16` → `10-1-0-0-16`. */
const slug = (cidr: string) => cidr.replace(/[./]/g, "-");

/**
 * Accepts a transit gateway attachment a partner created toward our transit gateway (R-NET-6): a TGW peering
 * attachment from the partner's own TGW, or a VPC attachment of its VPC to our shared TGW. Then associates it
 * explicitly (our TGW has no default route table) and routes to it statically. After acceptance Terraform
 * checks the attachment belongs to the partner's account; if not, the apply stops before anything routes to it.
 *
 * Unlike a peering accepter, destroying this construct deletes the attachment (the provider's accepter delete
 * calls DeleteTransitGateway{Peering,Vpc}Attachment).
 */
export class PartnerTransitGatewayAttachment extends Construct implements AttachmentRouting {
  /** The attachment id, from the accepter (anything using it waits for acceptance). */
  public readonly attachmentId: string;
  public readonly accepter:
    Ec2TransitGatewayPeeringAttachmentAccepter | Ec2TransitGatewayVpcAttachmentAccepter;
  public readonly association: AttachmentRouting["association"];
  public readonly propagations: AttachmentRouting["propagations"];
  /** Static routes by route table and CIDR (only those given in `staticRoutes`). */
  public readonly routes: Readonly<Record<string, Readonly<Record<string, Ec2TransitGatewayRoute>>>>;

  constructor(scope: Construct, id: string, props: PartnerTransitGatewayAttachmentProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    const propagateTo = props.propagateTo ?? [];
    const staticRoutes = props.staticRoutes ?? {};
    const tgw = props.transitGateway;
    checkName(this, props.name);
    checkResourceId(this, "attachmentId", props.attachmentId, "tgw-attach");
    checkAccountId(this, "partnerAccountId", props.partnerAccountId);
    ensure(
      props.partnerAccountId !== tgw.accountId,
      this,
      "partnerAccountId",
      props.partnerAccountId,
      "is the transit gateway's own account",
      "accept only attachments from the partner's account; attach our own VPCs with TransitGatewayHub",
    );
    ensure(
      props.kind === "vpc" || propagateTo.length === 0,
      this,
      "propagateTo",
      propagateTo,
      "is set on a TGW peering attachment, which carries static routes only (Transit Gateway guide, peering attachments)",
      "remove propagateTo and route the partner's ranges with staticRoutes",
    );
    checkRouting(this, tgw.routeTableIds, props.associateWith, propagateTo);
    for (const [table, cidrs] of Object.entries(staticRoutes)) {
      checkRouteTableName(this, `staticRoutes.${table}`, table, tgw.routeTableIds);
      cidrs.forEach((c, i) => checkCidr(this, `staticRoutes.${table}[${i}]`, c));
      checkUnique(this, `staticRoutes.${table}`, cidrs);
    }

    const owner = props.kind === "peering" ? "peer_account_id" : "vpc_owner_id";
    const lifecycle = {
      postcondition: [
        {
          condition: `\${self.${owner} == ${operand(props.partnerAccountId)}}`,
          errorMessage: `Attachment ${props.attachmentId} does not belong to partner account ${props.partnerAccountId}. It is accepted, but nothing was associated or routed; delete it (aws ec2 ${props.kind === "peering" ? "delete-transit-gateway-peering-attachment" : "delete-transit-gateway-vpc-attachment"} --transit-gateway-attachment-id ${props.attachmentId}) and check the id with the partner.`,
        },
      ],
    };
    this.accepter =
      props.kind === "peering"
        ? new Ec2TransitGatewayPeeringAttachmentAccepter(this, "accepter", {
            provider: tgw.provider,
            transitGatewayAttachmentId: props.attachmentId,
            tags: { ...tags, Name: props.name },
            lifecycle,
          })
        : new Ec2TransitGatewayVpcAttachmentAccepter(this, "accepter", {
            provider: tgw.provider,
            transitGatewayAttachmentId: props.attachmentId,
            // Our TGW has no default route tables: the provider reads these back as false, so they are set
            // false to keep plans clean (hashicorp/terraform-provider-aws #6664); routing is explicit below.
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
            tags: { ...tags, Name: props.name },
            lifecycle,
          });
    this.attachmentId = this.accepter.id;

    const routing = createRouting(
      this,
      tgw.provider,
      tgw.routeTableIds,
      this.attachmentId,
      props.associateWith,
      propagateTo,
    );
    this.association = routing.association;
    this.propagations = routing.propagations;

    const routes: Record<string, Record<string, Ec2TransitGatewayRoute>> = {};
    if (isAttachmentRegistry(tgw)) tgw.registerAttachment(props.name, this.attachmentId, [this.accepter]);
    for (const [table, cidrs] of Object.entries(staticRoutes)) {
      routes[table] = {};
      for (const cidr of cidrs)
        routes[table][cidr] = isAttachmentRegistry(tgw)
          ? (tgw.addStaticRoute(table, cidr, props.name) as Ec2TransitGatewayRoute)
          : new Ec2TransitGatewayRoute(this, `route-${table}-${slug(cidr)}`, {
              provider: tgw.provider,
              transitGatewayRouteTableId: tgw.routeTableIds[table],
              destinationCidrBlock: cidr,
              transitGatewayAttachmentId: this.attachmentId,
            });
    }
    this.routes = routes;
  }
}
