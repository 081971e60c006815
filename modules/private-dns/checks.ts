import { IConstruct } from "constructs";
import { checkAddressKey, checkRegion, checkResourceId } from "../core";

/** One domain rule for the package: core's. */
export { checkDomainName as checkDomain } from "../core";

/** A VPC reference: `vpc-` id (skipped for tokens) and region. */
export function checkVpcRef(scope: IConstruct, prop: string, vpc: { vpcId: string; region: string }): void {
  checkResourceId(scope, `${prop}.vpcId`, vpc.vpcId, "vpc");
  checkRegion(scope, `${prop}.region`, vpc.region);
}

export function checkKey(scope: IConstruct, prop: string, key: string): void {
  checkAddressKey(scope, prop, key, "ml");
}
