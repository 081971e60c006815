import { z } from "zod";

/**
 * Structural schema only: shapes, enums and required keys. Value checks that must be reported together
 * (account id format, CIDRs, AZs, references, overlaps) live in config/checks so one run lists every problem.
 * Every object is strict: an unknown key (a typo) is an error.
 */
export const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "use lowercase letters, digits and hyphens, starting with a letter");
export const tags = z.record(z.string(), z.string());
