import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { VpcPeeringConnectionOptions } from "@cdktf/provider-aws/lib/vpc-peering-connection-options";
import { ITerraformDependable, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, checkResourceId, ensure } from "../core";
import { checkName, checkPartner, checkRegion, checkRouteTables } from "./checks";

/** What both peering constructs take: our VPC's side, the partner's account and ranges. */
export interface PartnerPeeringCommonProps {
  /** Name tag, e.g. `astro-dataplane`. */
  readonly name: string;
  /** The partner's 12-digit AWS account id. */
  readonly partnerAccountId: string;
  /** Ranges behind the partner's VPC: our route tables get a route to each. */
  readonly partnerCidrs: readonly string[];
  /**
   * Our route tables (stable name → id) that get routes to `partnerCidrs` through the peering.
   * @default {} - no routes (traffic cannot flow until some are added)
   */
  readonly routeTableIds?: Readonly<Record<string, string>>;
  /** Provider of our VPC's account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface PartnerPeeringAccepterProps extends PartnerPeeringCommonProps {
  /** The partner's peering request (`pcx-…`). AWS lets it be accepted for 7 days after it was made. */
  readonly peeringConnectionId: string;
  /** Our VPC (the accepter): checked against the request after acceptance. */
  readonly vpcId: string;
  /** The partner's VPC: checked against the request after acceptance. @default - not checked */
  readonly partnerVpcId?: string;
  /**
   * Our accepter-side option: the partner's VPC resolves our VPC's public DNS hostnames to private IPs. The
   * requester-side option is the partner's to set.
   * @default false
   */
  readonly allowRemoteVpcDnsResolution?: boolean;
}

/**
 * A value as an operand of a Terraform condition: a quoted literal, or a reference as is (inside an expression
 * cdktf renders a token as the bare reference, so quoting it would compare with the reference's text).
 */
export const operand = (value: string): string => (Token.isUnresolved(value) ? value : JSON.stringify(value));

/** `10.1.0.0/16` → `10-1-0-0-16`. */
const slug = (cidr: string) => cidr.replace(/[./]/g, "-");

function routes(
  scope: Construct,
  props: PartnerPeeringCommonProps,
  connectionId: string,
  dependsOn: ITerraformDependable[] | undefined,
): Record<string, Record<string, Route>> {
  const out: Record<string, Record<string, Route>> = {};
  for (const [table, routeTableId] of Object.entries(props.routeTableIds ?? {})) {
    out[table] = {};
    for (const cidr of props.partnerCidrs)
      out[table][cidr] = new Route(scope, `route-${table}-${slug(cidr)}`, {
        provider: props.provider,
        routeTableId,
        destinationCidrBlock: cidr,
        vpcPeeringConnectionId: connectionId,
        dependsOn,
      });
  }
  return out;
}

/**
 * Accepts a VPC peering the partner requested (R-NET-6): the accepter with our side's DNS option, and routes
 * to the partner's ranges in our route tables once accepted. The provider accepts inside the accepter's create
 * (AcceptVpcPeeringConnection, then the read), so the check that the request came from the partner's account
 * (and VPC) toward our VPC is a postcondition: a wrong id is already active when it fails, but the apply stops
 * before any of our routes or DNS options exist, so no reply can come back from our VPC; delete the connection
 * then. A check before acceptance would need a data source read at plan time, which an offline plan cannot
 * do; verify the id with `aws ec2 describe-vpc-peering-connections` before putting it in config ("do not
 * accept VPC peering connections from unknown AWS accounts", VPC peering guide).
 *
 * Destroy only forgets the connection: the provider does not delete an accepted peering from the accepter
 * side, so the partner (or `aws ec2 delete-vpc-peering-connection`) removes it.
 */
export class PartnerPeeringAccepter extends Construct {
  public readonly connectionId: string;
  public readonly accepter: VpcPeeringConnectionAccepterA;
  /** Routes by route table name and partner CIDR. */
  public readonly routes: Readonly<Record<string, Readonly<Record<string, Route>>>>;

