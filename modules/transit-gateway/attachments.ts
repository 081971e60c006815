import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Ec2TransitGatewayVpcAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment-accepter";
import { RamResourceShareAccepter } from "@cdktf/provider-aws/lib/ram-resource-share-accepter";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, checkAccountId, checkArn, ensure, isKnown } from "../core";
import { checkAttachmentSubnets, checkName, ramPrincipal } from "./checks";
import {
  AttachmentRouting,
  checkRouting,
  createRouting,
  TransitGatewayVpcRouteOptions,
  TransitGatewayVpcRoutes,
} from "./routing";
import { isAttachmentRegistry, TransitGatewayRef } from "./types";

/** A VPC attachment, in the transit gateway's account or a spoke account. */
export interface TransitGatewayVpcAttachmentOptions {
  readonly vpcId: string;
  /**
   * One dedicated attachment subnet per AZ, AZ name → subnet id. AWS places the attachment's network
   * interfaces there; a small subnet (/28) per AZ that holds nothing else keeps the VPC's own NACLs and
   * route tables for workloads independent of transit routing.
   */
  readonly subnetIds: Readonly<Record<string, string>>;
  /** Transit gateway route table (by name) the attachment is associated with: it decides where its traffic goes. */
  readonly associateWith: string;
  /**
   * Transit gateway route tables (by name) that learn this VPC's CIDRs.
   * @default [] - no propagation; add static routes instead
   */
  readonly propagateTo?: readonly string[];
  /**
   * Keep both directions of a flow on the same AZ's interface (needed for stateful appliances in the VPC).
   * @default false
   */
  readonly applianceModeSupport?: boolean;
  /** @default true */
  readonly dnsSupport?: boolean;
  /**
   * Routes in the VPC's route tables toward the transit gateway, created after the attachment is usable.
   * @default - no VPC routes
   */
  readonly vpcRoutes?: TransitGatewayVpcRouteOptions;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface TransitGatewayVpcAttachmentProps extends TransitGatewayVpcAttachmentOptions {
  /** The transit gateway, whose account also owns the VPC. */
  readonly transitGateway: TransitGatewayRef;
  /** Attachment name: construct ids, the Name tag and the key in the hub's `attachmentIds`. */
  readonly name: string;
}

function enableDisable(on: boolean): string {
  return on ? "enable" : "disable";
}

function checkCommon(
  scope: Construct,
  props: TransitGatewayVpcAttachmentProps,
  propagateTo: readonly string[],
): void {
  checkName(scope, "name", props.name);
  checkAttachmentSubnets(scope, "subnetIds", props.subnetIds, props.transitGateway.region);
  checkRouting(scope, props.transitGateway.routeTableIds, props.associateWith, propagateTo);
}

function sortedSubnetIds(subnetIds: Readonly<Record<string, string>>): string[] {
  // Sorted by AZ so the synthesized list does not depend on the caller's key order.
  return Object.keys(subnetIds)
    .sort()
    .map((az) => subnetIds[az]);
}

/**
 * A VPC in the transit gateway's own account, attached with explicit association and propagation.
 * For a VPC in another account use {@link TransitGatewaySpokeAttachment}.
 */
export class TransitGatewayVpcAttachment extends Construct implements AttachmentRouting {
  public readonly attachmentId: string;
  public readonly attachment: Ec2TransitGatewayVpcAttachment;
  public readonly association: AttachmentRouting["association"];
  public readonly propagations: AttachmentRouting["propagations"];
  /** @default undefined when no `vpcRoutes` were asked for */
  public readonly vpcRoutes?: TransitGatewayVpcRoutes;

  constructor(scope: Construct, id: string, props: TransitGatewayVpcAttachmentProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const propagateTo = props.propagateTo ?? [];
    const applianceModeSupport = props.applianceModeSupport ?? false;
    const dnsSupport = props.dnsSupport ?? true;
    const tags = props.tags ?? {};
    const tgw = props.transitGateway;
    checkCommon(this, props, propagateTo);

    this.attachment = new Ec2TransitGatewayVpcAttachment(this, "attachment", {
      provider: tgw.provider,
      transitGatewayId: tgw.transitGatewayId,
      vpcId: props.vpcId,
      subnetIds: sortedSubnetIds(props.subnetIds),
      applianceModeSupport: enableDisable(applianceModeSupport),
      dnsSupport: enableDisable(dnsSupport),
      // Same account: the provider can read the TGW's route tables, so these flags are honoured and
      // drift-checked. Routing is only what the association/propagations below say.
      transitGatewayDefaultRouteTableAssociation: false,
      transitGatewayDefaultRouteTablePropagation: false,
      tags: { ...tags, Name: props.name },
    });
    this.attachmentId = this.attachment.id;
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
    if (props.vpcRoutes) {
      this.vpcRoutes = new TransitGatewayVpcRoutes(this, "vpc-routes", {
        ...props.vpcRoutes,
        provider: tgw.provider,
        transitGatewayId: tgw.transitGatewayId,
        dependsOn: [this.attachment],
      });
    }
    if (isAttachmentRegistry(tgw)) tgw.registerAttachment(props.name, this.attachmentId);
  }
}

export interface TransitGatewaySpokeAttachmentProps extends TransitGatewayVpcAttachmentProps {
  /** Provider for the spoke account (the VPC's owner), in the transit gateway's region. */
  readonly spokeProvider: TerraformProvider;
  /** Account that owns the VPC; must differ from the transit gateway's account. */
  readonly spokeAccountId: string;
  /**
   * ARN of the RAM resource share to accept in the spoke account. Needed only when the share reaches the
   * spoke as an invitation: an account outside the hub's AWS Organization, or an organization without
   * RAM sharing enabled (then the share must also allow external principals).
   * @default - no invitation to accept (the spoke is in the hub's organization with RAM sharing enabled)
   */
  readonly acceptResourceShareArn?: string;
  /**
   * What the spoke attachment waits for before it asks for the attachment (RAM associations).
   * @default - `transitGateway.ramShareDependencies`
   */
  readonly shareDependencies?: readonly ITerraformDependable[];
}

/**
 * A VPC in another account attached to a transit gateway shared through RAM. The spoke account requests
 * the attachment; because the hub does not auto-accept shared attachments, the hub account accepts it
 * explicitly and then owns its association and propagations (only the transit gateway owner can change
 * its route tables).
 */
export class TransitGatewaySpokeAttachment extends Construct implements AttachmentRouting {
  /** The attachment id, taken from the accepter so that anything using it waits for acceptance. */
  public readonly attachmentId: string;
  /** Spoke side (spoke provider). */
  public readonly attachment: Ec2TransitGatewayVpcAttachment;
  /** Hub side (transit gateway provider). */
  public readonly accepter: Ec2TransitGatewayVpcAttachmentAccepter;
  /** @default undefined when no `acceptResourceShareArn` is given */
  public readonly shareAccepter?: RamResourceShareAccepter;
  public readonly association: AttachmentRouting["association"];
  public readonly propagations: AttachmentRouting["propagations"];
  /** VPC routes in the spoke account. @default undefined when no `vpcRoutes` were asked for */
  public readonly vpcRoutes?: TransitGatewayVpcRoutes;

