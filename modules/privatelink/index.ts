export * from "./catalog";
export * from "./privatelink";
