// The Hardhat 3 plugin: `hardhat build` in a copy of this project leaves abi/ and generated/
// exactly as `node scripts/export-abi.ts && npm run codegen` would, which is what is committed.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { tree } from "../helpers/tree.ts";


describe("Hardhat 3 plugin", () => {
  let proj: string;
  const hardhat = (args: string[]) => run(NODE, [join(ROOT, "node_modules/hardhat/dist/src/cli.js"), ...args], { cwd: proj, timeoutMs: 180_000 });
  before(() => {
    proj = mkdtempSync(join(tmpdir(), "abibind-hh-"));
    for (const f of ["contracts", "hardhat.config.ts", "package.json", "tsconfig.json"]) cpSync(join(ROOT, f), join(proj, f), { recursive: true });
    for (const d of ["node_modules", "src", "scripts"]) symlinkSync(join(ROOT, d), join(proj, d));
  });
  after(() => rmSync(proj, { recursive: true, force: true }));

  it("hardhat build writes abi/ and generated/ identical to export-abi + npm run codegen", async () => {
    const r = await hardhat(["build"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const built = { abi: tree(join(proj, "abi")), gen: tree(join(proj, "generated")) };
    assert.deepEqual([...built.abi.keys()].sort(), ["CallDemo.abi", "CallDemo.bin"]);
    assert.deepEqual(built.abi, tree(join(ROOT, "abi")));
    assert.deepEqual(built.gen, tree(join(ROOT, "generated")));

    // The other path, from scratch, in the same project.
    rmSync(join(proj, "abi"), { recursive: true });
    rmSync(join(proj, "generated"), { recursive: true });
    const exp = await run(NODE, ["scripts/export-abi.ts"], { cwd: proj });
    assert.equal(exp.code, 0, exp.stderr);
    const cg = await run(NODE, [join(ROOT, "src/cli/main.ts"), "codegen"], { cwd: proj });
    assert.equal(cg.code, 0, cg.stderr);
    assert.deepEqual(tree(join(proj, "abi")), built.abi);
    assert.deepEqual(tree(join(proj, "generated")), built.gen);
  });

  it("a second build with nothing to compile leaves the bindings as they are", async () => {
    const r = await hardhat(["build"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.doesNotMatch(r.stdout, /binding file\(s\) written/);
    assert.deepEqual(tree(join(proj, "generated")), tree(join(ROOT, "generated")));
  });
});
