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
export { findStackFiles, scanSynthesized, ScanInputError } from "./scan";
export type { ScanFinding, ScanOptions, ScanResult, ScanSuppression, ScannedStack } from "./scan";
export { renderJson, renderSarif, renderTable, RULES_DOC_URI } from "./report-formats";
export { runPolicyCli, POLICY_USAGE } from "./cli";
export type { CliIo } from "./cli";
export { acceptWarning, POLICY_ACCEPTED_KEY } from "../core/accept-warning";
export { ACCOUNT_REGION_SINGLETONS, singletonDeclarations } from "./singletons";
export type { SingletonDeclaration } from "./singletons";
