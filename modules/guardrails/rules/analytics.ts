import { TfResource, blocks, isSet, isTrue, providerOf } from "../model";
import type { Rule, Violation } from "../types";

/** The workgroup's `configuration` block (cdktf renders a max-one block as an object). */
function workgroupConfig(wg: TfResource) {
  return blocks(wg.body.configuration)[0];
}

const KMS_RESULT_OPTIONS = ["SSE_KMS", "CSE_KMS"];

export const athenaResultsEncrypted: Rule = {
  id: "PP-ATHENA-001",
  level: "error",
  description:
    "Athena workgroups encrypt query results with a KMS key (SSE_KMS or CSE_KMS with kms_key_arn).",
  mirrors: ["CKV_AWS_159"],
  fix: "set result_configuration.encryption_configuration to SSE_KMS with kms_key_arn",
  check(stack) {
    const out: Violation[] = [];
    for (const wg of stack.resources("aws_athena_workgroup")) {
      const result = blocks(workgroupConfig(wg)?.result_configuration)[0];
      const enc = blocks(result?.encryption_configuration)[0];
      const option = enc?.encryption_option;
      if (!KMS_RESULT_OPTIONS.includes(String(option)) || !isSet(enc?.kms_key_arn)) {
        out.push({
          address: wg.address,
          problem: `workgroup ${option === undefined ? "does not encrypt query results" : `encrypts query results with ${String(option)}${isSet(enc?.kms_key_arn) ? "" : " and no kms_key_arn"}`}, so result files (copies of queried data) are not protected by a key you control`,
          fix: 'set configuration.result_configuration.encryption_configuration { encryption_option = "SSE_KMS", kms_key_arn = <customer managed key ARN> }',
        });
      }
    }
    return out;
  },
};

export const athenaEnforceConfiguration: Rule = {
  id: "PP-ATHENA-002",
  level: "error",
  description:
    "Athena workgroups enforce their configuration, so clients cannot override result location or encryption.",
  mirrors: ["CKV_AWS_82"],
  fix: "set enforce_workgroup_configuration = true (the default)",
  check: (stack) =>
    stack
      .resources("aws_athena_workgroup")
      // The provider defaults enforce_workgroup_configuration to true; only an explicit false turns it off.
      .filter((wg) => {
        const v = workgroupConfig(wg)?.enforce_workgroup_configuration;
        return v === false || v === "false";
      })
      .map((wg) => ({
        address: wg.address,
        problem:
          "workgroup does not enforce its configuration, so any client can send results to another location without encryption",
        fix: "set configuration.enforce_workgroup_configuration = true (or omit it: true is the default)",
      })),
};

/** Resources that store metadata in the Glue Data Catalog of their account and region. */
const CATALOG_TYPES = [
  "aws_glue_catalog_database",
  "aws_glue_catalog_table",
  "aws_glue_connection",
  "aws_glue_crawler",
  "aws_glue_partition",
];

/** Catalog encryption modes that use a KMS key (CKV_AWS_94 accepts only `SSE-KMS`; the service-role variant encrypts with the same key). */
const CATALOG_KMS_MODES = ["SSE-KMS", "SSE-KMS-WITH-SERVICE-ROLE"];

function settingsProblems(settings: TfResource): string[] {
  const body = blocks(settings.body.data_catalog_encryption_settings)[0];
  const atRest = blocks(body?.encryption_at_rest)[0];
  const password = blocks(body?.connection_password_encryption)[0];
  const mode = atRest?.catalog_encryption_mode;
  return [
    ...(!CATALOG_KMS_MODES.includes(String(mode))
      ? [`catalog_encryption_mode is ${mode === undefined ? "unset" : JSON.stringify(mode)}`]
      : !isSet(atRest?.sse_aws_kms_key_id)
        ? ["encryption_at_rest has no sse_aws_kms_key_id"]
        : []),
    ...(!isTrue(password?.return_connection_password_encrypted) || !isSet(password?.aws_kms_key_id)
      ? ["connection passwords are not returned encrypted with an aws_kms_key_id"]
      : []),
  ];
}

function catalogKey(settings: TfResource): string {
  const id = settings.body.catalog_id;
  // No catalog_id means the provider's account: one catalog per provider configuration.
  return `${providerOf(settings.body)}/${typeof id === "string" ? id : "account"}`;
}

export const glueCatalogEncryption: Rule = {
  id: "PP-GLUE-002",
  level: "error",
  description:
    "Glue Data Catalogs are encrypted with KMS (metadata and connection passwords), declared once per account and region, in a stack that uses the catalog.",
  mirrors: ["CKV_AWS_94"],
  fix: "declare one aws_glue_data_catalog_encryption_settings per account/region with SSE-KMS and encrypted connection passwords",
  check(stack) {
    const out: Violation[] = [];
    const all = stack.resources("aws_glue_data_catalog_encryption_settings");
    const seen = new Map<string, TfResource>();
    for (const settings of all) {
      const problems = settingsProblems(settings);
      if (problems.length > 0) {
        out.push({
          address: settings.address,
          problem: `Data Catalog encryption is incomplete: ${problems.join("; ")}`,
          fix: 'set encryption_at_rest { catalog_encryption_mode = "SSE-KMS", sse_aws_kms_key_id = <key ARN> } and connection_password_encryption { return_connection_password_encrypted = true, aws_kms_key_id = <key ARN> }',
        });
      }
      // The settings are one per account and region: a second resource overwrites the first on every apply,
      // and destroying either one puts empty settings, i.e. turns encryption off (provider source,
      // internal/service/glue/data_catalog_encryption_settings.go: Create/Update = Put, Delete = Put {}).
      const key = catalogKey(settings);
      const first = seen.get(key);
      if (first) {
        out.push({
          address: settings.address,
          problem: `${first.address} already sets the Data Catalog encryption of the same account and region (${key}); the two overwrite each other and destroying either turns encryption off`,
          fix: "keep exactly one aws_glue_data_catalog_encryption_settings per account and region across every stack",
        });
      } else seen.set(key, settings);
    }
    const providers = new Set(all.map((s) => providerOf(s.body)));
    const reported = new Set<string>();
    for (const r of stack.resources(...CATALOG_TYPES)) {
      const provider = providerOf(r.body);
      if (providers.has(provider) || reported.has(provider)) continue;
      reported.add(provider);
      out.push({
        address: r.address,
        problem: `no aws_glue_data_catalog_encryption_settings for provider ${provider} in this stack, so the catalog this resource writes to may be unencrypted`,
        fix: `declare the account/region's catalog encryption (KMS) with provider ${provider} in this stack, or suppress with a reason naming the one stack that owns it`,
      });
    }
    return out;
  },
};

export const analyticsRules: readonly Rule[] = [
  athenaResultsEncrypted,
  athenaEnforceConfiguration,
  glueCatalogEncryption,
];
