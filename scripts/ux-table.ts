/** Plain-text tables for terminal output: left-aligned columns, two spaces apart, no dependency. */

export type Cell = string | number | boolean | undefined | null;

function text(c: Cell): string {
  if (c === undefined || c === null || c === "") return "-";
  if (typeof c === "boolean") return c ? "yes" : "no";
  return String(c);
}

/** A titled table; numbers are right-aligned. Returns lines (no trailing newline). */
export function table(title: string, headers: readonly string[], rows: readonly Cell[][]): string[] {
  if (rows.length === 0) return [];
  const cells = rows.map((r) => headers.map((_, i) => text(r[i])));
  const numeric = headers.map((_, i) => rows.every((r) => typeof r[i] === "number"));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) =>
        i === r.length - 1 && !numeric[i] ? c : numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]),
      )
      .join("  ")
      .trimEnd();
  return [
    title,
    line(headers.map((h) => h.toUpperCase())),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
    "",
  ];
}

/** `a, b, c` or `-`. */
export function list(items: readonly string[] | undefined): string {
  return items && items.length ? items.join(", ") : "-";
}
