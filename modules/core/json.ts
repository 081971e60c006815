import * as crypto from "crypto";
import { Construct } from "constructs";
import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";

/**
 * One serialization of a JSON value: object keys sorted at every level, no whitespace. Two values that are equal
 * as JSON always give the same string, however the object literal that built them was written, so a string
 * argument a provider compares verbatim changes only when the content does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** The first `length` hex digits of the SHA-256 of a string (a short, stable content fingerprint). */
export function shortHash(text: string, length = 8): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, length);
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * A value with its tokens resolved the way the synthesized JSON renders them (`${aws_x.name.attr}` for a
 * reference), from `scope`'s stack. For checks that must see the JSON Terraform will get, at synth.
 */
export function resolveTokens<T>(scope: Construct, value: T): T {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER }) as T;
}
