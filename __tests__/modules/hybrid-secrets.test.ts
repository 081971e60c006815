import { TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import {
  HybridSecret,
  HybridSecretProps,
  rdsManagedMasterPassword,
} from "@multicloud-platform/modules/hybrid-secrets";

type Json = Record<string, any>;

const KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const LAMBDA = "arn:aws:lambda:us-east-1:111111111111:function:rotate-db";

function build(props: Partial<HybridSecretProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1", alias: "app" });
  const secret = new HybridSecret(stack, "db", {
    name: "dev/app/db-credentials",
    provider,
    accountId: "111111111111",
    ...props,
  });
  return { stack, secret };
}

describe("HybridSecret with its own CMK", () => {
  let synth: string;
  let parsed: Json;
  beforeAll(() => {
    synth = Testing.synth(build().stack);
    parsed = JSON.parse(synth);
  });

  it("creates a rotating CMK with an alias", () => {
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      provider: "aws.app",
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: "alias/secrets/dev/app/db-credentials" });
  });

  it("gives the key an explicit policy that delegates to the account's IAM policies", () => {
    const key = Object.values(parsed.resource.aws_kms_key)[0] as Json;
    expect(JSON.parse(key.policy as string).Statement).toEqual([
      {
        Sid: "EnableAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
  });

  it("fails when it must create the key but has no accountId", () => {
    expect(() => build({ accountId: undefined })).toThrow(
      /invalid accountId = undefined: is required when the module creates the secret's key.*Fix: pass the 12-digit account id/,
    );
  });

  it("encrypts the secret with that CMK and keeps a 30-day recovery window", () => {
    const keyId = Object.keys(parsed.resource.aws_kms_key)[0];
    expect(synth).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "dev/app/db-credentials",
      kms_key_id: `\${aws_kms_key.${keyId}.arn}`,
      recovery_window_in_days: 30,
      provider: "aws.app",
    });
  });

  it("never puts a secret value in the configuration", () => {
    expect(parsed.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(synth).not.toMatch(/secret_string|secret_binary/);
    expect(synth).not.toHaveResource(SecretsmanagerSecretRotation);
  });
});

describe("HybridSecret with an existing key and rotation", () => {
  it("uses the given key and rotates through the Lambda", () => {
    const out = Testing.synth(
      build({ kmsKeyArn: KEY, rotation: { lambdaArn: LAMBDA, afterDays: 7 }, recoveryWindowDays: 0 }).stack,
    );
    expect(out).not.toHaveResource(KmsKey);
    expect(out).toHaveResourceWithProperties(SecretsmanagerSecret, {
      kms_key_id: KEY,
      recovery_window_in_days: 0,
    });
    expect(out).toHaveResourceWithProperties(SecretsmanagerSecretRotation, {
      rotation_lambda_arn: LAMBDA,
      rotation_rules: { automatically_after_days: 7 },
    });
  });

  it("gives RDS the arguments to manage the master password with the key", () => {
    expect(rdsManagedMasterPassword(KEY)).toEqual({
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY,
    });
  });

  it("rejects bad props with the fix", () => {
    expect(() => build({ name: "bad name!" })).toThrow(/name = "bad name!".*Fix: use a path-like name/);
    expect(() => build({ kmsKeyArn: LAMBDA })).toThrow(/kmsKeyArn.*must be an kms ARN/);
    expect(() => build({ keyDeletionWindowDays: 3 })).toThrow(/keyDeletionWindowDays = 3.*from 7 to 30/);
    expect(() => build({ recoveryWindowDays: 5 })).toThrow(
      /recoveryWindowDays = 5.*0 or a whole number from 7 to 30/,
    );
    expect(() => build({ rotation: { lambdaArn: KEY } })).toThrow(/rotation\.lambdaArn.*lambda ARN/);
    expect(() => build({ rotation: { lambdaArn: LAMBDA, afterDays: 0 } })).toThrow(/rotation\.afterDays = 0/);
  });
});
