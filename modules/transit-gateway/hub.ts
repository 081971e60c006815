import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayRouteTable } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { ITerraformDependable, TerraformProvider } from "cdktf";
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
import {
  TransitGatewaySpokeAttachment,
  TransitGatewaySpokeAttachmentProps,
  TransitGatewayVpcAttachment,
  TransitGatewayVpcAttachmentOptions,
} from "./attachments";
import { checkAsn, checkName, checkRegion, checkRouteTableName, cidrKey, ramPrincipal } from "./checks";
import { TransitGatewayAttachmentRegistry, TransitGatewayRef } from "./types";

/** Sharing the transit gateway with other accounts through AWS RAM. */
export interface TransitGatewayRamShareProps {
  /**
   * Who may attach VPCs: 12-digit account ids, OU ARNs (`arn:aws:organizations::<mgmt>:ou/o-…/ou-…`) or
   * the organization ARN (`arn:aws:organizations::<mgmt>:organization/o-…`).
   */
  readonly principals: readonly string[];
  /**
   * Allow principals outside the hub's AWS Organization (they receive an invitation to accept).
   * @default false
   */
  readonly allowExternalPrincipals?: boolean;
  /** @default - the transit gateway's name */
  readonly name?: string;
}

export interface TransitGatewayHubProps {
  /** Name tag and prefix of the Name tags of the route tables and the RAM share. */
  readonly name: string;
  /**
   * Amazon-side BGP ASN: a private ASN, 64512–65534 or 4200000000–4294967294, unique among the
   * transit gateways that will ever be peered.
   */
  readonly amazonSideAsn: number;
  /** @default - "<name> transit gateway" */
  readonly description?: string;
  /** Provider for the hub account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** Region of `provider` (checked against attachment AZs and used by peering). */
  readonly region: string;
  /** Account that owns the transit gateway (`provider`'s account). */
  readonly accountId: string;
  /**
   * Route tables to create, by name (e.g. ["spokes", "shared"]). Every attachment is associated with one
   * of them explicitly: the transit gateway's default association/propagation are off.
   */
  readonly routeTables: readonly string[];
  /** @default - not shared: only VPCs of the hub account can attach */
  readonly ramShare?: TransitGatewayRamShareProps;
  /** Resolve public DNS names of attached VPCs' instances to private addresses across attachments. @default true */
  readonly dnsSupport?: boolean;
  /** Equal-cost multipath across VPN tunnels (only matters for VPN attachments). @default true */
  readonly vpnEcmpSupport?: boolean;
  /** Tags on every resource the hub creates (the Name tag is set by the module). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Hub-account VPC attachment options, named as on {@link TransitGatewayHub.addVpcAttachment}. */
export type TransitGatewayHubVpcAttachmentOptions = TransitGatewayVpcAttachmentOptions;

/** Spoke attachment options for {@link TransitGatewayHub.addSpokeAttachment} (the hub fills in the rest). */
export type TransitGatewayHubSpokeAttachmentOptions = Omit<
  TransitGatewaySpokeAttachmentProps,
  "transitGateway" | "name"
>;

interface RegisteredAttachment {
  readonly id: string;
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * A transit gateway in a network account with named route tables, secure defaults (no default
 * association/propagation, no auto-accept of shared attachments) and an optional RAM share.
 *
 * A transit gateway has no DNS of its own: attached VPCs resolve each other's private hosted zones only
 * if those zones are associated with them, or through Route 53 Resolver endpoints and rules.
 */
export class TransitGatewayHub
  extends Construct
  implements TransitGatewayRef, TransitGatewayAttachmentRegistry
{
  public readonly transitGateway: Ec2TransitGateway;
  public readonly transitGatewayId: string;
  public readonly transitGatewayArn: string;
  public readonly accountId: string;
  public readonly region: string;
  public readonly provider?: TerraformProvider;
  public readonly amazonSideAsn: number;
  /** Route tables by the names given in `routeTables`. */
  public readonly routeTables: Readonly<Record<string, Ec2TransitGatewayRouteTable>>;
  public readonly routeTableIds: Readonly<Record<string, string>>;
  /** @default undefined when the hub is not shared */
  public readonly ramShare?: RamResourceShare;
  /** @default undefined when the hub is not shared */
  public readonly ramShareArn?: string;
  /** Principals the hub is shared with (empty when not shared). */
  public readonly ramPrincipals: readonly string[];
  /** Principal associations keyed by principal as given. */
  public readonly ramPrincipalAssociations: Readonly<Record<string, RamPrincipalAssociation>>;
  /** The RAM resource and principal associations: a spoke attachment must be created after them. */
  public readonly ramShareDependencies: readonly ITerraformDependable[];

  private readonly attachments = new Map<string, RegisteredAttachment>();
  private readonly staticRoutes = new Map<string, Ec2TransitGatewayRoute>();

  constructor(scope: Construct, id: string, props: TransitGatewayHubProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const description = props.description ?? `${props.name} transit gateway`;
    const dnsSupport = props.dnsSupport ?? true;
    const vpnEcmpSupport = props.vpnEcmpSupport ?? true;
    const tags = props.tags ?? {};
    const ramPrincipals = props.ramShare?.principals ?? [];
    const allowExternalPrincipals = props.ramShare?.allowExternalPrincipals ?? false;
    const ramShareName = props.ramShare?.name ?? props.name;

    checkName(this, "name", props.name);
    checkAsn(this, "amazonSideAsn", props.amazonSideAsn);
    checkRegion(this, "region", props.region);
    checkAccountId(this, "accountId", props.accountId);
    checkNonEmpty(this, "routeTables", props.routeTables);
    props.routeTables.forEach((rt, i) => checkName(this, `routeTables[${i}]`, rt));
    checkUnique(this, "routeTables", props.routeTables);
    if (props.ramShare) {
      checkNonEmpty(this, "ramShare.principals", ramPrincipals);
      checkUnique(this, "ramShare.principals", ramPrincipals);
      ramPrincipals.forEach((p, i) => this.checkPrincipal(`ramShare.principals[${i}]`, p, props.accountId));
    }

    this.provider = props.provider;
    this.accountId = props.accountId;
    this.region = props.region;
    this.amazonSideAsn = props.amazonSideAsn;

    this.transitGateway = new Ec2TransitGateway(this, "tgw", {
      provider: props.provider,
      description,
      amazonSideAsn: props.amazonSideAsn,
      // Off so that no attachment lands in a shared default route table: each one is associated and
      // propagated explicitly, and a new spoke reaches nothing until routing says so.
      defaultRouteTableAssociation: "disable",
      defaultRouteTablePropagation: "disable",
      // Shared attachments are accepted by an explicit accepter in this account, never automatically.
      autoAcceptSharedAttachments: "disable",
      dnsSupport: dnsSupport ? "enable" : "disable",
      vpnEcmpSupport: vpnEcmpSupport ? "enable" : "disable",
      tags: { ...tags, Name: props.name },
    });
    this.transitGatewayId = this.transitGateway.id;
    this.transitGatewayArn = this.transitGateway.arn;

    const routeTables: Record<string, Ec2TransitGatewayRouteTable> = {};
    const routeTableIds: Record<string, string> = {};
    for (const rt of props.routeTables) {
      routeTables[rt] = new Ec2TransitGatewayRouteTable(this, `route-table-${rt}`, {
        provider: props.provider,
        transitGatewayId: this.transitGatewayId,
        tags: { ...tags, Name: `${props.name}-${rt}` },
      });
      routeTableIds[rt] = routeTables[rt].id;
    }
    this.routeTables = routeTables;
    this.routeTableIds = routeTableIds;

    const principalAssociations: Record<string, RamPrincipalAssociation> = {};
    const shareDependencies: ITerraformDependable[] = [];
    if (props.ramShare) {
      this.ramShare = new RamResourceShare(this, "ram-share", {
        provider: props.provider,
        name: ramShareName,
        allowExternalPrincipals,
        tags: { ...tags, Name: ramShareName },
      });
      this.ramShareArn = this.ramShare.arn;
      shareDependencies.push(
        new RamResourceAssociation(this, "ram-resource", {
          provider: props.provider,
          resourceArn: this.transitGatewayArn,
          resourceShareArn: this.ramShare.arn,
        }),
      );
      for (const principal of ramPrincipals) {
        const key = isKnown(principal) ? (ramPrincipal(principal)?.key ?? principal) : principal;
        principalAssociations[principal] = new RamPrincipalAssociation(this, `ram-principal-${key}`, {
          provider: props.provider,
          principal,
          resourceShareArn: this.ramShare.arn,
        });
        shareDependencies.push(principalAssociations[principal]);
      }
    }
    this.ramPrincipals = [...ramPrincipals];
    this.ramPrincipalAssociations = principalAssociations;
    this.ramShareDependencies = shareDependencies;
  }

  /** Attachment ids by the names attachments were given (hub VPCs, spokes, peerings). */
  public get attachmentIds(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this.attachments].map(([name, a]) => [name, a.id]));
  }

