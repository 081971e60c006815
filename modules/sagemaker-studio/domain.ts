import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SagemakerDomain } from "@cdktf/provider-aws/lib/sagemaker-domain";
import { SagemakerUserProfile } from "@cdktf/provider-aws/lib/sagemaker-user-profile";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EgressRule, addEgressRules, checkLiteralStrings, policyDocument, policyJson } from "../core";
import { validateStudioProps } from "./checks";

/** An egress rule of the Studio apps' security group (one destination, one port range). */
export type StudioEgressRule = EgressRule;

export interface SageMakerStudioDomainProps {
  /** e.g. `prod-studio`. */
  readonly domainName: string;
  /** Account that owns the domain (the execution role's ARN). */
  readonly accountId: string;
  readonly region: string;
  /** @default "aws" */
  readonly partition?: string;
  readonly vpcId: string;
  /** Private subnets only (VpcOnly), AZ → subnet id. */
  readonly subnetIds: Readonly<Record<string, string>>;
  /** AZ → CIDR of those subnets: the apps reach the home EFS mount targets there on NFS (2049). */
  readonly subnetCidrs: Readonly<Record<string, string>>;
  /** The execution role this construct creates (the apps' identity). */
  readonly executionRole: {
    readonly name: string;
    /** @default "/" */
    readonly path?: string;
    /** AWS managed (or customer) policies to attach. @default [] */
    readonly managedPolicyArns?: readonly string[];
  };
  /** User profiles (each name is also the session's SourceIdentity). @default [] */
  readonly userProfiles?: readonly string[];
  /**
   * Egress the apps need besides the domain's own traffic (AWS APIs through endpoints, the warehouse, ...),
   * keyed by a stable name. Nothing else leaves the apps' security group.
   * @default {}
   */
  readonly egress?: Readonly<Record<string, StudioEgressRule>>;
  /**
   * Propagate the user profile name as the session's SourceIdentity (`ExecutionRoleIdentityConfig`
   * USER_PROFILE_NAME). Changing it later requires every app of the domain to be stopped or deleted.
   * @default true
   */
  readonly sourceIdentity?: boolean;
  /**
   * What happens to the home EFS volume when the domain is deleted. With "Retain" SageMaker leaves the volume
   * and its security groups, and deleting the VPC in the same destroy fails until they are removed.
   * @default "Retain"
   */
  readonly homeEfsRetention?: "Retain" | "Delete";
  /** Customer managed key for the home EFS volume. @default - the volume is encrypted with the AWS managed key */
  readonly kmsKeyArn?: string;
  /** Provider of the domain's account and region. @default - the scope's default AWS provider */
  readonly provider?: TerraformProvider;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Studio apps talk to each other within the group (JupyterServer ↔ KernelGateway) on at least 8192-65535. */
const APP_PORTS = { fromPort: 8192, toPort: 65535 };
/** And to the home EFS volume on NFS. */
const NFS = { fromPort: 2049, toPort: 2049 };

/**
 * A SageMaker Studio domain in VPC-only mode (R-IAM-4): private subnets only, one security group for the apps
 * (the traffic the SageMaker developer guide requires within the group — NFS 2049 and TCP 8192-65535 — plus
 * the egress given), its execution role, the user profile name propagated as SourceIdentity, and the user
 * profiles. With SourceIdentity on, any role the execution role assumes must allow `sts:SetSourceIdentity`
 * in its trust policy, and the execution role must be allowed it too (SageMaker developer guide, "Turn on
 * sourceIdentity in CloudTrail logs"; STS role chaining).
 */
export class SageMakerStudioDomain extends Construct {
  public readonly domain: SagemakerDomain;
  public readonly domainId: string;
  public readonly domainArn: string;
  /** The apps' security group. */
  public readonly securityGroupId: string;
  public readonly executionRole: IamRole;
  /** The execution role's ARN, known at synth (a producer role in another account can trust it by name). */
  public readonly executionRoleArn: string;
  public readonly userProfiles: Readonly<Record<string, SagemakerUserProfile>>;

