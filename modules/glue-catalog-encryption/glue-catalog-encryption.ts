import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  accountRootKeyPolicy,
  checkAccountId,
  checkArn,
  checkIntRange,
  checkLiteralStrings,
  checkRegion,
  checkUnique,
  ensure,
  isKnown,
  policyJson,
} from "../core";

export interface GlueCatalogEncryptionProps {
  /** Account whose Data Catalog is encrypted (12 digits); also the catalog id. */
  readonly accountId: string;
  /** Region of the provider (the catalog is per account and region). */
  readonly region: string;
  /** @default "aws" */
  readonly partition?: string;
  /**
   * Roles that read or write the catalog through Glue (crawler and job roles, the role AppFlow passes to
   * catalog flow output); more can be added with `addCatalogClient`. The key policy lets each use the key
   * through Glue only (`kms:ViaService`). Other principals (Athena users) need kms:Decrypt, kms:Encrypt and
   * kms:GenerateDataKey on the key in their own IAM policies, which the key policy's account statement honours.
   * @default []
   */
  readonly catalogClientRoleArns?: readonly string[];
  /** @default "alias/glue-data-catalog" */
  readonly keyAlias?: string;
  /** @default 30 */
  readonly kmsKeyDeletionWindowDays?: number;
  /** @default - no tags beyond the provider's default tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider of the account and region. @default - the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

/** What every catalog client needs on the key ("Encrypting your Data Catalog", Glue developer guide). */
export const CATALOG_KEY_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];

/**
 * Encryption of one account's Glue Data Catalog in one region: a customer managed key (rotation on) and
 * `aws_glue_data_catalog_encryption_settings` with SSE-KMS for metadata and encrypted connection passwords
 * (CKV_AWS_94, the policy pack's PP-GLUE-002).
 *
 * The settings are a singleton per account and region: the provider's create and update both call
 * PutDataCatalogEncryptionSettings, and its delete puts empty settings, i.e. turns encryption off for the whole
 * catalog. Exactly one stack may own this construct for an account and region; a second one silently overwrites
 * the first on every apply, and destroying either one disables encryption (provider source,
 * internal/service/glue/data_catalog_encryption_settings.go). Keep the key: "When you use the encrypted Data
 * Catalog with a crawler, you must maintain the encryption settings"
 * (https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html).
 */
export class GlueCatalogEncryption extends Construct {
  public readonly kmsKey: KmsKey;
  public readonly kmsKeyArn: string;
  public readonly settings: GlueDataCatalogEncryptionSettings;
  private readonly clients: string[];

  constructor(scope: Construct, id: string, props: GlueCatalogEncryptionProps) {
    super(scope, id);
    const partition = props.partition ?? "aws";
    const clients = [...(props.catalogClientRoleArns ?? [])];
    this.clients = clients;
    const alias = props.keyAlias ?? "alias/glue-data-catalog";
    const deletionWindowDays = props.kmsKeyDeletionWindowDays ?? 30;

    // Literal strings first: a `${…}`/`%{…}` from any caller must never reach the JSON as a live expression.
    checkLiteralStrings(this, props);
    checkAccountId(this, "accountId", props.accountId);
    checkRegion(this, "region", props.region);
    clients.forEach((arn) => checkArn(this, "catalogClientRoleArns", arn, "iam"));
    checkUnique(this, "catalogClientRoleArns", clients);
    ensure(
      !isKnown(alias) || (/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(alias) && !alias.startsWith("alias/aws/")),
      this,
      "keyAlias",
      alias,
      "must be alias/<name> with letters, digits, /, _ or -, and not in the reserved alias/aws/ namespace",
      'use e.g. "alias/glue-data-catalog"',
    );
    checkIntRange(this, "kmsKeyDeletionWindowDays", deletionWindowDays, 7, 30);

    this.kmsKey = new KmsKey(this, "key", {
      provider: props.provider,
      description: `Glue Data Catalog of ${props.accountId} in ${props.region}: metadata and connection passwords`,
      // "AWS Glue supports only symmetric customer managed keys" (same guide): the default key spec.
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      // Rendered at synth, so clients created after this construct (addCatalogClient) are named too.
      policy: Lazy.stringValue({
        produce: () => {
          checkUnique(this, "catalogClientRoleArns", this.clients);
          return policyJson(
            accountRootKeyPolicy(
              partition,
              props.accountId,
              ...(this.clients.length > 0
                ? [
                    {
                      Sid: "CatalogClientsThroughGlue",
                      Effect: "Allow" as const,
                      Principal: { AWS: [...this.clients] },
                      Action: [...CATALOG_KEY_ACTIONS, "kms:DescribeKey"],
                      Resource: "*",
                      Condition: { StringEquals: { "kms:ViaService": `glue.${props.region}.amazonaws.com` } },
                    },
                  ]
                : []),
            ),
          );
        },
      }),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    new KmsAlias(this, "key-alias", {
      provider: props.provider,
      name: alias,
      targetKeyId: this.kmsKey.keyId,
    });
    this.kmsKeyArn = this.kmsKey.arn;

    this.settings = new GlueDataCatalogEncryptionSettings(this, "settings", {
      provider: props.provider,
      catalogId: props.accountId,
      dataCatalogEncryptionSettings: {
        // Plain SSE-KMS (not SSE-KMS-WITH-SERVICE-ROLE): every client's own permissions decide, which is what
        // CKV_AWS_94 accepts and what Athena users' IAM policies already express.
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: this.kmsKey.arn },
        // GetConnection(s) return passwords encrypted; callers that need them decrypt with the key.
        connectionPasswordEncryption: {
          returnConnectionPasswordEncrypted: true,
          awsKmsKeyId: this.kmsKey.arn,
        },
      },
    });
  }

  /** Lets one more role (a Glue job or crawler role, AppFlow's catalog role) use the key through Glue. */
  addCatalogClient(roleArn: string): void {
    checkArn(this, "catalogClientRoleArns", roleArn, "iam");
    this.clients.push(roleArn);
  }
}
