import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { VpcPeeringConnectionOptions } from "@cdktf/provider-aws/lib/vpc-peering-connection-options";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, checkAccountId, checkCidr, ensure, isKnown } from "../core";
import { cidrsOverlap } from "../core/cidr";

/** One side of a peering: the VPC, where it lives, and the route tables that get a route to the other side. */
export interface VpcPeeringSide {
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR: the destination of the routes the other side adds. */
  readonly cidr: string;
  /** 12-digit id of the account that owns the VPC. */
  readonly accountId: string;
  /** Region of the VPC, e.g. `eu-west-1`. */
  readonly region: string;
  /** Route tables on this side that get a route to the peer CIDR, keyed by a stable name (e.g. `private-eu-west-1a`). */
  readonly routeTableIds: Readonly<Record<string, string>>;
  /**
   * Let this side's VPC resolve the peer's public DNS hostnames to private IPs
   * (`allow_remote_vpc_dns_resolution` on this side's options block).
   * @default false
   */
  readonly allowRemoteVpcDnsResolution?: boolean;
  /** Provider for this side's account and region (the accepter side's resources are created with it). */
  readonly provider: TerraformProvider;
}

export interface VpcPeeringProps {
  /** Name tag of the connection, e.g. `ml-to-warehouse`. */
  readonly name: string;
  readonly requester: VpcPeeringSide;
  readonly accepter: VpcPeeringSide;
  /**
   * Accept on the requester side in the same request. The EC2 API allows this only when both VPCs are in the
   * same account and region; otherwise the accepter resource accepts with the accepter's provider.
   * @default - true when same account and region, otherwise false
   */
  readonly autoAccept?: boolean;
  /** Extra tags on the connection (both sides' views). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

const ROUTE_TABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `10.1.0.0/16` → `10-1-0-0-16`: CIDRs made safe for construct ids. */
function cidrSlug(cidr: string): string {
  return cidr.replace(/[./]/g, "-");
}

/**
 * A VPC peering connection between a requester and an accepter that may sit in other accounts and regions,
 * with the connection options set on each side by that side's provider and routes to the peer CIDR in the
 * given route tables on both sides (R-NET-2).
 */
export class VpcPeering extends Construct {
  /** The peering connection id (`pcx-...`), same on both sides. */
  public readonly connectionId: string;
  public readonly sameAccount: boolean;
  public readonly sameRegion: boolean;
  /** Whether the requester auto-accepts (same account and region only). */
  public readonly autoAccept: boolean;
  public readonly connection: VpcPeeringConnection;
  public readonly accepterResource: VpcPeeringConnectionAccepterA;
  public readonly requesterOptions: VpcPeeringConnectionOptions;
  public readonly accepterOptions: VpcPeeringConnectionOptions;
  /** Requester-side routes to the accepter CIDR, keyed by requester route table name. */
  public readonly requesterRoutes: Readonly<Record<string, Route>>;
  /** Accepter-side routes to the requester CIDR, keyed by accepter route table name. */
  public readonly accepterRoutes: Readonly<Record<string, Route>>;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const { requester, accepter } = props;
    const tags = props.tags ?? {};
    this.sameAccount = requester.accountId === accepter.accountId;
    this.sameRegion = requester.region === accepter.region;
    const autoAcceptAllowed = this.sameAccount && this.sameRegion;
    const autoAccept = props.autoAccept ?? autoAcceptAllowed;
    this.autoAccept = autoAccept;

    this.validate(props, autoAcceptAllowed);

    this.connection = new VpcPeeringConnection(this, "connection", {
      provider: requester.provider,
      vpcId: requester.vpcId,
      peerVpcId: accepter.vpcId,
      // Only set for the cross-account / cross-region cases: the API infers them otherwise, and setting
      // peer_region together with auto_accept is rejected.
      peerOwnerId: this.sameAccount ? undefined : accepter.accountId,
      peerRegion: this.sameRegion ? undefined : accepter.region,
      autoAccept: autoAccept ? true : undefined,
      tags: { ...tags, Name: props.name },
    });
    this.connectionId = this.connection.id;

    // Accepting in the accepter's account/region; on an already active (auto-accepted) connection this
    // just adopts it, so both cases share one graph and every later step can depend on the accepter.
    this.accepterResource = new VpcPeeringConnectionAccepterA(this, "accepter", {
      provider: accepter.provider,
      vpcPeeringConnectionId: this.connection.id,
      autoAccept: true,
      // Same tags as the requester: within one account and region both resources tag the same object.
      tags: { ...tags, Name: props.name },
    });

