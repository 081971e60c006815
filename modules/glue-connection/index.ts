export * from "./glue-connections";
export * from "./jdbc-url";
