export * from "./hub";
export * from "./attachments";
export * from "./peering";
export { TransitGatewayVpcRoutes } from "./routing";
export type {
  TransitGatewayVpcRoutesProps,
  TransitGatewayVpcRouteOptions,
  AttachmentRouting,
} from "./routing";
export type { TransitGatewayRef, TransitGatewayAttachmentRegistry } from "./types";
export { TGW_ASN_RANGES } from "./checks";
