// The Hardhat 3 plugin: `hardhat build` in a copy of this project leaves abi/ and generated/
// exactly as `node scripts/export-abi.ts && npm run codegen` would, which is what is committed.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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

  it("a second build with nothing to compile leaves the bindings as they are, and says so in one line", async () => {
    const r = await hardhat(["build"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.deepEqual(
      r.stdout.split("\n").filter((l) => l.startsWith("abibind:")),
      ["abibind: 1 ABIs in abi/ (0 written, 0 removed), 1 bindings in generated/ (0 files written, 0 removed)"],
    );
    assert.deepEqual(tree(join(proj, "generated")), tree(join(ROOT, "generated")));
  });

  it("removes a deleted contract's exported ABI and bindings, never a file it did not write or that was edited", async () => {
    writeFileSync(join(proj, "contracts", "Extra.sol"), "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\ncontract Extra { function x() external pure returns (uint256) { return 1; } }\ncontract Edited { }\n");
    assert.equal((await hardhat(["build"])).code, 0);
    for (const f of ["abi/Extra.abi", "abi/Extra.bin", "abi/Edited.abi", "generated/Extra.d.ts", "generated/factories/Extra__factory.js"]) assert.ok(existsSync(join(proj, f)), f);
    writeFileSync(join(proj, "abi", "Mine.abi"), "[]\n");
    writeFileSync(join(proj, "abi", "Edited.abi"), `${readFileSync(join(proj, "abi", "Edited.abi"), "utf8")}\n`);
    rmSync(join(proj, "contracts", "Extra.sol"));
    const r = await hardhat(["build"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    for (const f of ["abi/Extra.abi", "abi/Extra.bin", "generated/Extra.d.ts", "generated/factories/Extra__factory.js"]) assert.ok(!existsSync(join(proj, f)), `${f} removed`);
    assert.ok(existsSync(join(proj, "abi", "Mine.abi")), "a file the plugin did not write stays");
    assert.ok(existsSync(join(proj, "abi", "Edited.abi")), "an exported file edited since stays");
    assert.doesNotMatch(readFileSync(join(proj, "generated", "index.js"), "utf8"), /Extra__factory/);
    rmSync(join(proj, "abi", "Mine.abi"));
    rmSync(join(proj, "abi", "Edited.abi"));
    assert.equal((await hardhat(["build"])).code, 0);
    assert.deepEqual(tree(join(proj, "generated")), tree(join(ROOT, "generated")));
  });

  it("takes its directories from the config's abibind section", async () => {
    const cfg = readFileSync(join(proj, "hardhat.config.ts"), "utf8");
    writeFileSync(join(proj, "hardhat.config.ts"), cfg.replace("plugins: [", 'abibind: { abi: "build/abi", out: "build/types" },\n  plugins: ['));
    try {
      const r = await hardhat(["build", "--force"]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /abibind: 1 ABIs in build\/abi\/ \(2 written, 0 removed\), 1 bindings in build\/types\//);
      assert.deepEqual(tree(join(proj, "build", "types")), tree(join(ROOT, "generated")));
      const bad = cfg.replace("plugins: [", 'abibind: { out: 42 },\n  plugins: [');
      writeFileSync(join(proj, "hardhat.config.ts"), bad);
      const refused = await hardhat(["build"]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr + refused.stdout, /abibind\.out must be a directory path/);
    } finally {
      writeFileSync(join(proj, "hardhat.config.ts"), cfg);
    }
  });
});
