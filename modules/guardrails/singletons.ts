/**
 * Account/region singletons: settings AWS keeps once per account and region, which Terraform nevertheless models
 * as resources. Two stacks that both declare one overwrite each other on every apply, and destroying either
 * one resets the setting. A single stack cannot see the others, so this check runs over a whole synth output
 * (`scanSynthesized`), where every stack's providers name their account and region.
 */
import { StackModel, TfResource, blocks, dig, isExpression, providerOf, strings } from "./model";

/** Singleton resource types and the rule their duplicates are reported under. */
export const ACCOUNT_REGION_SINGLETONS: readonly { readonly type: string; readonly ruleId: string }[] = [
  // Delete puts empty settings: catalog encryption off (provider, data_catalog_encryption_settings.go).
  { type: "aws_glue_data_catalog_encryption_settings", ruleId: "PP-GLUE-002" },
  // One configuration per account and region ("Using Amazon EMR block public access", EMR management guide).
  { type: "aws_emr_block_public_access_configuration", ruleId: "PP-EMR-002" },
];

/** One declaration of a singleton: which account/region it sets, and where. */
export interface SingletonDeclaration {
  readonly ruleId: string;
  readonly type: string;
  /** `<account id>/<region>`. */
  readonly scope: string;
  readonly resource: TfResource;
}

/** Account id a provider configuration is pinned to (allowed_account_ids, else its assume-role ARN). */
function accountOf(provider: TfResource | undefined): string | undefined {
  if (!provider) return undefined;
  const allowed = strings(provider.body.allowed_account_ids).filter((a) => !isExpression(a));
  if (allowed.length === 1) return allowed[0];
  const roleArn = dig(blocks(provider.body.assume_role)[0], "role_arn");
  const m = typeof roleArn === "string" ? /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn) : null;
  return m ? m[1] : undefined;
}

/**
 * The singletons a stack declares, with the account and region they apply to. Declarations whose account or
 * region cannot be read from the JSON (an unpinned provider, an expression) are left out: they cannot be compared.
 */
export function singletonDeclarations(model: StackModel): SingletonDeclaration[] {
  const providers = new Map(
    model
      .providers("aws")
      .map((p) => [typeof p.body.alias === "string" ? `aws.${p.body.alias}` : "aws", p] as const),
  );
  const out: SingletonDeclaration[] = [];
  for (const { type, ruleId } of ACCOUNT_REGION_SINGLETONS) {
    for (const resource of model.resources(type)) {
      const provider = providers.get(providerOf(resource.body));
      const catalogId = resource.body.catalog_id;
      const account =
        typeof catalogId === "string" && !isExpression(catalogId) ? catalogId : accountOf(provider);
      const region = provider?.body.region;
      if (!account || typeof region !== "string" || isExpression(region)) continue;
      out.push({ ruleId, type, scope: `${account}/${region}`, resource });
    }
  }
  return out;
}
