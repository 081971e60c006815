export * from "./zone";
