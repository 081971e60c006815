import { Ec2TransitGatewayRouteTableAssociation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-association";
import { Ec2TransitGatewayRouteTablePropagation } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route-table-propagation";
import { Route } from "@cdktf/provider-aws/lib/route";
import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { checkLiteralStrings, checkCidr, checkNonEmpty, checkUnique, ensure } from "../core";
import { checkName, checkRouteTableName, cidrKey } from "./checks";

/** Routes in VPC route tables that send traffic for some CIDRs to a transit gateway. */
export interface TransitGatewayVpcRouteOptions {
  /** The VPC's route tables that get the routes, by the caller's name → route table id. */
  readonly routeTableIds: Readonly<Record<string, string>>;
  /** Destinations reached through the transit gateway (e.g. the other spokes' CIDRs or a summary). */
  readonly destinationCidrs: readonly string[];
  /**
   * Tables (by the names in `routeTableIds`) that route only some of `destinationCidrs`, e.g. as an app's
   * routing plan decides per table.
   * @default - every table routes every destination in `destinationCidrs`
   */
  readonly destinationCidrsByTable?: Readonly<Record<string, readonly string[]>>;
}

export interface TransitGatewayVpcRoutesProps extends TransitGatewayVpcRouteOptions {
  readonly transitGatewayId: string;
  /** Provider of the VPC's account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /**
   * The VPC's attachment (or, cross-account, its accepter): a route to a transit gateway fails until
   * the VPC is attached to it.
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** aws_route per (route table, CIDR) toward a transit gateway, addressed by route table name and CIDR. */
export class TransitGatewayVpcRoutes extends Construct {
  /** route table name → destination CIDR → route. */
  public readonly routes: Readonly<Record<string, Readonly<Record<string, Route>>>>;

  constructor(scope: Construct, id: string, props: TransitGatewayVpcRoutesProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tables = Object.keys(props.routeTableIds ?? {});
    checkNonEmpty(this, "routeTableIds", tables);
    tables.forEach((t) => checkName(this, `routeTableIds.${t}`, t));
    checkNonEmpty(this, "destinationCidrs", props.destinationCidrs);
    props.destinationCidrs.forEach((c, i) => checkCidr(this, `destinationCidrs[${i}]`, c));
    checkUnique(this, "destinationCidrs", props.destinationCidrs);
    const byTable = props.destinationCidrsByTable ?? {};
    for (const [table, cidrs] of Object.entries(byTable)) {
      ensure(
        tables.includes(table),
        this,
        "destinationCidrsByTable",
        table,
        `is not a table of routeTableIds (${tables.join(", ")})`,
        "key destinationCidrsByTable by the names used in routeTableIds",
      );
      cidrs.forEach((c, i) =>
        ensure(
          props.destinationCidrs.includes(c),
          this,
          `destinationCidrsByTable.${table}[${i}]`,
          c,
          "is not one of destinationCidrs",
          "list every destination in destinationCidrs too",
        ),
      );
    }

    const routes: Record<string, Record<string, Route>> = {};
    for (const table of tables) {
      routes[table] = {};
      for (const cidr of byTable[table] ?? props.destinationCidrs) {
        routes[table][cidr] = new Route(this, `${table}-${cidrKey(cidr)}`, {
          provider: props.provider,
          routeTableId: props.routeTableIds[table],
          destinationCidrBlock: cidr,
          transitGatewayId: props.transitGatewayId,
          dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
        });
      }
    }
    this.routes = routes;
  }
}

/** Association and propagations of one attachment, as created on the transit gateway owner's side. */
export interface AttachmentRouting {
  readonly association: Ec2TransitGatewayRouteTableAssociation;
  /** route table name → propagation. */
  readonly propagations: Readonly<Record<string, Ec2TransitGatewayRouteTablePropagation>>;
}

export function checkRouting(
  scope: Construct,
  routeTableIds: Readonly<Record<string, string>>,
  associateWith: string,
  propagateTo: readonly string[],
): void {
  checkRouteTableName(scope, "associateWith", associateWith, routeTableIds);
  propagateTo.forEach((rt, i) => checkRouteTableName(scope, `propagateTo[${i}]`, rt, routeTableIds));
  checkUnique(scope, "propagateTo", propagateTo);
}

/**
 * Explicit association and propagations (the transit gateway's defaults are off, so nothing is
 * associated or propagated unless it is asked for here).
 */
export function createRouting(
  scope: Construct,
  provider: TerraformProvider | undefined,
  routeTableIds: Readonly<Record<string, string>>,
  attachmentId: string,
  associateWith: string,
  propagateTo: readonly string[],
): AttachmentRouting {
  const association = new Ec2TransitGatewayRouteTableAssociation(scope, "association", {
    provider,
    transitGatewayAttachmentId: attachmentId,
    transitGatewayRouteTableId: routeTableIds[associateWith],
  });
  const propagations: Record<string, Ec2TransitGatewayRouteTablePropagation> = {};
  for (const rt of propagateTo) {
    propagations[rt] = new Ec2TransitGatewayRouteTablePropagation(scope, `propagation-${rt}`, {
      provider,
      transitGatewayAttachmentId: attachmentId,
      transitGatewayRouteTableId: routeTableIds[rt],
    });
  }
  return { association, propagations };
}
