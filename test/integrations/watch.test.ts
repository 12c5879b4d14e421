// abibind codegen --watch: regenerates after a change (debounced), reports a bad file and keeps
// running, and picks up the fix.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NODE, ROOT } from "../helpers/run.ts";

const OZ = join(ROOT, "node_modules/@openzeppelin/contracts/build/contracts");

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("codegen --watch", () => {
  it("regenerates on change and keeps running after a bad file", async () => {
    const work = mkdtempSync(join(tmpdir(), "abibind-watch-"));
    mkdirSync(join(work, "abi"));
    copyFileSync(join(OZ, "Ownable.json"), join(work, "abi", "Ownable.json"));
    const child = spawn(NODE, [join(ROOT, "src/cli/main.ts"), "codegen", "abi", "--out", "out", "--watch"], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const out = (p: string): string => join(work, "out", p);
    try {
      await until("the first generation", () => existsSync(out("Ownable.d.ts")) && stderr.includes("watching"));

      copyFileSync(join(OZ, "ERC20.json"), join(work, "abi", "ERC20.json"));
      await until("ERC20 bindings", () => existsSync(out("ERC20.d.ts")) && readFileSync(out("index.js"), "utf8").includes("ERC20__factory"));

      writeFileSync(join(work, "abi", "Broken.abi"), "[{ not json");
      await until("the bad file reported", () => /Broken\.abi: not valid JSON/.test(stderr));
      assert.equal(child.exitCode, null, "the watcher exited after a bad file");

      writeFileSync(join(work, "abi", "Broken.abi"), JSON.stringify([{ type: "function", name: "fixed", stateMutability: "view", inputs: [], outputs: [] }]));
      await until("the fixed file generated", () => existsSync(out("Broken.d.ts")) && readFileSync(out("Broken.d.ts"), "utf8").includes("fixed"));

      rmSync(join(work, "abi", "ERC20.json"));
      await until("ERC20 bindings removed", () => !existsSync(out("ERC20.d.ts")));
      assert.equal(child.exitCode, null);
    } finally {
      child.kill();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
