import { IConstruct } from "constructs";
import {
  checkAccountId,
  checkAddressKey,
  checkCidr,
  checkNonEmpty,
  checkUnique,
  ensure,
  isKnown,
} from "../core";

/** The partner side every construct of this module names: its account and the ranges behind it. */
export function checkPartner(
  scope: IConstruct,
  props: { readonly partnerAccountId: string; readonly partnerCidrs: readonly string[] },
): void {
  checkAccountId(scope, "partnerAccountId", props.partnerAccountId);
  checkNonEmpty(scope, "partnerCidrs", props.partnerCidrs);
  props.partnerCidrs.forEach((c, i) => checkCidr(scope, `partnerCidrs[${i}]`, c));
  checkUnique(scope, "partnerCidrs", props.partnerCidrs);
}

// One region rule for every module: core's.
export { checkRegion } from "../core";

/** Route tables keyed by a name that becomes part of resource addresses. */
export function checkRouteTables(
  scope: IConstruct,
  prop: string,
  tables: Readonly<Record<string, string>>,
): void {
  for (const k of Object.keys(tables)) checkAddressKey(scope, prop, k, "private-us-east-1a");
}

export function checkName(scope: IConstruct, name: string): void {
  ensure(
    isKnown(name) && name.length > 0 && name.length <= 255,
    scope,
    "name",
    name,
    "must be a non-empty Name tag (max 255 chars)",
    'give a short name, e.g. "astro-dataplane"',
  );
}
