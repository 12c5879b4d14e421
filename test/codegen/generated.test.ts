// The committed generated/ is exactly what `npm run codegen` produces, byte for byte, every run,
// and it type-checks under strict TypeScript with nodenext and bundler resolution.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { typecheck } from "../helpers/tsc.ts";

const cli = join(ROOT, "src/cli/main.ts");

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (!e.name.startsWith(".")) out.set(relative(dir, full), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("generated/", () => {
  it("is byte-identical to a fresh codegen of abi/, twice in a row", async () => {
    const a = mkdtempSync(join(tmpdir(), "abibind-gen-"));
    const b = mkdtempSync(join(tmpdir(), "abibind-gen-"));
    try {
      for (const dir of [a, b]) {
        const r = await run(NODE, [cli, "codegen", "abi", "--out", dir], { cwd: ROOT });
        assert.equal(r.code, 0, r.stderr);
      }
      assert.deepEqual(tree(a), tree(b));
      assert.deepEqual(tree(a), tree(join(ROOT, "generated")));
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it("passes --check", async () => {
    const r = await run(NODE, [cli, "codegen", "--check"], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
  });

  for (const resolution of ["nodenext", "bundler"] as const) {
    it(`type-checks strictly, generated .d.ts included, under ${resolution} resolution`, async () => {
      const r = await typecheck(["test/typecheck/calldemo.check.ts"], resolution);
      assert.ok(r.ok, r.output);
    });
  }
});
