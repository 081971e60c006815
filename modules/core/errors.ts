import { IConstruct } from "constructs";
import { redactKnownSecrets, redactSecrets, redactValue, secretsIn } from "./secrets";

/** What a bad prop looks like, in words a user can act on. */
export interface ValidationProblem {
  /** Construct path, e.g. `dev-network/vpc-ml`. */
  readonly path: string;
  /** The prop (dotted for nested props), e.g. `natGateways` or `subnets.private.us-east-1a`. */
  readonly prop: string;
  /** The offending value (rendered with JSON.stringify). */
  readonly value: unknown;
  /** What is wrong / what is allowed. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Thrown by modules for props they cannot turn into valid Terraform. Synth stops before any
 * stack is written, so a bad prop never yields half-valid Terraform. Secrets in the value or the texts are
 * redacted (core/secrets.ts) in the message and in `problem`, so no log or dump of the error shows one.
 */
export class ValidationError extends Error {
  public readonly problem: ValidationProblem;

  constructor(problem: ValidationProblem) {
    // A fix derived from a secret value (lowercased, separators replaced) is redacted too.
    const known = secretsIn([problem.prop, problem.value, problem.problem, problem.fix]);
    const text = (s: string) => redactKnownSecrets(redactSecrets(s), known);
    const safe: ValidationProblem = {
      path: text(problem.path),
      prop: text(problem.prop),
      value: redactValue(problem.value),
      problem: text(problem.problem),
      fix: text(problem.fix),
    };
    super(`${safe.path}: invalid ${safe.prop} = ${render(safe.value)}: ${safe.problem}. Fix: ${safe.fix}`);
    this.name = "ValidationError";
    this.problem = safe;
  }
}

function render(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 200 ? `${s.slice(0, 197)}...` : s;
  } catch {
    return String(value);
  }
}

/** Throws a {@link ValidationError} for `scope` unless `ok`. */
export function ensure(
  ok: boolean,
  scope: IConstruct,
  prop: string,
  value: unknown,
  problem: string,
  fix: string,
): void {
  if (!ok) throw new ValidationError({ path: scope.node.path, prop, value, problem, fix });
}
