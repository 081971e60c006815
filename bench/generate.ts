/**
 * Generated environments for the scaling rows of the benchmark: N environments built from the dev sample's
 * params through the blueprint, each with its own name, placeholder account ids, CIDR plan and TGW ASNs,
 * allocated the way `npm run new-env` allocates them (scripts/new-env-plan.ts), so no two share a name, an
 * account or an address range. They go through the real validation (loadEnvironments) like any environment.
 */
import { baseEnvironment, EnvParams } from "../config/environments/blueprint";
import { params as devParams } from "../config/environments/dev";
import { EnvironmentInput } from "../config/schema";
import { declaredCidrs, proposeAccounts, proposeAsns, proposeCidrPlan } from "../scripts/new-env-plan";

/** Name of the i-th generated environment (0-based): g01, g02, ... */
export function generatedName(i: number): string {
  return `g${String(i + 1).padStart(2, "0")}`;
}

/**
 * `count` environments built from `template` (the dev sample's params by default), keyed by name, ready for
 * `loadEnvironments(Object.keys(r), r)`.
 */
export function generateEnvironments(
  count: number,
  template: EnvParams = devParams,
): Record<string, EnvironmentInput> {
  const used = { cidrs: [] as string[], accountIds: [] as string[], asns: [] as number[] };
  const result: Record<string, EnvironmentInput> = {};
  for (let i = 0; i < count; i++) {
    const params: EnvParams = {
      ...template,
      name: generatedName(i),
      accounts: proposeAccounts(used.accountIds),
      cidrs: proposeCidrPlan(used.cidrs),
      tgwAsns: proposeAsns(used.asns),
    };
    const env = baseEnvironment(params);
    used.cidrs.push(...declaredCidrs(env));
    used.accountIds.push(...Object.values(params.accounts));
    used.asns.push(params.tgwAsns.east, params.tgwAsns.west);
    result[params.name] = env;
  }
  return result;
}
