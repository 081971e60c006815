// Role trust, managed admin policies, EMR at-rest encryption, Athena, the Glue Data Catalog and BigQuery: for
// each rule a violating stack it reports and a compliant one it does not.
import { AthenaWorkgroup } from "@cdktf/provider-aws/lib/athena-workgroup";
import { EmrSecurityConfiguration } from "@cdktf/provider-aws/lib/emr-security-configuration";
import { GlueCatalogDatabase } from "@cdktf/provider-aws/lib/glue-catalog-database";
import { GlueDataCatalogEncryptionSettings } from "@cdktf/provider-aws/lib/glue-data-catalog-encryption-settings";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BigqueryDataset } from "@cdktf/provider-google/lib/bigquery-dataset";
import { BigqueryDatasetIamBinding } from "@cdktf/provider-google/lib/bigquery-dataset-iam-binding";
import { BigqueryDatasetIamMember } from "@cdktf/provider-google/lib/bigquery-dataset-iam-member";
import { BigqueryTable } from "@cdktf/provider-google/lib/bigquery-table";
import { BigqueryTableIamMember } from "@cdktf/provider-google/lib/bigquery-table-iam-member";
import { BigqueryTableIamPolicy } from "@cdktf/provider-google/lib/bigquery-table-iam-policy";
import { TerraformStack } from "cdktf";
import { addressesOf, findingsOf, policy } from "./harness";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/0000";
const GCP_KEY = "projects/kms-p/locations/us/keyRings/bq/cryptoKeys/k";

