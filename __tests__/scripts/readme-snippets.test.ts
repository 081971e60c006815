/**
 * The README's TypeScript snippets are what a user pastes into an environment file, so they are formatted the
 * way lint (Prettier) wants them: a pasted snippet must not fail `npm test`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "../..");
const blocks = [
  ...fs.readFileSync(path.join(ROOT, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g),
].map((m) => m[1]);

test("the README has environment snippets, and each is Prettier-formatted as written", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  // Inside the project, so Prettier uses the project's configuration (.prettierrc.json).
  const dir = fs.mkdtempSync(path.join(ROOT, ".readme-snippets-"));
  try {
    blocks.forEach((b, i) => fs.writeFileSync(path.join(dir, `snippet-${i + 1}.ts`), b));
    const r = spawnSync("npx", ["prettier", "--list-different", dir], { cwd: ROOT, encoding: "utf8" });
    expect({ status: r.status, unformatted: r.stdout.trim() }).toEqual({ status: 0, unformatted: "" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