  constructor(scope: Construct, id: string, props: TransitGatewaySpokeAttachmentProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const propagateTo = props.propagateTo ?? [];
    const applianceModeSupport = props.applianceModeSupport ?? false;
    const dnsSupport = props.dnsSupport ?? true;
    const tags = props.tags ?? {};
    const tgw = props.transitGateway;
    const shareDependencies = [...(props.shareDependencies ?? tgw.ramShareDependencies ?? [])];
    checkCommon(this, props, propagateTo);
    checkAccountId(this, "spokeAccountId", props.spokeAccountId);
    ensure(
      !isKnown(props.spokeAccountId) || !isKnown(tgw.accountId) || props.spokeAccountId !== tgw.accountId,
      this,
      "spokeAccountId",
      props.spokeAccountId,
      "is the transit gateway's own account; a same-account attachment has nothing to accept",
      "use TransitGatewayVpcAttachment (hub.addVpcAttachment) for VPCs in the hub account",
    );
    checkArn(this, "acceptResourceShareArn", props.acceptResourceShareArn, "ram");
    checkSharedWith(this, props.spokeAccountId, tgw.ramPrincipals);

    if (props.acceptResourceShareArn !== undefined) {
      this.shareAccepter = new RamResourceShareAccepter(this, "share-accepter", {
        provider: props.spokeProvider,
        shareArn: props.acceptResourceShareArn,
        dependsOn: shareDependencies.length ? shareDependencies : undefined,
      });
    }
    const waitFor = this.shareAccepter ? [this.shareAccepter] : shareDependencies;

    this.attachment = new Ec2TransitGatewayVpcAttachment(this, "attachment", {
      provider: props.spokeProvider,
      transitGatewayId: tgw.transitGatewayId,
      vpcId: props.vpcId,
      subnetIds: sortedSubnetIds(props.subnetIds),
      applianceModeSupport: enableDisable(applianceModeSupport),
      dnsSupport: enableDisable(dnsSupport),
      // transit_gateway_default_route_table_* are left unset on purpose: for a RAM-shared transit
      // gateway the provider can neither apply nor read them (it reports true), so setting false here
      // would show a diff on every plan. The hub's defaults are off and the accepter below sets them.
      tags: { ...tags, Name: props.name },
      dependsOn: waitFor.length ? waitFor : undefined,
    });

    this.accepter = new Ec2TransitGatewayVpcAttachmentAccepter(this, "accepter", {
      provider: tgw.provider,
      transitGatewayAttachmentId: this.attachment.id,
      // The accepter's flags default to true; with the hub's default route tables disabled the provider
      // reads them back as false, so they are set false to match and keep plans clean.
      transitGatewayDefaultRouteTableAssociation: false,
      transitGatewayDefaultRouteTablePropagation: false,
      tags: { ...tags, Name: props.name },
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
    if (props.vpcRoutes) {
      this.vpcRoutes = new TransitGatewayVpcRoutes(this, "vpc-routes", {
        ...props.vpcRoutes,
        provider: props.spokeProvider,
        transitGatewayId: tgw.transitGatewayId,
        // A pending (unaccepted) attachment carries no traffic; routes wait for acceptance.
        dependsOn: [this.accepter],
      });
    }
    if (isAttachmentRegistry(tgw)) tgw.registerAttachment(props.name, this.attachmentId);
  }
}

/** When the share's principals are all accounts, the spoke account must be one of them. */
function checkSharedWith(
  scope: Construct,
  spokeAccountId: string,
  principals: readonly string[] | undefined,
): void {
  if (principals === undefined || !isKnown(spokeAccountId) || principals.some((p) => !isKnown(p))) return;
  const kinds = principals.map((p) => ramPrincipal(p)?.kind);
  if (kinds.some((k) => k !== "account")) return; // an OU or the organization may contain it: not decidable here
  ensure(
    principals.includes(spokeAccountId),
    scope,
    "spokeAccountId",
    spokeAccountId,
    `the transit gateway is not shared with this account (RAM principals: ${principals.join(", ") || "none"})`,
    "add the account (or its OU / organization) to the hub's ramShare.principals",
  );
}
