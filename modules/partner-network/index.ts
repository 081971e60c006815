export * from "./peering";
export * from "./transit-gateway";