  constructor(scope: Construct, id: string, props: SageMakerStudioDomainProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const tags = props.tags ?? {};
    const partition = props.partition ?? "aws";
    const path = props.executionRole.path ?? "/";
    const sourceIdentity = props.sourceIdentity ?? true;
    validateStudioProps(this, props);

    this.executionRoleArn = `arn:${partition}:iam::${props.accountId}:role${path}${props.executionRole.name}`;
    this.executionRole = new IamRole(this, "execution-role", {
      provider: props.provider,
      name: props.executionRole.name,
      path,
      description: `SageMaker Studio ${props.domainName} apps`,
      // SetSourceIdentity lets SageMaker set the user profile name on the session (SageMaker developer guide,
      // "Turn on sourceIdentity in CloudTrail logs": the example trust policy for the execution role).
      assumeRolePolicy: policyJson(
        policyDocument({
          Sid: "SageMakerAssumesWithSourceIdentity",
          Effect: "Allow",
          Principal: { Service: "sagemaker.amazonaws.com" },
          Action: sourceIdentity ? ["sts:AssumeRole", "sts:SetSourceIdentity"] : "sts:AssumeRole",
        }),
      ),
      tags,
    });
    for (const arn of props.executionRole.managedPolicyArns ?? [])
      new IamRolePolicyAttachment(this, `execution-role-${arn.split("/").pop()}`, {
        provider: props.provider,
        role: this.executionRole.name,
        policyArn: arn,
      });

    const sg = new SecurityGroup(this, "apps-sg", {
      provider: props.provider,
      name: `${props.domainName}-apps`,
      description: `SageMaker Studio ${props.domainName} apps: within the group and to the listed destinations only`,
      vpcId: props.vpcId,
      tags: { ...tags, Name: `${props.domainName}-apps` },
    });
    this.securityGroupId = sg.id;
    const rule = (kind: "in" | "out", name: string, extra: Record<string, unknown>, description: string) => {
      const common = {
        provider: props.provider,
        securityGroupId: sg.id,
        ipProtocol: "tcp",
        description,
        tags,
      };
      return kind === "in"
        ? new VpcSecurityGroupIngressRule(this, `ingress-${name}`, { ...common, ...extra })
        : new VpcSecurityGroupEgressRule(this, `egress-${name}`, { ...common, ...extra });
    };
    // Within the group (SageMaker developer guide, "Connect Studio notebooks in a VPC to external resources").
    rule("in", "apps", { ...APP_PORTS, referencedSecurityGroupId: sg.id }, "Studio apps to each other");
    rule("out", "apps", { ...APP_PORTS, referencedSecurityGroupId: sg.id }, "Studio apps to each other");
    rule("in", "nfs", { ...NFS, referencedSecurityGroupId: sg.id }, "NFS within the Studio group");
    rule("out", "nfs", { ...NFS, referencedSecurityGroupId: sg.id }, "NFS within the Studio group");
    // The home EFS mount targets (SageMaker-managed groups) sit in the domain's subnets.
    for (const [az, cidr] of Object.entries(props.subnetCidrs))
      rule("out", `efs-${az}`, { ...NFS, cidrIpv4: cidr }, `NFS to the home EFS mount target in ${az}`);
    addEgressRules(this, sg.id, props.egress, props.provider, tags);

    this.domain = new SagemakerDomain(this, "domain", {
      provider: props.provider,
      domainName: props.domainName,
      authMode: "IAM",
      // All app traffic stays in the VPC (the default, PublicInternetOnly, routes it through SageMaker's own
      // internet access): provider docs, aws_sagemaker_domain app_network_access_type.
      appNetworkAccessType: "VpcOnly",
      vpcId: props.vpcId,
      subnetIds: Object.keys(props.subnetIds)
        .sort()
        .map((az) => props.subnetIds[az]),
      kmsKeyId: props.kmsKeyArn,
      defaultUserSettings: { executionRole: this.executionRole.arn, securityGroups: [sg.id] },
      domainSettings: {
        // USER_PROFILE_NAME: the session's SourceIdentity is the user profile name; it persists across chained
        // roles (STS AssumeRole API), which is what lets a producer role pin redshift:DbUser to it.
        executionRoleIdentityConfig: sourceIdentity ? "USER_PROFILE_NAME" : "DISABLED",
        securityGroupIds: [sg.id],
      },
      retentionPolicy: { homeEfsFileSystem: props.homeEfsRetention ?? "Retain" },
      tags,
    });
    this.domainId = this.domain.id;
    this.domainArn = this.domain.arn;

    const profiles: Record<string, SagemakerUserProfile> = {};
    for (const name of props.userProfiles ?? [])
      profiles[name] = new SagemakerUserProfile(this, `profile-${name}`, {
        provider: props.provider,
        domainId: this.domainId,
        userProfileName: name,
        userSettings: { executionRole: this.executionRole.arn, securityGroups: [sg.id] },
        tags,
      });
    this.userProfiles = profiles;
  }
}
