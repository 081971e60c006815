export * from "./bigquery-source";
export * from "./schema";
