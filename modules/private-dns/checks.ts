import { IConstruct } from "constructs";
import { checkResourceId, ensure } from "../core";
// One region rule for the package: the transit gateway module's.
import { checkRegion } from "../transit-gateway/checks";

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** One domain rule for the package: core's. */
export { checkDomainName as checkDomain } from "../core";

/** A VPC reference: `vpc-` id (skipped for tokens) and region. */
export function checkVpcRef(scope: IConstruct, prop: string, vpc: { vpcId: string; region: string }): void {
  checkResourceId(scope, `${prop}.vpcId`, vpc.vpcId, "vpc");
  checkRegion(scope, `${prop}.region`, vpc.region);
}

export function checkKey(scope: IConstruct, prop: string, key: string): void {
  ensure(
    KEY.test(key),
    scope,
    prop,
    key,
    "keys must be letters, digits, '-' or '_' (they become resource addresses)",
    'use the VPC\'s name, e.g. "ml"',
  );
}
