export * from "./errors";
export * from "./validate";
export * from "./iam";
export * from "./cidr";
