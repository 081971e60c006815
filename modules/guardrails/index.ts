export * from "./types";
export { StackModel, parseRef, blocks, strings, isTrue, isSet, num, isExpression } from "./model";
export type { TfResource, TfBody, TfRef } from "./model";
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