  /** Attaches a VPC of the hub account: attachment, association with `associateWith`, propagations. */
  public addVpcAttachment(
    name: string,
    options: TransitGatewayHubVpcAttachmentOptions,
  ): TransitGatewayVpcAttachment {
    this.checkAttachmentName(name);
    return new TransitGatewayVpcAttachment(this, `attachment-${name}`, {
      ...options,
      name,
      transitGateway: this,
    });
  }

  /**
   * Attaches a VPC of another account (shared through `ramShare`): requested with the spoke provider,
   * accepted and routed on the hub side.
   */
  public addSpokeAttachment(
    name: string,
    options: TransitGatewayHubSpokeAttachmentOptions,
  ): TransitGatewaySpokeAttachment {
    this.checkAttachmentName(name);
    return new TransitGatewaySpokeAttachment(this, `attachment-${name}`, {
      ...options,
      name,
      transitGateway: this,
    });
  }

  /** Static route in route table `routeTable` sending `destinationCidr` to the attachment named `attachmentName`. */
  public addStaticRoute(
    routeTable: string,
    destinationCidr: string,
    attachmentName: string,
  ): Ec2TransitGatewayRoute {
    const attachment = this.attachments.get(attachmentName);
    ensure(
      attachment !== undefined,
      this,
      "attachmentName",
      attachmentName,
      `is not an attachment of this transit gateway (known: ${[...this.attachments.keys()].join(", ") || "none"})`,
      "create the attachment first (addVpcAttachment, addSpokeAttachment, TransitGatewayPeering) and use its name",
    );
    return this.route(routeTable, destinationCidr, {
      transitGatewayAttachmentId: attachment!.id,
      dependsOn: attachment!.dependsOn.length ? [...attachment!.dependsOn] : undefined,
    });
  }

