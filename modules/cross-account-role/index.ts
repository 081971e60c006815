export * from "./redshift-access";
export * from "./partner-access-role";
export * from "./least-privilege";
export * from "./arn";
