// Library items whose ABI `type` names a Solidity type (solc writes them for libraries) are
// skipped with one warning line each, on every run, cached or not; the rest of the contract binds
// and the exit is 0. --strict makes them errors: exit 1, one line each, naming the file.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";

const CLI = join(ROOT, "bin/abibind.cjs");
const KINDLIB = join(ROOT, "test/fixtures/codegen/compiled/foundry/out/KindLib.sol/KindLib.json");
const LINES = [
  'abi/KindLib.json: KindLib.kind(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded',
  'abi/KindLib.json: KindLib.kinds(KindLib.BOOL[]): skipped, type "KindLib.BOOL[]" cannot be ABI-encoded',
  'abi/KindLib.json: KindLib.plain(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded',
  'abi/KindLib.json: KindLib.truth(uint256): skipped, type "KindLib.BOOL" cannot be ABI-encoded',
];

describe("codegen: items no ABI encoder can call", () => {
  let work: string;
  before(() => {
    mkdirSync(join(ROOT, ".scratch"), { recursive: true });
    work = mkdtempSync(join(ROOT, ".scratch/skipped-"));
    mkdirSync(join(work, "abi"));
    copyFileSync(KINDLIB, join(work, "abi", "KindLib.json"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("binds the rest and warns once per skipped item, exit 0, on a cold and a cached run", async () => {
    for (const attempt of ["cold", "cached"]) {
      const r = await run(NODE, [CLI, "codegen", "abi", "--out", "out"], { cwd: work });
      assert.equal(r.code, 0, `${attempt}: ${r.stderr}`);
      assert.deepEqual(r.stderr.trimEnd().split("\n"), LINES, attempt);
    }
    assert.ok(existsSync(join(work, "out", "factories", "KindLib__factory.js")));
    const dts = readFileSync(join(work, "out", "KindLib.d.ts"), "utf8");
    // The overload left is named as if the skipped one were absent: `plain`, not only its key.
    assert.match(dts, /^ {2}plain: TypedContractMethod<\[x: BigNumberish\]/m);
    assert.doesNotMatch(dts, /"(kind|kinds|truth|plain)\((TypeKind|KindLib\.BOOL)/);
  });

  it("--strict makes them errors: exit 1, the same lines", async () => {
    const r = await run(NODE, [CLI, "codegen", "abi", "--out", "strict-out", "--strict"], { cwd: work });
    assert.equal(r.code, 1);
    assert.deepEqual(r.stderr.trimEnd().split("\n"), LINES);
    assert.ok(!existsSync(join(work, "strict-out", "KindLib.d.ts")));
  });
});
