export * from "./vpc-peering";
