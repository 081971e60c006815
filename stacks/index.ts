export { buildEnvironment, stacksOf } from "./environment";
export type { EnvironmentStacks } from "./environment";
export type { BuildOptions, ProviderMode } from "./options";
export { ComponentStack } from "./component-stack";
export { AnalyticsStack } from "./analytics-stack";
export { BigQueryStack } from "./bigquery-stack";
export { IdentityStack } from "./identity-stack";
export { IngestStack } from "./ingest-stack";
