export * from "./errors";
export * from "./validate";
export * from "./iam";
export * from "./cidr";
export * from "./secrets";
export * from "./template";
