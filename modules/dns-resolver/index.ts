export * from "./resolver";
