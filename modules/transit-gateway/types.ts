import { ITerraformDependable, TerraformProvider } from "cdktf";

/**
 * What the other constructs of this module need to know about a transit gateway. A
 * {@link TransitGatewayHub} is one; a stack that only has the hub's outputs (another stack, another
 * team) builds one from those.
 */
export interface TransitGatewayRef {
  readonly transitGatewayId: string;
  /** Account that owns the transit gateway. */
  readonly accountId: string;
  /** Region of the transit gateway. */
  readonly region: string;
  /** Provider for the owner account and region (hub-side resources: accepters, associations, routes). */
  readonly provider?: TerraformProvider;
  /** The transit gateway's route tables, name → id. */
  readonly routeTableIds: Readonly<Record<string, string>>;
  /** @default - not checked against the peer's ASN */
  readonly amazonSideAsn?: number;
  /**
   * Principals the transit gateway is shared with through RAM (account ids, OU or organization ARNs);
   * a spoke account is checked against them.
   * @default - not checked
   */
  readonly ramPrincipals?: readonly string[];
  /**
   * Resources a spoke attachment must wait for: the RAM resource and principal associations. Until
   * they exist the spoke account cannot see the transit gateway.
   * @default - none
   */
  readonly ramShareDependencies?: readonly ITerraformDependable[];
}

/** Implemented by {@link TransitGatewayHub}: lets companion constructs register their attachments by name. */
export interface TransitGatewayAttachmentRegistry {
  registerAttachment(name: string, attachmentId: string, dependsOn?: readonly ITerraformDependable[]): void;
  addStaticRoute(routeTable: string, destinationCidr: string, attachmentName: string): unknown;
}

export function isAttachmentRegistry(ref: unknown): ref is TransitGatewayAttachmentRegistry {
  const r = ref as Partial<TransitGatewayAttachmentRegistry> | undefined;
  return typeof r?.registerAttachment === "function" && typeof r?.addStaticRoute === "function";
}
