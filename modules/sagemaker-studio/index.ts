export * from "./domain";
export * from "./names";
