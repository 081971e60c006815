export { buildEnvironment, stacksOf } from "./environment";
export type { EnvironmentStacks } from "./environment";
export type { BuildOptions, ProviderMode } from "./options";
export { ComponentStack } from "./component-stack";
