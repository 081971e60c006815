export * from "./schema";
export * from "./problems";
export { validateEnvironment } from "./validate";
export { loadEnvironments, selectEnvironments, environmentFile } from "./load";
export { defineEnvironment } from "./define";