describe("PP-IAM-007 no open principal in role trust", () => {
  it('reports Principal "*" (the bare-string form checkov misses) and {"AWS": "*"} with only an external id', () => {
    const findings = findingsOf("PP-IAM-007", (s) => {
      new IamRole(s, "bare", {
        assumeRolePolicy: policy({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
      });
      new IamRole(s, "aws-star", {
        assumeRolePolicy: policy({
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "partner-123" } },
        }),
      });
    });
    expect(findings.map((f) => f.address)).toEqual(["aws_iam_role.aws-star", "aws_iam_role.bare"]);
    expect(findings[1].message).toMatch(/allows Principal "\*" to assume the role with no condition/);
  });

  it('accepts named principals and "*" pinned to an organization', () => {
    expect(
      addressesOf("PP-IAM-007", (s) => {
        new IamRole(s, "partner", {
          assumeRolePolicy: policy({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::444455556666:role/worker" },
            Action: "sts:AssumeRole",
          }),
        });
        new IamRole(s, "org", {
          assumeRolePolicy: policy({
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
          }),
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-IAM-008 no AWS managed admin policies", () => {
  it("reports AdministratorAccess, PowerUserAccess (other partition) and IAMFullAccess wherever attached", () => {
    const findings = findingsOf("PP-IAM-008", (s) => {
      const role = new IamRole(s, "ops", {
        assumeRolePolicy: policy({
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      });
      new IamRolePolicyAttachment(s, "power", {
        role: role.name,
        policyArn: "arn:aws-us-gov:iam::aws:policy/PowerUserAccess",
      });
      new IamUserPolicyAttachment(s, "iam", {
        user: "u",
        policyArn: "arn:aws:iam::aws:policy/IAMFullAccess",
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_iam_role.ops",
      "aws_iam_role_policy_attachment.power",
      "aws_iam_user_policy_attachment.iam",
    ]);
    expect(findings[0].message).toMatch(/attaches the AWS managed policy AdministratorAccess/);
  });

  it("accepts narrower AWS managed policies and customer managed policies of the same name", () => {
    expect(
      addressesOf("PP-IAM-008", (s) => {
        new IamRolePolicyAttachment(s, "ro", {
          role: "r",
          policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        });
        new IamRolePolicyAttachment(s, "emr", {
          role: "r",
          policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEMRServicePolicy_v2",
        });
        new IamRolePolicyAttachment(s, "own", {
          role: "r",
          policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess",
        });
      }),
    ).toEqual([]);
  });
});

/** An EMR security configuration from its JSON document. */
function emrConfig(s: TerraformStack, id: string, doc: unknown): void {
  new EmrSecurityConfiguration(s, id, { name: id, configuration: JSON.stringify(doc) });
}

const AT_REST = {
  S3EncryptionConfiguration: { EncryptionMode: "SSE-KMS", AwsKmsKey: KEY },
  LocalDiskEncryptionConfiguration: {
    EncryptionKeyProviderType: "AwsKms",
    AwsKmsKey: KEY,
    EnableEbsEncryption: true,
  },
};

describe("PP-EMR-004 EMR at-rest encryption", () => {
  it("reports at-rest encryption off, S3 with SSE-S3, and a missing local-disk configuration", () => {
    const findings = findingsOf("PP-EMR-004", (s) => {
      emrConfig(s, "off", {
        EncryptionConfiguration: { EnableAtRestEncryption: false, EnableInTransitEncryption: false },
      });
      emrConfig(s, "sse-s3", {
        EncryptionConfiguration: {
          EnableAtRestEncryption: true,
          AtRestEncryptionConfiguration: { S3EncryptionConfiguration: { EncryptionMode: "SSE-S3" } },
        },
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_emr_security_configuration.off",
      "aws_emr_security_configuration.sse-s3",
    ]);
    expect(findings[1].message).toMatch(
      /EncryptionMode is "SSE-S3"; LocalDiskEncryptionConfiguration is missing/,
    );
  });

  it("accepts SSE-KMS for S3 and KMS local-disk encryption", () => {
    expect(
      addressesOf("PP-EMR-004", (s) =>
        emrConfig(s, "ok", {
          EncryptionConfiguration: { EnableAtRestEncryption: true, AtRestEncryptionConfiguration: AT_REST },
        }),
      ),
    ).toEqual([]);
  });
});

describe("PP-ATHENA-001 Athena results encrypted with KMS", () => {
  it("reports a workgroup without result encryption and one with SSE_S3", () => {
    const findings = findingsOf("PP-ATHENA-001", (s) => {
      new AthenaWorkgroup(s, "plain", {
        name: "plain",
        configuration: { resultConfiguration: { outputLocation: "s3://r/" } },
      });
      new AthenaWorkgroup(s, "sse-s3", {
        name: "sse-s3",
        configuration: {
          resultConfiguration: {
            outputLocation: "s3://r/",
            encryptionConfiguration: { encryptionOption: "SSE_S3" },
          },
        },
      });
    });
    expect(findings.map((f) => f.address)).toEqual([
      "aws_athena_workgroup.plain",
      "aws_athena_workgroup.sse-s3",
    ]);
    expect(findings[1].message).toMatch(/encrypts query results with SSE_S3 and no kms_key_arn/);
  });

  it("accepts SSE_KMS with a key", () => {
    expect(
      addressesOf("PP-ATHENA-001", (s) => {
        new AthenaWorkgroup(s, "ok", {
          name: "ok",
          configuration: {
            resultConfiguration: {
              outputLocation: "s3://r/",
              encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY },
            },
          },
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-ATHENA-002 Athena enforces its configuration", () => {
  it("reports enforce_workgroup_configuration = false", () => {
    expect(
      addressesOf("PP-ATHENA-002", (s) => {
        new AthenaWorkgroup(s, "loose", {
          name: "loose",
          configuration: { enforceWorkgroupConfiguration: false },
        });
      }),
    ).toEqual(["aws_athena_workgroup.loose"]);
  });

  it("accepts true and the provider default (unset)", () => {
    expect(
      addressesOf("PP-ATHENA-002", (s) => {
        new AthenaWorkgroup(s, "strict", {
          name: "strict",
          configuration: { enforceWorkgroupConfiguration: true },
        });
        new AthenaWorkgroup(s, "default", { name: "default" });
      }),
    ).toEqual([]);
  });
});

const encryptedCatalog = {
  encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
  connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
};

describe("PP-GLUE-002 Glue Data Catalog encryption", () => {
  it("reports a catalog database without settings, settings that leave passwords plain, and a second owner", () => {
    const findings = findingsOf("PP-GLUE-002", (s) => {
      const west = new AwsProvider(s, "west", { region: "us-west-2", alias: "west" });
      new GlueCatalogDatabase(s, "db", { name: "db", provider: west });
      new GlueDataCatalogEncryptionSettings(s, "weak", {
        dataCatalogEncryptionSettings: {
          encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
          connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false },
        },
      });
      new GlueDataCatalogEncryptionSettings(s, "second", { dataCatalogEncryptionSettings: encryptedCatalog });
    });
    expect(findings.map((f) => [f.address, f.message])).toEqual([
      [
        "aws_glue_catalog_database.db",
        expect.stringMatching(/no aws_glue_data_catalog_encryption_settings for provider aws\.west/),
      ],
      [
        "aws_glue_data_catalog_encryption_settings.second",
        expect.stringMatching(/weak already sets the Data Catalog encryption/),
      ],
      [
        "aws_glue_data_catalog_encryption_settings.weak",
        expect.stringMatching(/connection passwords are not returned encrypted/),
      ],
    ]);
  });

  it("accepts one complete settings resource on the provider of the catalog's resources", () => {
    expect(
      addressesOf("PP-GLUE-002", (s) => {
        new GlueCatalogDatabase(s, "db", { name: "db" });
        new GlueDataCatalogEncryptionSettings(s, "settings", {
          dataCatalogEncryptionSettings: encryptedCatalog,
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-BQ-001 BigQuery not public", () => {
  it("reports allUsers / allAuthenticatedUsers in access blocks, members, bindings and policies", () => {
    expect(
      addressesOf("PP-BQ-001", (s) => {
        new BigqueryDataset(s, "ds", {
          datasetId: "ds",
          access: [{ role: "READER", specialGroup: "allAuthenticatedUsers" }],
        });
        new BigqueryDatasetIamMember(s, "member", {
          datasetId: "ds",
          role: "roles/bigquery.dataViewer",
          member: "allUsers",
        });
        new BigqueryDatasetIamBinding(s, "binding", {
          datasetId: "ds",
          role: "roles/bigquery.dataViewer",
          members: ["user:a@example.com", "allAuthenticatedUsers"],
        });
        new BigqueryTableIamMember(s, "table-member", {
          datasetId: "ds",
          tableId: "t",
          role: "roles/bigquery.dataViewer",
          member: "allUsers",
        });
        new BigqueryTableIamPolicy(s, "table-policy", {
          datasetId: "ds",
          tableId: "t",
          policyData: JSON.stringify({
            bindings: [{ role: "roles/bigquery.dataViewer", members: ["allUsers"] }],
          }),
        });
      }),
    ).toEqual([
      "google_bigquery_dataset.ds",
      "google_bigquery_dataset_iam_binding.binding",
      "google_bigquery_dataset_iam_member.member",
      "google_bigquery_table_iam_member.table-member",
      "google_bigquery_table_iam_policy.table-policy",
    ]);
  });

  it("accepts named users, groups and service accounts", () => {
    expect(
      addressesOf("PP-BQ-001", (s) => {
        new BigqueryDataset(s, "ds", {
          datasetId: "ds",
          access: [{ role: "OWNER", userByEmail: "o@example.com" }],
        });
        new BigqueryDatasetIamMember(s, "member", {
          datasetId: "ds",
          role: "roles/bigquery.dataViewer",
          member: "serviceAccount:appflow@p.iam.gserviceaccount.com",
        });
      }),
    ).toEqual([]);
  });
});

describe("PP-BQ-002 BigQuery CMEK", () => {
  it("reports a dataset without a default key and a table without its own, as errors outside dev and warnings in dev", () => {
    const build = (s: TerraformStack) => {
      new BigqueryDataset(s, "ds", { datasetId: "ds" });
      new BigqueryTable(s, "t", { datasetId: "ds", tableId: "t" });
    };
    expect(findingsOf("PP-BQ-002", build, { environment: "prod" }).map((f) => [f.address, f.level])).toEqual([
      ["google_bigquery_dataset.ds", "error"],
      ["google_bigquery_table.t", "error"],
    ]);
    expect(findingsOf("PP-BQ-002", build, { environment: "dev" }).map((f) => f.level)).toEqual([
      "warning",
      "warning",
    ]);
  });

  it("accepts a key on the dataset and on every table", () => {
    expect(
      addressesOf("PP-BQ-002", (s) => {
        new BigqueryDataset(s, "ds", {
          datasetId: "ds",
          defaultEncryptionConfiguration: { kmsKeyName: GCP_KEY },
        });
        new BigqueryTable(s, "t", {
          datasetId: "ds",
          tableId: "t",
          encryptionConfiguration: { kmsKeyName: GCP_KEY },
        });
      }),
    ).toEqual([]);
  });
});
