/**
 * The pure half of `npm run new-env`: what a new environment gets (a free CIDR plan, placeholder account ids and
 * TGW ASNs no registered environment uses) and the text edits that create it (the environment file, copied
 * from the source environment's file with its params replaced, and the registration in index.ts). No file
 * system, no process: scripts/new-env.ts does the I/O.
 */
import * as ts from "typescript";
import { EnvironmentConfig } from "../config";
import { overlaps, parseCidr } from "../config/cidr";
import {
  ACCOUNT_ROLES,
  AccountRole,
  Cidr16,
  EnvParams,
  VPC_NAMES,
  VpcName,
} from "../config/environments/blueprint";

/** Thrown for anything the user must change (bad arguments, a source file the scaffold cannot copy). */
export class ScaffoldError extends Error {}

/** Every CIDR a config declares (values of `cidr` keys: VPCs, static and blackhole routes, other networks). */
export function declaredCidrs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => declaredCidrs(v, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "cidr" && typeof v === "string") out.push(v);
      else declaredCidrs(v, out);
    }
  return out;
}

/**
 * A /16 per VPC inside 10.0.0.0/8 that overlaps no CIDR of `used`. Preferred: six consecutive /16s eight apart
 * (the samples' layout: one 10.x block per environment, room to grow each VPC's neighbourhood); else the first
 * free /16s.
 */
export function proposeCidrPlan(used: readonly string[]): Record<VpcName, Cidr16> {
  const taken = used.map((c) => parseCidr(c)).filter((c) => c !== undefined);
  const free = (octet: number) => {
    const c = parseCidr(`10.${octet}.0.0/16`)!;
    return !taken.some((t) => overlaps(t, c));
  };
  const n = VPC_NAMES.length;
  let octets: number[] | undefined;
  for (let base = 0; base + 8 * (n - 1) <= 255 && !octets; base += 8) {
    const block = VPC_NAMES.map((_, i) => base + 8 * i);
    if (block.every(free)) octets = block;
  }
  octets ??= Array.from({ length: 256 }, (_, i) => i)
    .filter(free)
    .slice(0, n);
  if (octets.length < n) {
    throw new ScaffoldError(
      `10.0.0.0/8 has fewer than ${n} /16s that no registered environment uses: give the new environment's ` +
        "params.cidrs by hand (a /16 per VPC) after scaffolding from a smaller set of environments",
    );
  }
  return Object.fromEntries(VPC_NAMES.map((v, i) => [v, `10.${octets![i]}.0.0/16`])) as Record<
    VpcName,
    Cidr16
  >;
}

/**
 * Placeholder account ids in the samples' pattern (`<i>0000000000<k>`, k = 1..5 by role) for the smallest i
 * whose ids no registered environment uses.
 */
export function proposeAccounts(usedIds: readonly string[]): Record<AccountRole, string> {
  for (let i = 1; ; i++) {
    const ids = ACCOUNT_ROLES.map((_, k) => `${String(i).padEnd(11, "0")}${k + 1}`);
    if (ids.every((id) => !usedIds.includes(id)))
      return Object.fromEntries(ACCOUNT_ROLES.map((r, k) => [r, ids[k]])) as Record<AccountRole, string>;
  }
}

/** `--accounts role=id,…`: the given roles' 12-digit ids; roles not named keep their placeholders. */
export function parseAccounts(
  text: string,
  placeholders: Record<AccountRole, string>,
): Record<AccountRole, string> {
  const result = { ...placeholders };
  for (const pair of text.split(",").map((s) => s.trim())) {
    const [role, value] = pair.split("=").map((s) => s.trim());
    if (!(ACCOUNT_ROLES as readonly string[]).includes(role) || !/^\d{12}$/.test(value ?? "")) {
      throw new ScaffoldError(
        `--accounts "${pair}": give role=id pairs, roles ${ACCOUNT_ROLES.join(", ")}, ids of 12 digits ` +
          "(e.g. --accounts network=123456789012,data=210987654321)",
      );
    }
    result[role as AccountRole] = value;
  }
  return result;
}

