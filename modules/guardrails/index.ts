export * from "./types";
export {
  StackModel,
  parseRef,
  blocks,
  strings,
  isTrue,
  isSet,
  num,
  isExpression,
  dig,
  parseJsonArgument,
  providerOf,
} from "./model";
export type { TfResource, TfBody, TfRef, RecordedPackOptions } from "./model";
export * from "./iam-policy";
export * from "./rules";
export {
  applyPolicyPack,
  evaluatePolicyPack,
  evaluateModel,
  formatFinding,
  levelFor,
  PolicyPackError,
  suppressionLabel,
} from "./pack";
export { renderRulesMarkdown, renderRulesTable, withReadmeRules } from "./docs";
export { acceptWarning, POLICY_ACCEPTED_KEY } from "../core/accept-warning";
