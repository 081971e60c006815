import { blocks, isSet, parseJsonArgument, strings } from "../model";
import type { Rule, Violation } from "../types";

/** Google's principals for everyone on the internet and every Google account. */
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

function publicIn(values: readonly string[]): string[] {
  return values.filter((m) => PUBLIC_MEMBERS.includes(m));
}

/** Members granted by a `policy_data` IAM policy document. */
function policyMembers(value: unknown): string[] {
  const bindings = (parseJsonArgument(value) as { bindings?: unknown } | undefined)?.bindings;
  return Array.isArray(bindings)
    ? bindings.flatMap((b) => strings((b as { members?: unknown }).members))
    : [];
}

export const bigqueryNotPublic: Rule = {
  id: "PP-BQ-001",
  level: "error",
  description:
    "No BigQuery dataset or table is granted to allUsers or allAuthenticatedUsers (access blocks, IAM members, bindings, policies).",
  mirrors: ["CKV_GCP_15", "CKV_GCP_100"],
  fix: "grant named users, groups or service accounts only",
  check(stack) {
    const out: Violation[] = [];
    const report = (address: string, members: readonly string[], where: string) => {
      if (members.length === 0) return;
      out.push({
        address,
        problem: `${where} grants ${[...new Set(members)].join(" and ")}, so anyone (or any Google account) can read the data`,
        fix: "grant named users, groups or service accounts only",
      });
    };
    for (const ds of stack.resources("google_bigquery_dataset")) {
      report(
        ds.address,
        publicIn(
          blocks(ds.body.access).flatMap((a) => [...strings(a.special_group), ...strings(a.iam_member)]),
        ),
        "an access block",
      );
    }
    for (const r of stack.resources("google_bigquery_dataset_access")) {
      report(
        r.address,
        publicIn([...strings(r.body.special_group), ...strings(r.body.iam_member)]),
        "the access entry",
      );
    }
    for (const r of stack.resources(
      "google_bigquery_dataset_iam_member",
      "google_bigquery_table_iam_member",
    )) {
      report(r.address, publicIn(strings(r.body.member)), "the IAM member");
    }
    for (const r of stack.resources(
      "google_bigquery_dataset_iam_binding",
      "google_bigquery_table_iam_binding",
    )) {
      report(r.address, publicIn(strings(r.body.members)), "the IAM binding");
    }
    for (const r of stack.resources(
      "google_bigquery_dataset_iam_policy",
      "google_bigquery_table_iam_policy",
    )) {
      report(r.address, publicIn(policyMembers(r.body.policy_data)), "the IAM policy");
    }
    return out;
  },
};

export const bigqueryCmek: Rule = {
  id: "PP-BQ-002",
  level: "error",
  levelByEnvironment: { dev: "warning" },
  description:
    "BigQuery datasets (default_encryption_configuration) and tables (encryption_configuration) use a customer-managed Cloud KMS key.",
  mirrors: ["CKV_GCP_81", "CKV_GCP_80"],
  fix: "set kms_key_name on the dataset default and every table, with the BigQuery service agent granted the key",
  check(stack) {
    const keyOf = (block: unknown) => blocks(block)[0]?.kms_key_name;
    return [
      ...stack
        .resources("google_bigquery_dataset")
        .filter((ds) => !isSet(keyOf(ds.body.default_encryption_configuration)))
        .map((ds) => ({
          address: ds.address,
          problem:
            "dataset has no default customer-managed key, so its tables are encrypted with a Google-managed key",
          fix: "set default_encryption_configuration.kms_key_name to a Cloud KMS key in the dataset's location, and grant the BigQuery service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it",
        })),
      ...stack
        .resources("google_bigquery_table")
        .filter((t) => !isSet(keyOf(t.body.encryption_configuration)))
        .map((t) => ({
          address: t.address,
          problem:
            "table has no customer-managed key of its own (a dataset default applies only to tables created after it was set)",
          fix: "set encryption_configuration.kms_key_name to the dataset's key",
        })),
    ];
  },
};

export const googleRules: readonly Rule[] = [bigqueryNotPublic, bigqueryCmek];
