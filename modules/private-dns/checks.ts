import { IConstruct } from "constructs";
import { checkResourceId, ensure, isKnown } from "../core";

// RFC 1035 host names: lowercase labels of letters, digits and inner hyphens, no trailing dot.
const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

export function checkDomain(scope: IConstruct, prop: string, domain: string): void {
  ensure(
    !isKnown(domain) || DOMAIN.test(domain),
    scope,
    prop,
    domain,
    "must be a domain name (lowercase labels of letters, digits and hyphens, dot-separated, no trailing dot)",
    'write it like "warehouse.internal"',
  );
}

/** A VPC reference: `vpc-` id (skipped for tokens) and region. */
export function checkVpcRef(scope: IConstruct, prop: string, vpc: { vpcId: string; region: string }): void {
  checkResourceId(scope, `${prop}.vpcId`, vpc.vpcId, "vpc");
  ensure(
    !isKnown(vpc.region) || REGION.test(vpc.region),
    scope,
    `${prop}.region`,
    vpc.region,
    "must be an AWS region name",
    'use e.g. "us-east-1"',
  );
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
