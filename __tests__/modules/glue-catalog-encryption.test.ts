// GlueCatalogEncryption: the account/region Data Catalog encryption (key + singleton settings).
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { evaluatePolicyPack } from "@multicloud-platform/modules/guardrails";
import {
  GlueCatalogEncryption,
  GlueCatalogEncryptionProps,
} from "@multicloud-platform/modules/glue-catalog-encryption";

type Json = Record<string, any>;

const APPFLOW_ROLE = "arn:aws:iam::111122223333:role/dev-ingest-appflow-glue-catalog";
const GLUE_ROLE = "arn:aws:iam::111122223333:role/dev-glue";

function build(props: Partial<GlueCatalogEncryptionProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "catalog");
  const provider = new AwsProvider(stack, "aws", { region: "us-east-1", alias: "ingest" });
  const catalog = new GlueCatalogEncryption(stack, "catalog", {
    provider,
    accountId: "111122223333",
    region: "us-east-1",
    ...props,
  });
  return { stack, catalog };
}

const of = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});

describe("GlueCatalogEncryption", () => {
  it("encrypts metadata with SSE-KMS and returns connection passwords encrypted, with one rotating key", () => {
    const { stack } = build();
    const json = JSON.parse(Testing.synth(stack));
    const [key] = Object.keys(json.resource.aws_kms_key);
    expect(of(json, "aws_kms_key")[0]).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(of(json, "aws_kms_alias")[0].name).toBe("alias/glue-data-catalog");
    expect(of(json, "aws_glue_data_catalog_encryption_settings")[0]).toEqual({
      provider: "aws.ingest",
      catalog_id: "111122223333",
      data_catalog_encryption_settings: {
        encryption_at_rest: {
          catalog_encryption_mode: "SSE-KMS",
          sse_aws_kms_key_id: `\${aws_kms_key.${key}.arn}`,
        },
        connection_password_encryption: {
          return_connection_password_encrypted: true,
          aws_kms_key_id: `\${aws_kms_key.${key}.arn}`,
        },
      },
    });
    expect(evaluatePolicyPack(stack).findings).toEqual([]);
  });

  it("lets the catalog clients (given and added later) use the key only through Glue", () => {
    const { stack, catalog } = build({ catalogClientRoleArns: [APPFLOW_ROLE] });
    catalog.addCatalogClient(GLUE_ROLE);
    const policy = JSON.parse(of(JSON.parse(Testing.synth(stack)), "aws_kms_key")[0].policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "EnableAccountAdministration",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CatalogClientsThroughGlue",
        Effect: "Allow",
        Principal: { AWS: [APPFLOW_ROLE, GLUE_ROLE] },
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": "glue.us-east-1.amazonaws.com" } },
      },
    ]);
  });

  it("fails when the account, region, client role, alias or deletion window is invalid", () => {
    expect(() => build({ accountId: "1234" })).toThrow(/invalid accountId = "1234"/);
    expect(() => build({ region: "us-east" })).toThrow(
      /invalid region = "us-east": must be an AWS region name/,
    );
    expect(() => build({ catalogClientRoleArns: ["arn:aws:s3:::bucket"] })).toThrow(/catalogClientRoleArns/);
    expect(() => build({ keyAlias: "alias/aws/glue" })).toThrow(/reserved alias\/aws\/ namespace/);
    expect(() => build({ kmsKeyDeletionWindowDays: 3 })).toThrow(/kmsKeyDeletionWindowDays = 3/);
  });
});
