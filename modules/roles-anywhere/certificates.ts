import { IConstruct } from "constructs";
import { ensure, isKnown } from "../core";
import { BundleCertificateInfo, inspectCaBundle } from "./ca-bundle";

export { MAX_CERTIFICATE_BUNDLE_CHARS, inspectCaBundle } from "./ca-bundle";
export type { BundleCertificateInfo, CaBundleProblem, CaBundleReport } from "./ca-bundle";

/**
 * Checks a CERTIFICATE_BUNDLE trust anchor (see {@link inspectCaBundle}) and throws the first problem
 * as a ValidationError naming `prop` (and `prop[i]` for one certificate of the bundle).
 * Skipped for tokens (e.g. `Fn.file(...)`), whose content is only known to Terraform.
 */
export function checkCaBundle(
  scope: IConstruct,
  prop: string,
  pem: string,
  now: Date,
): BundleCertificateInfo[] {
  if (!isKnown(pem)) return [];
  const report = inspectCaBundle(pem, now);
  for (const p of report.problems) {
    ensure(false, scope, p.index === undefined ? prop : `${prop}[${p.index}]`, p.value, p.problem, p.fix);
  }
  return [...report.certificates];
}
