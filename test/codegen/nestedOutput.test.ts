// An output directory may hold another run's output in a subdirectory: a run looks only at its
// own layout (the directory and factories/) and never removes the other run's files.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";

const cli = join(ROOT, "src/cli/main.ts");

describe("nested output directories", () => {
  it("regenerating the outer output, cold or cached, leaves the inner run's files alone", async () => {
    const out = mkdtempSync(join(tmpdir(), "abibind-nested-"));
    try {
      const inner = await run(NODE, [cli, "codegen", join(ROOT, "test/fixtures/codegen/hand"), "--out", join(out, "hand")], { cwd: ROOT });
      assert.equal(inner.code, 0, inner.stderr);
      for (const pass of ["cold", "cached"]) {
        const outer = await run(NODE, [cli, "codegen", join(ROOT, "abi"), "--out", out], { cwd: ROOT });
        assert.equal(outer.code, 0, `${pass}: ${outer.stderr}`);
        assert.ok(existsSync(join(out, "hand/factories/Bom__factory.js")), `${pass}: the inner run's file was removed`);
        assert.ok(existsSync(join(out, "factories/CallDemo__factory.js")));
      }
      const check = await run(NODE, [cli, "codegen", join(ROOT, "abi"), "--out", out, "--check"], { cwd: ROOT });
      assert.equal(check.code, 0, check.stderr);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
