import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../config";
import { own } from "../config/lookup";
import { defaultTags, googleLabels } from "../config/tags";
import { ProviderMode } from "./options";

/**
 * One provider per (account, region) a stack touches, created on first use. Every AWS provider is aliased
 * `<account>-<region>` and every module resource names its provider explicitly, so no resource can land in
 * an account by accident through an implicit default provider.
 */
export class ProviderRegistry {
  private readonly aws = new Map<string, AwsProvider>();
  private readonly google = new Map<string, GoogleProvider>();

  constructor(
    private readonly stack: TerraformStack,
    private readonly env: EnvironmentConfig,
    private readonly mode: ProviderMode,
  ) {}

  /** The AWS provider for an account (config name) and region. */
  forAccount(account: string, region: string): AwsProvider {
    const alias = `${account}-${region}`;
    const existing = this.aws.get(alias);
    if (existing) return existing;
    const acct = own(this.env.accounts, account);
    if (!acct)
      throw new Error(`${this.stack.node.id}: no account "${account}" in environment ${this.env.name}`);
    const common = {
      alias,
      region,
      defaultTags: [{ tags: defaultTags(this.env, this.stack.node.id) }],
    };
    const provider =
      this.mode === "deploy"
        ? new AwsProvider(this.stack, `aws-${alias}`, {
            ...common,
            allowedAccountIds: [acct.id],
            assumeRole: [
              {
                roleArn: `arn:aws:iam::${acct.id}:role/${acct.deployRoleName}`,
                sessionName: `cdktf-${this.stack.node.id}`,
              },
            ],
          })
        : // Dummy keys come from the plan harness's environment (scripts/terraform-cli.ts offlinePlanEnv), never
          // from this JSON: literal provider credentials are what PP-PROVIDER-001 forbids.
          new AwsProvider(this.stack, `aws-${alias}`, {
            ...common,
            skipCredentialsValidation: true,
            skipRequestingAccountId: true,
            skipMetadataApiCheck: "true",
          });
    this.aws.set(alias, provider);
    return provider;
  }

  /** Account id (12 digits) of an account config name. */
  accountId(account: string): string {
    const acct = own(this.env.accounts, account);
    if (!acct)
      throw new Error(`${this.stack.node.id}: no account "${account}" in environment ${this.env.name}`);
    return acct.id;
  }

  /** The Google provider for a project and region (Google stacks only). */
  forGoogleProject(project: string, region: string): GoogleProvider {
    const alias = `${project}-${region}`;
    const existing = this.google.get(alias);
    if (existing) return existing;
    const provider = new GoogleProvider(this.stack, `google-${alias}`, {
      alias,
      project,
      region,
      // Google labels allow only lowercase keys/values: derive them from the environment's tags.
      defaultLabels: googleLabels(defaultTags(this.env, this.stack.node.id)),
    });
    this.google.set(alias, provider);
    return provider;
  }
}
