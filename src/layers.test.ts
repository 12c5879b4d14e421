// The layers of CONTRIBUTING.md, held against the code: each folder of src/ imports only the
// folders its row allows, so no import runs back up a layer and no folder cycle can form.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const SRC = new URL("./", import.meta.url).pathname;

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  files: ["errors"],
  abi: [],
  connect: ["errors"],
  signers: ["errors", "files"],
  store: ["errors"],
  tx: ["errors", "store"],
  events: ["abi", "connect", "errors", "store"],
  codegen: ["errors", "files"],
  contract: ["abi", "codegen", "errors", "events", "store", "tx"],
  hardhat: ["codegen", "errors", "files"],
  typechain: ["codegen", "errors"],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.c?ts$/.test(e.name) && !e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

describe("layers", () => {
  it("every folder of src/ imports only the folders CONTRIBUTING.md allows it", () => {
    const wrong: string[] = [];
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    for (const folder of folders) {
      if (folder === "cli") continue; // the CLI reaches the library only by its published names (test/cli/options.test.ts)
      const allowed = ALLOWED[folder];
      if (allowed === undefined) {
        wrong.push(`src/${folder}/ has no row in the layer table`);
        continue;
      }
      for (const file of sources(join(SRC, folder))) {
        const text = readFileSync(file, "utf8");
        for (const m of text.matchAll(/(?:from|import\()\s*"\.\.\/([a-z]+)\//g)) {
          if (!allowed.includes(m[1]!)) wrong.push(`${file.slice(SRC.length)} imports src/${m[1]}/`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
