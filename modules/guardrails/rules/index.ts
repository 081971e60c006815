import type { Rule } from "../types";
import { iamRules } from "./iam";
import { networkRules } from "./network";
import { s3Rules } from "./s3";
import { serviceRules } from "./services";

export * from "./iam";
export * from "./network";
export * from "./s3";
export * from "./services";

/** The project's rule set, in documentation order. */
export const defaultRules: readonly Rule[] = [...s3Rules, ...networkRules, ...iamRules, ...serviceRules];
