/*
 * Every reference by name in config (an account, a VPC, a tier, a secret...) resolves through these: an
 * own-key lookup, so `constructor`, `toString` or `__proto__` are "not a known ..." like any typo instead of
 * resolving to an inherited member of Object.prototype (a function, or the prototype itself).
 */

/** The entry `name` declared in `record` itself, or undefined (never an inherited member). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

/** True when `name` is a key declared in `record` itself (see {@link own}). */
export function hasOwn(record: Readonly<Record<string, unknown>> | undefined, name: string): boolean {
  return record !== undefined && Object.hasOwn(record, name);
}

/**
 * An empty record without a prototype, for maps keyed by config names that code builds itself (the
 * reachability model): `map["constructor"]` is undefined there, not Object's constructor.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * For code that runs on validated config (stacks): the entry, or an internal error naming what is missing
 * (validation guarantees every reference resolves, so this never fires on a config that passed it).
 */
export function ownOrThrow<T>(record: Readonly<Record<string, T>>, name: string, what: string): T {
  const v = own(record, name);
  if (v === undefined) throw new Error(`internal error: no ${what} "${name}" after validation`);
  return v;
}
