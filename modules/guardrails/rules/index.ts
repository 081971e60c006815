import type { Rule } from "../types";
import { analyticsRules } from "./analytics";
import { computeRules } from "./compute";
import { googleRules } from "./google";
import { iamRules } from "./iam";
import { kmsRules } from "./kms";
import { logRules } from "./logs";
import { networkRules } from "./network";
import { providerRules } from "./provider";
import { s3Rules } from "./s3";
import { serviceRules } from "./services";

export * from "./analytics";
export * from "./compute";
export * from "./google";
export * from "./iam";
export * from "./kms";
export * from "./logs";
export * from "./network";
export * from "./principals";
export * from "./provider";
export * from "./s3";
export * from "./security-groups";
export * from "./services";
export { WILDCARD_ONLY_ACTIONS, isWildcardOnlyAction } from "../data/wildcard-only-actions";
export type { WildcardOnlyActions } from "../data/wildcard-only-actions";

/** The project's rule set, in documentation order. */
export const defaultRules: readonly Rule[] = [
  ...s3Rules,
  ...kmsRules,
  ...logRules,
  ...networkRules,
  ...computeRules,
  ...iamRules,
  ...serviceRules,
  ...analyticsRules,
  ...googleRules,
  ...providerRules,
];
