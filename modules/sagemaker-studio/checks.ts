import { IConstruct } from "constructs";
import {
  checkAccountId,
  checkArn,
  checkCidr,
  checkEgressRules,
  checkRegion,
  checkResourceId,
  checkUnique,
  ensure,
  isKnown,
} from "../core";
import { checkRoleName } from "../cross-account-role/least-privilege";
import { domainNameProblem, userProfileNameProblem } from "./names";
import type { SageMakerStudioDomainProps } from "./domain";

export function validateStudioProps(scope: IConstruct, props: SageMakerStudioDomainProps): void {
  const problem = isKnown(props.domainName) ? domainNameProblem(props.domainName) : undefined;
  ensure(!problem, scope, "domainName", props.domainName, problem ?? "", 'use e.g. "prod-studio"');
  checkResourceId(scope, "vpcId", props.vpcId, "vpc");
  checkAccountId(scope, "accountId", props.accountId);
  checkRegion(scope, "region", props.region);
  const azs = Object.keys(props.subnetIds);
  ensure(
    azs.length > 0,
    scope,
    "subnetIds",
    props.subnetIds,
    "must name at least one private subnet",
    "give the domain's private subnets, one per AZ",
  );
  for (const az of azs) {
    ensure(
      props.subnetCidrs[az] !== undefined,
      scope,
      `subnetCidrs.${az}`,
      undefined,
      "is missing: the NFS rule to the home EFS mount target in that subnet needs it",
      "give the CIDR of every subnet in subnetIds",
    );
    checkCidr(scope, `subnetCidrs.${az}`, props.subnetCidrs[az]);
  }
  checkRoleName(scope, "executionRole.name", props.executionRole.name);
  const path = props.executionRole.path ?? "/";
  ensure(
    /^\/([\w+=,.@-]+\/)*$/.test(path),
    scope,
    "executionRole.path",
    path,
    "must start and end with / (IAM path)",
    'use e.g. "/service-role/"',
  );
  (props.executionRole.managedPolicyArns ?? []).forEach((arn, i) =>
    checkArn(scope, `executionRole.managedPolicyArns[${i}]`, arn, "iam"),
  );
  const profiles = props.userProfiles ?? [];
  checkUnique(scope, "userProfiles", profiles);
  profiles.forEach((p, i) => {
    const why = userProfileNameProblem(p);
    ensure(!why, scope, `userProfiles[${i}]`, p, why ?? "", 'use the person\'s lowercase login, e.g. "jdoe"');
  });
  checkEgressRules(scope, "egress", props.egress);
}
