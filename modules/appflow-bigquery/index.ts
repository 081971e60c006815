export * from "./appflow-bigquery";
export * from "./rules";
