/**
 * How providers are configured.
 * - `deploy` (the only mode a normal synth uses): assume-role into each account's deploy role,
 *   allowed_account_ids pinned, the environment's backend.
 * - `offline-plan` (tests and `npm run plan` only): the provider's skip flags so `terraform plan` runs with no
 *   network and no credentials (the harness puts dummy keys in plan's environment, never in the JSON); local
 *   backend. Never deployable: the dummy keys would be rejected by AWS, and the account pin is dropped because
 *   the provider cannot learn the account id offline.
 */
export type ProviderMode = "deploy" | "offline-plan";

export interface BuildOptions {
  /** @default "deploy" */
  readonly providerMode?: ProviderMode;
}