    // Options need an active connection, and cross-account/cross-region each side may only modify its own
    // block, from its own account and region (EC2 ModifyVpcPeeringConnectionOptions): one resource per side.
    this.requesterOptions = new VpcPeeringConnectionOptions(this, "requester-options", {
      provider: requester.provider,
      vpcPeeringConnectionId: this.accepterResource.vpcPeeringConnectionId,
      requester: { allowRemoteVpcDnsResolution: requester.allowRemoteVpcDnsResolution ?? false },
      dependsOn: [this.accepterResource],
    });
    this.accepterOptions = new VpcPeeringConnectionOptions(this, "accepter-options", {
      provider: accepter.provider,
      vpcPeeringConnectionId: this.accepterResource.vpcPeeringConnectionId,
      accepter: { allowRemoteVpcDnsResolution: accepter.allowRemoteVpcDnsResolution ?? false },
      dependsOn: [this.accepterResource],
    });

    const routes = (side: "requester" | "accepter", from: VpcPeeringSide, to: VpcPeeringSide) => {
      const out: Record<string, Route> = {};
      for (const [rtName, rtId] of Object.entries(from.routeTableIds)) {
        out[rtName] = new Route(this, `route-${side}-${rtName}-to-${cidrSlug(to.cidr)}`, {
          provider: from.provider,
          routeTableId: rtId,
          destinationCidrBlock: to.cidr,
          vpcPeeringConnectionId: this.accepterResource.vpcPeeringConnectionId,
          // After the accepter: EC2 accepts a route to a pcx still pending acceptance but blackholes it until the
          // connection is active (VPC peering guide, "Update your route tables for a VPC peering connection").
          dependsOn: [this.accepterResource],
        });
      }
      return out;
    };
    this.requesterRoutes = routes("requester", requester, accepter);
    this.accepterRoutes = routes("accepter", accepter, requester);
  }

  private validate(props: VpcPeeringProps, autoAcceptAllowed: boolean): void {
    ensure(
      isKnown(props.name) && props.name.length > 0 && props.name.length <= 255,
      this,
      "name",
      props.name,
      "must be a non-empty Name tag (max 255 chars)",
      'give a short name, e.g. "ml-to-warehouse"',
    );
    for (const side of ["requester", "accepter"] as const) {
      const s = props[side];
      checkAccountId(this, `${side}.accountId`, s.accountId);
      checkCidr(this, `${side}.cidr`, s.cidr);
      ensure(
        !isKnown(s.region) || REGION.test(s.region),
        this,
        `${side}.region`,
        s.region,
        "must be an AWS region name",
        'use e.g. "eu-west-1"',
      );
      const names = Object.keys(s.routeTableIds);
      ensure(
        names.length > 0,
        this,
        `${side}.routeTableIds`,
        s.routeTableIds,
        "must name at least one route table (peering without routes carries no traffic)",
        `add the ${side} VPC's route tables that must reach the peer, e.g. { "private-eu-west-1a": "rtb-..." }`,
      );
      for (const n of names) {
        ensure(
          ROUTE_TABLE_NAME.test(n),
          this,
          `${side}.routeTableIds`,
          n,
          "keys must be letters, digits, '-' or '_' (they become resource addresses)",
          'use names like "private-eu-west-1a"',
        );
      }
      ensure(
        s.provider !== undefined,
        this,
        `${side}.provider`,
        undefined,
        "is required",
        `pass the AwsProvider for the ${side}'s account and region`,
      );
    }
    const { requester, accepter } = props;
    if (isKnown(requester.cidr) && isKnown(accepter.cidr)) {
      ensure(
        !cidrsOverlap(requester.cidr, accepter.cidr),
        this,
        "accepter.cidr",
        accepter.cidr,
        `overlaps requester.cidr ${requester.cidr}; VPC peering needs non-overlapping CIDRs`,
        "peer VPCs with disjoint ranges (re-address one VPC)",
      );
    }
    if (isKnown(requester.vpcId) && isKnown(accepter.vpcId)) {
      ensure(
        requester.vpcId !== accepter.vpcId,
        this,
        "accepter.vpcId",
        accepter.vpcId,
        "is the requester's VPC",
        "peer two different VPCs",
      );
    }
    ensure(
      !(props.autoAccept === true && !autoAcceptAllowed),
      this,
      "autoAccept",
      props.autoAccept,
      `the EC2 API allows auto-accept only within one account and region (requester ${requester.accountId}/${requester.region}, accepter ${accepter.accountId}/${accepter.region})`,
      "remove autoAccept: the accepter side accepts the connection with its own provider",
    );
  }
}