/** Private ASNs for the two TGWs (64512 + 10k, + 1) that no registered environment's TGW uses. */
export function proposeAsns(usedAsns: readonly number[]): { east: number; west: number } {
  for (let east = 64512; east < 65534; east += 10)
    if (!usedAsns.includes(east) && !usedAsns.includes(east + 1)) return { east, west: east + 1 };
  throw new ScaffoldError("no free private ASN pair in 64512-65534: set params.tgwAsns by hand");
}

/** What the registered environments already use. */
export function usedBy(envs: readonly EnvironmentConfig[]): {
  cidrs: string[];
  accountIds: string[];
  asns: number[];
} {
  return {
    cidrs: envs.flatMap((e) => declaredCidrs(e)),
    accountIds: envs.flatMap((e) => Object.values(e.accounts).map((a) => a.id)),
    asns: envs.flatMap((e) => Object.values(e.network.transitGateways).map((t) => t.amazonSideAsn)),
  };
}

/* Text edits work on the TypeScript syntax tree, so the source file's layout and comments survive. */

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** The `params` object literal of an environment file and the statement declaring it. */
function paramsDeclaration(file: ts.SourceFile): {
  statement: ts.VariableStatement;
  object: ts.ObjectLiteralExpression;
} {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(d.name) &&
        d.name.text === "params" &&
        d.initializer &&
        ts.isObjectLiteralExpression(d.initializer)
      )
        return { statement, object: d.initializer };
    }
  }
  throw new ScaffoldError(
    `${file.fileName} has no \`export const params: EnvParams = { … }\`: only an environment built from the ` +
      "blueprint (config/environments/blueprint) can be scaffolded from",
  );
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return object.properties.find(
    (p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) &&
      (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
      p.name.text === name,
  );
}

/** A value as TypeScript source (object keys unquoted where they can be; prettier lays it out). */
export function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value && typeof value === "object")
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v)}`)
      .join(", ")} }`;
  return JSON.stringify(value);
}

/**
 * `params.analytics.deployedFingerprint` of the copy: what the source's cluster was fingerprinted as is not the
 * copy's (a new environment has nothing deployed), so the property is replaced, added or removed.
 */
function fingerprintEdits(
  sourceFile: string,
  params: ts.ObjectLiteralExpression,
  value: string | undefined,
): Edit[] {
  const init = property(params, "analytics")?.initializer;
  if (!init || !ts.isObjectLiteralExpression(init))
    throw new ScaffoldError(`${sourceFile}: params.analytics is not written as an object literal`);
  const prop = property(init, "deployedFingerprint");
  const stated = `\n// Nothing deployed yet: after the first apply, record the fingerprint synth prints.\ndeployedFingerprint: ${literal(value)}`;
  // Replaced with its leading comment, which described the source's deployed cluster.
  if (prop && value !== undefined) return [{ start: prop.getFullStart(), end: prop.getEnd(), text: stated }];
  if (prop) {
    // The property with its comments and its trailing comma.
    const after = init.getSourceFile().text.slice(prop.getEnd()).match(/^\s*,/)?.[0] ?? "";
    return [{ start: prop.getFullStart(), end: prop.getEnd() + after.length, text: "" }];
  }
  if (value === undefined) return [];
  // After the last property (and its comma), so the layout around it stays as written.
  const last = init.properties[init.properties.length - 1];
  const text = init.getSourceFile().text;
  const at = last
    ? last.getEnd() + (text.slice(last.getEnd()).match(/^\s*,/)?.[0].length ?? 0)
    : init.getStart() + 1;
  const comma = last && !init.properties.hasTrailingComma ? "," : "";
  return [
    {
      start: at,
      end: at,
      text: `${comma}${stated},`,
    },
  ];
}

/** Which params of the copy are replaced (by path in the params object), and with what. */
export type ParamReplacements = ReadonlyArray<readonly [path: readonly string[], value: unknown]>;

/** The replacements that make the copy an environment of its own. */
export function replacementsFor(p: EnvParams): ParamReplacements {
  return [
    [["name"], p.name],
    [["stage"], p.stage],
    [["accounts"], p.accounts],
    [["cidrs"], p.cidrs],
    [["tgwAsns"], p.tgwAsns],
    [["identity", "partnerExternalIdUuid"], p.identity.partnerExternalIdUuid],
    [["existing"], p.existing],
  ];
}

