export * from "./glue-catalog-encryption";
