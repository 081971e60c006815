import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  checkLiteralStrings,
  PolicyDocument,
  PolicyStatement,
  checkAccountId,
  checkIntRange,
  checkNonEmpty,
  checkUnique,
  ensure,
  isKnown,
  policyDocument,
  policyJson,
} from "../core";
import {
  assertLeastPrivilege,
  checkRegion,
  checkRoleArn,
  checkRoleName,
  parseRoleArn,
} from "./least-privilege";

/**
 * IAM policy variables written for Terraform: in Terraform's JSON syntax `${...}` is an
 * interpolation, and `$${` is the escape that leaves a literal `${` in the applied policy.
 */
export const TF_AWS_SOURCE_IDENTITY = "$${aws:SourceIdentity}";
export const TF_AWS_USERID = "$${aws:userid}";

/**
 * Actions granted on `"Resource": "*"` because the Service Authorization Reference lists no
 * resource type for them (resource-level permissions are not supported).
 */
export const REDSHIFT_STAR_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  "redshift:DescribeClusters": "no resource type: describing clusters cannot be scoped to one cluster",
  "redshift-data:ListStatements": "no resource type: lists only the caller's statements anyway",
  "redshift-data:DescribeStatement": "no resource type: limited to the caller's statements by condition",
  "redshift-data:GetStatementResult": "no resource type: limited to the caller's statements by condition",
  "redshift-data:CancelStatement": "no resource type: limited to the caller's statements by condition",
};

export interface RedshiftCrossAccountAccessProps {
  /** Provider for the producer account (cluster owner), where the role is created. @default - the stack's default AWS provider */
  readonly producerProvider?: TerraformProvider;
  /** Provider for the consumer account, where the inline policy is added. @default - the stack's default AWS provider */
  readonly consumerProvider?: TerraformProvider;
  /** Producer (cluster owner) account id. */
  readonly producerAccountId: string;
  /** Region of the cluster, e.g. `us-east-1`. */
  readonly region: string;
  /** Partition of the ARNs. @default "aws" */
  readonly partition?: string;
  /** Name of the producer role to create. */
  readonly roleName: string;
  /** ARN of the existing consumer role (e.g. a SageMaker execution role) that may assume the producer role. */
  readonly consumerRoleArn: string;
  /** Provisioned cluster identifier. */
  readonly clusterIdentifier: string;
  /** Databases the role may request credentials for. */
  readonly databaseNames: readonly string[];
  /** Database groups the user may join (redshift:JoinGroup). @default [] */
  readonly dbGroups?: readonly string[];
  /** Grant the Redshift Data API on the cluster. @default true */
  readonly allowDataApi?: boolean;
  /**
   * Require a source identity when the role is assumed. The DbUser condition needs one; turning this
   * off only moves the failure from AssumeRole to GetClusterCredentials.
   * @default true
   */
  readonly requireSourceIdentity?: boolean;
  /** Maximum session of the producer role, 3600-43200. @default 3600 */
  readonly maxSessionDurationSeconds?: number;
  /** Name of the inline policy on the consumer role. @default - `assume-<roleName>` */
  readonly consumerPolicyName?: string;
  /** Tags for the producer role. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Cross-account Redshift access: a producer-account role that one consumer role can assume, whose
 * database user is pinned to the session's source identity, plus the consumer-side inline policy.
 */
export class RedshiftCrossAccountAccess extends Construct {
  public readonly producerRoleArn: string;
  public readonly producerRoleName: string;
  public readonly consumerRoleName: string;
  public readonly trustPolicy: PolicyDocument;
  public readonly permissionPolicy: PolicyDocument;
  public readonly consumerPolicy: PolicyDocument;