  /** Blackhole route: traffic to `destinationCidr` is dropped (e.g. to keep spokes from reaching each other). */
  public addBlackholeRoute(routeTable: string, destinationCidr: string): Ec2TransitGatewayRoute {
    return this.route(routeTable, destinationCidr, { blackhole: true });
  }

  /**
   * Records an attachment created by a companion construct so that routes can name it. `dependsOn` is
   * what a route to it must wait for (e.g. a peering accepter).
   */
  public registerAttachment(
    name: string,
    attachmentId: string,
    dependsOn: readonly ITerraformDependable[] = [],
  ): void {
    checkName(this, "attachment name", name);
    ensure(
      !this.attachments.has(name),
      this,
      "attachment name",
      name,
      "is already used by another attachment of this transit gateway",
      "give each attachment its own name",
    );
    this.attachments.set(name, { id: attachmentId, dependsOn });
  }

  private route(
    routeTable: string,
    destinationCidr: string,
    target: { transitGatewayAttachmentId?: string; blackhole?: boolean; dependsOn?: ITerraformDependable[] },
  ): Ec2TransitGatewayRoute {
    checkRouteTableName(this, "routeTable", routeTable, this.routeTableIds);
    checkCidr(this, "destinationCidr", destinationCidr);
    const key = `${routeTable} ${destinationCidr}`;
    ensure(
      !this.staticRoutes.has(key),
      this,
      "destinationCidr",
      destinationCidr,
      `already has a static route in route table ${routeTable}`,
      "give each (route table, CIDR) pair one route; remove the duplicate",
    );
    const route = new Ec2TransitGatewayRoute(this, `route-${routeTable}-${cidrKey(destinationCidr)}`, {
      provider: this.provider,
      transitGatewayRouteTableId: this.routeTableIds[routeTable],
      destinationCidrBlock: destinationCidr,
      ...target,
    });
    this.staticRoutes.set(key, route);
    return route;
  }

  /** Before a child construct `attachment-<name>` is created (its constructor then registers it). */
  private checkAttachmentName(name: string): void {
    checkName(this, "attachment name", name);
    ensure(
      !this.attachments.has(name) && this.node.tryFindChild(`attachment-${name}`) === undefined,
      this,
      "attachment name",
      name,
      "is already used by another attachment of this transit gateway",
      "give each attachment its own name",
    );
  }

  private checkPrincipal(prop: string, principal: string, hubAccountId: string): void {
    if (!isKnown(principal)) return;
    ensure(
      ramPrincipal(principal) !== undefined,
      this,
      prop,
      principal,
      "must be a 12-digit account id, an OU ARN or the organization ARN",
      'write e.g. "222222222222" or "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-cdef3456"',
    );
    ensure(
      principal !== hubAccountId,
      this,
      prop,
      principal,
      "is the hub's own account, which already owns the transit gateway",
      "remove it from ramShare.principals",
    );
  }
}