  constructor(scope: Construct, id: string, props: PartnerPeeringAccepterProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    const dns = props.allowRemoteVpcDnsResolution ?? false;
    checkName(this, props.name);
    checkPartner(this, props);
    checkResourceId(this, "peeringConnectionId", props.peeringConnectionId, "pcx");
    checkResourceId(this, "vpcId", props.vpcId, "vpc");
    checkResourceId(this, "partnerVpcId", props.partnerVpcId, "vpc");
    checkRouteTables(this, "routeTableIds", props.routeTableIds ?? {});

    const expected = [
      `self.peer_owner_id == ${operand(props.partnerAccountId)}`,
      `self.vpc_id == ${operand(props.vpcId)}`,
      ...(props.partnerVpcId ? [`self.peer_vpc_id == ${operand(props.partnerVpcId)}`] : []),
    ];
    this.accepter = new VpcPeeringConnectionAccepterA(this, "accepter", {
      provider: props.provider,
      vpcPeeringConnectionId: props.peeringConnectionId,
      // Without auto_accept the resource only adopts the request and it stays pending-acceptance
      // (provider docs, aws_vpc_peering_connection_accepter: "Defaults to false").
      autoAccept: true,
      // Only our side's block: for peerings across accounts each owner modifies its own side's options
      // (EC2 ModifyVpcPeeringConnectionOptions); the provider sets it once the connection is active.
      accepter: { allowRemoteVpcDnsResolution: dns },
      tags: { ...tags, Name: props.name },
      lifecycle: {
        postcondition: [
          {
            condition: `\${${expected.join(" && ")}}`,
            errorMessage: `Peering ${props.peeringConnectionId} is not the partner's request: expected requester account ${props.partnerAccountId}${props.partnerVpcId ? ` and VPC ${props.partnerVpcId}` : ""} toward VPC ${props.vpcId}. It is accepted but none of our routes were created; delete it (aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id ${props.peeringConnectionId}) and check the id with the partner.`,
          },
        ],
      },
    });
    this.connectionId = this.accepter.vpcPeeringConnectionId;
    this.routes = routes(this, props, this.connectionId, [this.accepter]);
  }
}

export interface PartnerPeeringRequesterProps extends PartnerPeeringCommonProps {
  /** Our VPC (the requester). */
  readonly vpcId: string;
  /** Region of our VPC (the provider's region). */
  readonly region: string;
  /** The partner's VPC (`vpc-…`). */
  readonly partnerVpcId: string;
  /** Region of the partner's VPC. */
  readonly partnerRegion: string;
  /**
   * The partner has accepted the request, so the connection is active and our requester-side option can be
   * set (options need an active connection).
   * @default false
   */
  readonly partnerAccepted?: boolean;
  /**
   * Our requester-side option: our VPC resolves the partner's public DNS hostnames to private IPs. Only with
   * `partnerAccepted`.
   * @default false
   */
  readonly allowRemoteVpcDnsResolution?: boolean;
}

/**
 * Requests a VPC peering to a partner's VPC (R-NET-6): the request (never auto-accepted: the partner accepts
 * it in its account within 7 days) and routes to the partner's ranges. Routes to a connection that is still
 * pending acceptance are accepted by EC2 as blackholes and carry traffic once the partner accepts (VPC peering
 * guide, "Update your route tables for a VPC peering connection").
 */
export class PartnerPeeringRequester extends Construct {
  /** The `pcx-…` id the partner accepts (output it for them). */
  public readonly connectionId: string;
  public readonly connection: VpcPeeringConnection;
  /** @default undefined until `partnerAccepted` with `allowRemoteVpcDnsResolution` */
  public readonly options?: VpcPeeringConnectionOptions;
  public readonly routes: Readonly<Record<string, Readonly<Record<string, Route>>>>;

  constructor(scope: Construct, id: string, props: PartnerPeeringRequesterProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    const accepted = props.partnerAccepted ?? false;
    const dns = props.allowRemoteVpcDnsResolution ?? false;
    checkName(this, props.name);
    checkPartner(this, props);
    checkResourceId(this, "vpcId", props.vpcId, "vpc");
    checkResourceId(this, "partnerVpcId", props.partnerVpcId, "vpc");
    checkRegion(this, "region", props.region);
    checkRegion(this, "partnerRegion", props.partnerRegion);
    checkRouteTables(this, "routeTableIds", props.routeTableIds ?? {});
    ensure(
      !dns || accepted,
      this,
      "allowRemoteVpcDnsResolution",
      dns,
      "needs an active connection (peering options cannot be set while the request is pending acceptance)",
      "apply without it first; once the partner accepted, set partnerAccepted: true with it",
    );

    this.connection = new VpcPeeringConnection(this, "connection", {
      provider: props.provider,
      vpcId: props.vpcId,
      peerVpcId: props.partnerVpcId,
      peerOwnerId: props.partnerAccountId,
      // Only across regions; auto_accept stays unset: the provider rejects peer_region with auto_accept, and
      // a request to another account is accepted by that account (provider docs, aws_vpc_peering_connection).
      peerRegion: props.partnerRegion !== props.region ? props.partnerRegion : undefined,
      tags: { ...tags, Name: props.name },
    });
    this.connectionId = this.connection.id;
    if (accepted && dns)
      this.options = new VpcPeeringConnectionOptions(this, "requester-options", {
        provider: props.provider,
        vpcPeeringConnectionId: this.connection.id,
        requester: { allowRemoteVpcDnsResolution: true },
      });
    this.routes = routes(this, props, this.connectionId, undefined);
  }
}
