// The committed generated/ is exactly what `npm run codegen` produces, byte for byte, every run,
// and it type-checks under strict TypeScript with nodenext and bundler resolution.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { tree } from "../helpers/tree.ts";
import { typecheck } from "../helpers/tsc.ts";

const cli = join(ROOT, "src/cli/main.ts");


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