  constructor(scope: Construct, id: string, props: RedshiftCrossAccountAccessProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const partition = props.partition ?? "aws";
    const dbGroups = props.dbGroups ?? [];
    const allowDataApi = props.allowDataApi ?? true;
    const requireSourceIdentity = props.requireSourceIdentity ?? true;
    const maxSession = props.maxSessionDurationSeconds ?? 3600;
    const consumerPolicyName = props.consumerPolicyName ?? `assume-${props.roleName}`;
    const tags = { ...props.tags };

    checkAccountId(this, "producerAccountId", props.producerAccountId);
    checkRegion(this, "region", props.region);
    checkRoleName(this, "roleName", props.roleName);
    ensure(
      isKnown(props.consumerRoleArn),
      this,
      "consumerRoleArn",
      props.consumerRoleArn,
      "must be known at synth time (the consumer role already exists in the other account)",
      "pass the literal ARN of the consumer role",
    );
    checkRoleArn(this, "consumerRoleArn", props.consumerRoleArn);
    const consumer = parseRoleArn(props.consumerRoleArn)!;
    ensure(
      /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(props.clusterIdentifier) && props.clusterIdentifier.length <= 63,
      this,
      "clusterIdentifier",
      props.clusterIdentifier,
      "must be a Redshift cluster identifier (lowercase letters, digits and single hyphens, starting with a letter, at most 63)",
      "give the cluster's identifier, e.g. analytics-main",
    );
    checkNonEmpty(this, "databaseNames", props.databaseNames as unknown[]);
    checkUnique(this, "databaseNames", props.databaseNames);
    checkUnique(this, "dbGroups", dbGroups);
    for (const [prop, names] of [
      ["databaseNames", props.databaseNames],
      ["dbGroups", dbGroups],
    ] as const) {
      for (const n of names) {
        ensure(
          /^[a-z_][a-z0-9_$]{0,126}$/.test(n),
          this,
          prop,
          n,
          "must be a Redshift identifier (lowercase letters, digits, '_' or '$', no wildcard)",
          "give the exact name as created in the database",
        );
      }
    }
    checkIntRange(this, "maxSessionDurationSeconds", maxSession, 3600, 43200);

    const arn = (resource: string) =>
      `arn:${partition}:redshift:${props.region}:${props.producerAccountId}:${resource}`;
    const cluster = props.clusterIdentifier;
    const dbUserArn = arn(`dbuser:${cluster}/${TF_AWS_SOURCE_IDENTITY}`);
    const asSourceIdentity = { StringEquals: { "redshift:DbUser": TF_AWS_SOURCE_IDENTITY } };

    this.trustPolicy = policyDocument({
      Sid: "ConsumerRoleOnly",
      Effect: "Allow",
      Principal: { AWS: props.consumerRoleArn },
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
      ...(requireSourceIdentity ? { Condition: { Null: { "sts:SourceIdentity": "false" } } } : {}),
    });

    const statements: PolicyStatement[] = [
      {
        Sid: "ClusterCredentialsAsSourceIdentity",
        Effect: "Allow",
        Action: "redshift:GetClusterCredentials",
        Resource: [dbUserArn, ...props.databaseNames.map((d) => arn(`dbname:${cluster}/${d}`))],
        Condition: asSourceIdentity,
      },
      {
        Sid: "CreateUserAsSourceIdentity",
        Effect: "Allow",
        Action: "redshift:CreateClusterUser",
        Resource: dbUserArn,
        Condition: asSourceIdentity,
      },
    ];
    if (dbGroups.length > 0) {
      statements.push({
        Sid: "JoinNamedGroups",
        Effect: "Allow",
        Action: "redshift:JoinGroup",
        Resource: dbGroups.map((g) => arn(`dbgroup:${cluster}/${g}`)),
      });
    }
    if (allowDataApi) {
      statements.push(
        {
          Sid: "DataApiOnCluster",
          Effect: "Allow",
          Action: [
            "redshift-data:ExecuteStatement",
            "redshift-data:BatchExecuteStatement",
            "redshift-data:ListDatabases",
            "redshift-data:ListSchemas",
            "redshift-data:ListTables",
            "redshift-data:DescribeTable",
          ],
          Resource: arn(`cluster:${cluster}`),
        },
        {
          // No resource type exists for these; the owner condition keeps them to this session's statements.
          Sid: "DataApiOwnStatements",
          Effect: "Allow",
          Action: [
            "redshift-data:DescribeStatement",
            "redshift-data:GetStatementResult",
            "redshift-data:CancelStatement",
          ],
          Resource: "*",
          Condition: { StringEquals: { "redshift-data:statement-owner-iam-userid": TF_AWS_USERID } },
        },
      );
    }
    statements.push({
      // See REDSHIFT_STAR_RESOURCE_ACTIONS: neither action supports resource-level permissions.
      Sid: "DescribeWithoutResourceLevelPermissions",
      Effect: "Allow",
      Action: allowDataApi
        ? ["redshift:DescribeClusters", "redshift-data:ListStatements"]
        : ["redshift:DescribeClusters"],
      Resource: "*",
    });
    this.permissionPolicy = policyDocument(...statements);
    assertLeastPrivilege(this, "permissionPolicy", this.permissionPolicy, REDSHIFT_STAR_RESOURCE_ACTIONS);

    const role = new IamRole(this, "producer-role", {
      provider: props.producerProvider,
      name: props.roleName,
      description: `Redshift access for ${props.consumerRoleArn}, database user = source identity`,
      assumeRolePolicy: policyJson(this.trustPolicy),
      maxSessionDuration: maxSession,
      tags,
    });
    new IamRolePolicy(this, "producer-redshift", {
      provider: props.producerProvider,
      name: "redshift-as-source-identity",
      role: role.name,
      policy: policyJson(this.permissionPolicy),
    });

    // Cross-account: the caller's own account must allow SetSourceIdentity on the role as well.
    this.consumerPolicy = policyDocument({
      Sid: "AssumeProducerRole",
      Effect: "Allow",
      Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
      Resource: role.arn,
    });
    assertLeastPrivilege(this, "consumerPolicy", this.consumerPolicy);
    new IamRolePolicy(this, "consumer-assume", {
      provider: props.consumerProvider,
      name: consumerPolicyName,
      role: consumer.roleName,
      policy: policyJson(this.consumerPolicy),
    });

    this.producerRoleArn = role.arn;
    this.producerRoleName = role.name;
    this.consumerRoleName = consumer.roleName;
  }
}
