export * from "./flow-rules";