/** String literals (and template parts) of a file outside a span, with their line numbers. */
function stringsOutside(
  file: ts.SourceFile,
  start: number,
  end: number,
): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  const visit = (node: ts.Node) => {
    if (node.getStart() >= start && node.getEnd() <= end) return;
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      out.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/**
 * The new environment's file: the source file with its params replaced (the rest, including what the source
 * adds to the blueprint, is kept), and a header saying where it came from and what to replace. Refused when
 * the source writes its own name or account ids outside its params: the copy would share those names.
 */
export function renderEnvironmentFile(
  sourceFile: string,
  sourceText: string,
  source: EnvParams,
  target: EnvParams,
  header: string,
): string {
  const file = parse(sourceFile, sourceText);
  const { statement, object } = paramsDeclaration(file);
  const nameToken = new RegExp(`(?<![a-z0-9])${source.name.replace(/[-]/g, "\\-")}(?![a-z0-9])`);
  const leaks = stringsOutside(file, object.getStart(), object.getEnd()).filter(
    (s) =>
      !/^[./]/.test(s.text) && // module specifiers ("./blueprint", "../define")
      (nameToken.test(s.text) || Object.values(source.accounts).some((id) => s.text.includes(id))),
  );
  if (leaks.length) {
    throw new ScaffoldError(
      `${sourceFile} writes its own name or account ids outside its params, so a copy would share them:\n` +
        leaks.map((l) => `  line ${l.line}: "${l.text}"`).join("\n") +
        "\nDerive such values from params (e.g. `${params.name}`, params.accounts.ingest), then run new-env again.",
    );
  }
  const edits: Edit[] = [];
  for (const [path, value] of replacementsFor(target)) {
    let obj = object;
    for (const key of path.slice(0, -1)) {
      const init = property(obj, key)?.initializer;
      if (!init || !ts.isObjectLiteralExpression(init))
        throw new ScaffoldError(
          `${sourceFile}: params.${path.join(".")} is not written as an object literal`,
        );
      obj = init;
    }
    const prop = property(obj, path[path.length - 1]);
    if (!prop) throw new ScaffoldError(`${sourceFile}: params.${path.join(".")} is missing`);
    edits.push({ start: prop.initializer.getStart(), end: prop.initializer.getEnd(), text: literal(value) });
  }
  edits.push(...fingerprintEdits(sourceFile, object, target.analytics.deployedFingerprint));
  // The doc comment of `params` describes the source environment: replace it (or add one).
  const docs = ts.getJSDocCommentsAndTags(statement.declarationList.declarations[0]).length
    ? (ts.getLeadingCommentRanges(sourceText, statement.getFullStart()) ?? [])
    : [];
  const lastDoc = docs.filter((c) => sourceText.slice(c.pos, c.end).startsWith("/**")).pop();
  const docStart = lastDoc ? lastDoc.pos : statement.getStart();
  const docEnd = lastDoc ? lastDoc.end : statement.getStart();
  edits.push({ start: docStart, end: docEnd, text: `${header}${lastDoc ? "" : "\n"}` });
  return applyEdits(sourceText, edits);
}

/** index.ts with `import <id> from "./<name>"` and the environment appended to the ENVIRONMENTS object. */
export function registerInIndex(indexText: string, name: string): string {
  const file = parse("index.ts", indexText);
  const id = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  let registry: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === "ENVIRONMENTS")
      if (node.initializer && ts.isObjectLiteralExpression(node.initializer)) registry = node.initializer;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!registry) throw new ScaffoldError("config/environments/index.ts has no `ENVIRONMENTS = { … }` object");
  const imports = file.statements.filter(ts.isImportDeclaration);
  const lastImport = imports[imports.length - 1];
  const entry = id === name ? name : `${JSON.stringify(name)}: ${id}`;
  const props = registry.properties;
  const edits: Edit[] = [
    { start: lastImport.getEnd(), end: lastImport.getEnd(), text: `\nimport ${id} from "./${name}";` },
    props.length
      ? { start: props[props.length - 1].getEnd(), end: props[props.length - 1].getEnd(), text: `, ${entry}` }
      : { start: registry.getStart() + 1, end: registry.getStart() + 1, text: ` ${entry} ` },
  ];
  return applyEdits(indexText, edits);
}
