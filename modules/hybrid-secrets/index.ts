export * from "./hybrid-secret";
