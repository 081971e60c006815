export * from "./types";
export * from "./trino-config";
export * from "./trino-emr";
export * from "./lifecycle";
