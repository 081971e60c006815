import { Ec2TransitGatewayPeeringAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment";
import { Ec2TransitGatewayPeeringAttachmentAccepter } from "@cdktf/provider-aws/lib/ec2-transit-gateway-peering-attachment-accepter";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayRouteTableAssociation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import {
  checkLiteralStrings,
  checkAccountId,
  checkCidr,
  checkNonEmpty,
  checkUnique,
  ensure,
  isKnown,
} from "../core";
import { checkName, checkRegion, checkRouteTableName, cidrKey } from "./checks";
import { isAttachmentRegistry, TransitGatewayRef } from "./types";

/** One side of a transit gateway peering. */
export interface TransitGatewayPeeringSide {
  /** The transit gateway (a {@link TransitGatewayHub} or its attributes); its provider creates this side. */
  readonly transitGateway: TransitGatewayRef;
  /** Route table (by name) of this side associated with the peering attachment. */
  readonly routeTable: string;
  /**
   * CIDRs behind the OTHER side: static routes in `routeTable` send them to the peering attachment.
   * Peering attachments do not propagate routes, so every destination is listed here.
   */
  readonly destinationCidrs: readonly string[];
}

export interface TransitGatewayPeeringProps {
  /** Attachment name: Name tags and the key in each hub's `attachmentIds`. */
  readonly name: string;
  /** Side that requests the peering (its provider creates the peering attachment). */
  readonly requester: TransitGatewayPeeringSide;
  /** Side that accepts it (its provider, in its account and region, creates the accepter). */
  readonly accepter: TransitGatewayPeeringSide;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Peering between two transit gateways (another region and/or account; AWS also allows two gateways in
 * one region): requester attachment, accepter on the peer side, an explicit route table association on
 * each side and static routes both ways. Everything that needs an available attachment waits for the
 * accepter.
 */
export class TransitGatewayPeering extends Construct {
  /** The peering attachment id, from the accepter (valid on both sides once accepted). */
  public readonly attachmentId: string;
  public readonly attachment: Ec2TransitGatewayPeeringAttachment;
  public readonly accepter: Ec2TransitGatewayPeeringAttachmentAccepter;
  public readonly requesterAssociation: Ec2TransitGatewayRouteTableAssociation;
  public readonly accepterAssociation: Ec2TransitGatewayRouteTableAssociation;
  /** Static routes on the requester side, destination CIDR → route. */
  public readonly requesterRoutes: Readonly<Record<string, Ec2TransitGatewayRoute>>;
  /** Static routes on the accepter side, destination CIDR → route. */
  public readonly accepterRoutes: Readonly<Record<string, Ec2TransitGatewayRoute>>;

  constructor(scope: Construct, id: string, props: TransitGatewayPeeringProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    const req = props.requester;
    const acc = props.accepter;
    checkName(this, "name", props.name);
    this.checkSide("requester", req);
    this.checkSide("accepter", acc);
    const reqTgw = req.transitGateway;
    const accTgw = acc.transitGateway;
    ensure(
      !isKnown(reqTgw.transitGatewayId) || reqTgw.transitGatewayId !== accTgw.transitGatewayId,
      this,
      "accepter.transitGateway",
      accTgw.transitGatewayId,
      "is the requester's own transit gateway",
      "peer two different transit gateways",
    );
    ensure(
      reqTgw !== accTgw,
      this,
      "accepter.transitGateway",
      `${accTgw.region}/${accTgw.accountId}`,
      "is the requester's own transit gateway",
      "peer two different transit gateways",
    );
    const asns = [reqTgw.amazonSideAsn, accTgw.amazonSideAsn];
    ensure(
      asns.some((a) => a === undefined || !isKnown(a)) || asns[0] !== asns[1],
      this,
      "accepter.transitGateway.amazonSideAsn",
      accTgw.amazonSideAsn,
      "equals the requester's ASN; AWS asks for unique ASNs on peered transit gateways",
      "give one of the transit gateways another private ASN",
    );

    this.attachment = new Ec2TransitGatewayPeeringAttachment(this, "attachment", {
      provider: reqTgw.provider,
      transitGatewayId: reqTgw.transitGatewayId,
      peerTransitGatewayId: accTgw.transitGatewayId,
      peerRegion: accTgw.region,
      peerAccountId: accTgw.accountId,
      tags: { ...tags, Name: props.name },
    });
    this.accepter = new Ec2TransitGatewayPeeringAttachmentAccepter(this, "accepter", {
      provider: accTgw.provider,
      transitGatewayAttachmentId: this.attachment.id,
      tags: { ...tags, Name: props.name },
    });
    this.attachmentId = this.accepter.id;

    // Associating (or routing to) an attachment that is still pendingAcceptance fails, so the requester
    // side waits for the accepter explicitly; the accepter side gets the dependency through its id.
    const afterAcceptance: ITerraformDependable[] = [this.accepter];
    this.requesterAssociation = new Ec2TransitGatewayRouteTableAssociation(this, "requester-association", {
      provider: reqTgw.provider,
      transitGatewayAttachmentId: this.attachment.id,
      transitGatewayRouteTableId: reqTgw.routeTableIds[req.routeTable],
      dependsOn: afterAcceptance,
    });
    this.accepterAssociation = new Ec2TransitGatewayRouteTableAssociation(this, "accepter-association", {
      provider: accTgw.provider,
      transitGatewayAttachmentId: this.accepter.id,
      transitGatewayRouteTableId: accTgw.routeTableIds[acc.routeTable],
    });

    this.requesterRoutes = this.routes("requester", req, this.attachment.id, afterAcceptance, props.name);
    this.accepterRoutes = this.routes("accepter", acc, this.accepter.id, [], props.name);
  }

  /**
   * On a {@link TransitGatewayHub} the attachment is registered by name and its routes are the hub's
   * (so the hub catches a duplicate route and more routes can name the peering); on a bare reference
   * the routes live in this construct.
   */
  private routes(
    sideName: "requester" | "accepter",
    side: TransitGatewayPeeringSide,
    attachmentId: string,
    dependsOn: ITerraformDependable[],
    name: string,
  ): Record<string, Ec2TransitGatewayRoute> {
    const tgw = side.transitGateway;
    const routes: Record<string, Ec2TransitGatewayRoute> = {};
    if (isAttachmentRegistry(tgw)) {
      tgw.registerAttachment(name, attachmentId, dependsOn);
      for (const cidr of side.destinationCidrs) {
        routes[cidr] = tgw.addStaticRoute(side.routeTable, cidr, name) as Ec2TransitGatewayRoute;
      }
      return routes;
    }
    for (const cidr of side.destinationCidrs) {
      routes[cidr] = new Ec2TransitGatewayRoute(
        this,
        `${sideName}-route-${side.routeTable}-${cidrKey(cidr)}`,
        {
          provider: tgw.provider,
          transitGatewayRouteTableId: tgw.routeTableIds[side.routeTable],
          destinationCidrBlock: cidr,
          transitGatewayAttachmentId: attachmentId,
          dependsOn: dependsOn.length ? dependsOn : undefined,
        },
      );
    }
    return routes;
  }

  private checkSide(prefix: string, side: TransitGatewayPeeringSide): void {
    const tgw = side.transitGateway;
    checkRegion(this, `${prefix}.transitGateway.region`, tgw.region);
    checkAccountId(this, `${prefix}.transitGateway.accountId`, tgw.accountId);
    checkRouteTableName(this, `${prefix}.routeTable`, side.routeTable, tgw.routeTableIds);
    checkNonEmpty(this, `${prefix}.destinationCidrs`, side.destinationCidrs);
    side.destinationCidrs.forEach((c, i) => checkCidr(this, `${prefix}.destinationCidrs[${i}]`, c));
    checkUnique(this, `${prefix}.destinationCidrs`, side.destinationCidrs);
  }
}
