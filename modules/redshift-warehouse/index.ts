export * from "./warehouse";
export { NODE_TYPES } from "./checks";
export type { NodeType } from "./checks";
