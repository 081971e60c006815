import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import {
  accountRootKeyPolicy,
  checkAccountId,
  checkArn,
  checkIntRange,
  checkLiteralStrings,
  ensure,
  isKnown,
  policyJson,
} from "../core";

export interface HybridSecretRotation {
  /** ARN of the rotation Lambda function. */
  readonly lambdaArn: string;
  /** Days between rotations, 1-1000. @default 30 */
  readonly afterDays?: number;
}

export interface HybridSecretProps {
  /** Secret name, e.g. `dev/payments/api-token` (letters, digits and /_+=.@-). */
  readonly name: string;
  /** @default - "Value set out of band; never stored in Terraform" */
  readonly description?: string;
  /** Existing customer managed key. @default - a new CMK with yearly automatic rotation */
  readonly kmsKeyArn?: string;
  /**
   * Account the secret lives in; required when the module creates the key, whose explicit policy delegates
   * use to that account's IAM policies. @default - none (then kmsKeyArn must be given)
   */
  readonly accountId?: string;
  /** @default "aws" */
  readonly partition?: string;
  /** Waiting period before a new CMK is deleted, 7-30. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Days a deleted secret can be restored: 0 (force delete) or 7-30. @default 30 */
  readonly recoveryWindowDays?: number;
  /** Automatic rotation by a Lambda function. @default - none (rotate the value out of band) */
  readonly rotation?: HybridSecretRotation;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A Secrets Manager secret encrypted with a customer managed KMS key and created WITHOUT a value:
 * the value is put out of band (console, CLI, the workload, or a rotation function), so no secret
 * ever reaches the Terraform configuration or state.
 */
export class HybridSecret extends Construct {
  public readonly secretArn: string;
  public readonly secretId: string;
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: HybridSecretProps) {
    super(scope, id);
    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    const description = props.description ?? "Value set out of band; never stored in Terraform";
    const keyDeletionWindowDays = props.keyDeletionWindowDays ?? 30;
    const recoveryWindowDays = props.recoveryWindowDays ?? 30;
    const tags = { ...props.tags };

    ensure(
      !isKnown(props.name) || /^[\w/+=.@-]{1,512}$/.test(props.name),
      this,
      "name",
      props.name,
      "must be 1-512 characters of letters, digits and /_+=.@-",
      "use a path-like name such as dev/app/db-credentials",
    );
    if (props.kmsKeyArn !== undefined) checkArn(this, "kmsKeyArn", props.kmsKeyArn, "kms");
    else {
      ensure(
        props.accountId !== undefined,
        this,
        "accountId",
        props.accountId,
        "is required when the module creates the secret's key (the key policy names the account)",
        "pass the 12-digit account id of the secret's provider, or an existing key as kmsKeyArn",
      );
      checkAccountId(this, "accountId", props.accountId!);
    }
    checkIntRange(this, "keyDeletionWindowDays", keyDeletionWindowDays, 7, 30);
    if (isKnown(recoveryWindowDays)) {
      ensure(
        recoveryWindowDays === 0 ||
          (Number.isInteger(recoveryWindowDays) && recoveryWindowDays >= 7 && recoveryWindowDays <= 30),
        this,
        "recoveryWindowDays",
        recoveryWindowDays,
        "must be 0 or a whole number from 7 to 30",
        "keep the default 30 unless the secret must be deleted immediately",
      );
    }
    if (props.rotation) {
      checkArn(this, "rotation.lambdaArn", props.rotation.lambdaArn, "lambda");
      checkIntRange(this, "rotation.afterDays", props.rotation.afterDays ?? 30, 1, 1000);
    }

    let keyArn = props.kmsKeyArn;
    if (keyArn === undefined) {
      // The policy delegates to IAM (AWS's default statement, written out: PP-KMS-002), so readers need
      // kms:Decrypt in their own policy, scoped with kms:ViaService to Secrets Manager.
      const key = new KmsKey(this, "key", {
        provider: props.provider,
        description: `Encrypts secret ${props.name}`,
        enableKeyRotation: true,
        deletionWindowInDays: keyDeletionWindowDays,
        policy: policyJson(accountRootKeyPolicy(props.partition ?? "aws", props.accountId!)),
        tags,
      });
      new KmsAlias(this, "alias", {
        provider: props.provider,
        name: `alias/secrets/${props.name.replace(/[^a-zA-Z0-9/_-]/g, "-")}`,
        targetKeyId: key.keyId,
      });
      keyArn = key.arn;
    }
    const secret = new SecretsmanagerSecret(this, "secret", {
      provider: props.provider,
      name: props.name,
      description,
      kmsKeyId: keyArn,
      recoveryWindowInDays: recoveryWindowDays,
      tags,
    });
    if (props.rotation) {
      new SecretsmanagerSecretRotation(this, "rotation", {
        provider: props.provider,
        secretId: secret.id,
        rotationLambdaArn: props.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: props.rotation.afterDays ?? 30 },
      });
    }
    this.secretArn = secret.arn;
    this.secretId = secret.id;
    this.kmsKeyArn = keyArn;
  }
}

/**
 * Arguments for `DbInstance` / `RdsCluster` that let RDS create, store (in Secrets Manager, encrypted
 * with `kmsKeyArn`) and rotate the master password: no password ever appears in Terraform.
 */
export function rdsManagedMasterPassword(kmsKeyArn: string): {
  readonly manageMasterUserPassword: true;
  readonly masterUserSecretKmsKeyId: string;
} {
  return { manageMasterUserPassword: true, masterUserSecretKmsKeyId: kmsKeyArn };
}
