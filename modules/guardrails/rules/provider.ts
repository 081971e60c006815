import { isExpression } from "../model";
import type { Rule, Violation } from "../types";

/** Provider arguments that hold a credential, by provider type. */
const CREDENTIAL_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws: ["access_key", "secret_key", "token"],
  google: ["credentials", "access_token"],
  "google-beta": ["credentials", "access_token"],
};

export const providerNoStaticCredentials: Rule = {
  id: "PP-PROVIDER-001",
  level: "error",
  description:
    "Provider blocks hold no literal credentials (AWS access_key/secret_key/token, Google credentials/access_token).",
  mirrors: ["CKV_AWS_41"],
  fix: "remove literal credentials; use assume_role, profiles, environment, SSO or workload identity",
  check(stack) {
    const out: Violation[] = [];
    for (const [type, args] of Object.entries(CREDENTIAL_ARGUMENTS)) {
      for (const provider of stack.providers(type)) {
        // Stricter than CKV_AWS_41 (which matches key shapes): any literal is a credential written into the JSON,
        // the plan and the state; a variable or another expression is not.
        const literal = args.filter((a) => {
          const v = provider.body[a];
          return typeof v === "string" && v !== "" && !isExpression(v);
        });
        if (literal.length > 0) {
          out.push({
            address: provider.address,
            problem: `provider sets ${literal.join(", ")} to literal values, so the credentials are in the synthesized JSON, every plan and the state`,
            fix:
              type === "aws"
                ? "remove them and let the provider find credentials (assume_role, AWS_PROFILE, environment variables, SSO or instance roles)"
                : "remove them and use Application Default Credentials or workload identity federation",
          });
        }
      }
    }
    return out;
  },
};

export const providerRules: readonly Rule[] = [providerNoStaticCredentials];
