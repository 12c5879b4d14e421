// The codegen cache: a no-op run writes nothing, an edit regenerates only the edited contract (and
// the shared index files), every incremental result is byte-identical to a from-scratch
// generate(), stale outputs go (banner-carrying ones only), and --check never trusts the cache.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { generate } from "../../src/codegen/generate.ts";
import { readInputs } from "../../src/codegen/readInputs.ts";
import { runCodegen } from "../../src/codegen/runCodegen.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { tree } from "../helpers/tree.ts";

const OZ = join(ROOT, "node_modules/@openzeppelin/contracts/build/contracts");
const PICK = ["ERC20", "ERC721", "Ownable", "AccessControl", "Governor", "ERC1967Proxy", "Address", "Math", "IERC20", "ERC4626"];


/** Fails naming the first file that differs (a whole-tree diff is unreadable). */
function assertSameTree(actual: Map<string, string>, expected: Map<string, string>, message: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${message}: file list`);
  for (const [p, text] of expected) if (actual.get(p) !== text) assert.equal(actual.get(p), text, `${message}: ${p}`);
}

/** What a from-scratch generation of `inputs` gives, without any cache. */
function scratch(inputs: string[]): Map<string, string> {
  const { contracts, problems } = readInputs(inputs);
  assert.deepEqual(problems, []);
  return generate(contracts);
}

function addFunction(file: string, name: string): void {
  const art = JSON.parse(readFileSync(file, "utf8")) as { abi: unknown[] };
  art.abi.push({ type: "function", name, stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint256" }] });
  writeFileSync(file, JSON.stringify(art));
}

describe("incremental codegen", () => {
  let work: string;
  let cwd: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "abibind-inc-"));
    mkdirSync(join(work, "abi"));
    for (const n of PICK) copyFileSync(join(OZ, `${n}.json`), join(work, "abi", `${n}.json`));
    cwd = process.cwd();
    // runCodegen shows input paths relative to cwd, as the CLI does.
    process.chdir(work);
  });
  after(() => {
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
  });

  it("cold run equals a from-scratch generate(), and a re-run does nothing", async () => {
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual(r.problems, []);
    assert.equal(r.regenerated, PICK.length);
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
    const again = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual([again.written, again.removed, again.regenerated], [[], [], 0]);
  });

  it("editing one ABI regenerates that contract and the shared files only", async () => {
    addFunction(join("abi", "Ownable.json"), "incrementalProbe");
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.equal(r.regenerated, 1);
    assert.ok(r.written.includes("Ownable.d.ts"));
    assert.ok(r.written.every((p) => p.includes("Ownable") || /(^|\/)index\.(js|d\.ts)$|common\.d\.ts$/.test(p)), r.written.join(", "));
    assert.match(readFileSync(join("out", "Ownable.d.ts"), "utf8"), /incrementalProbe/);
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
  });

  it("a touch that changes no content regenerates nothing", async () => {
    const f = join("abi", "Math.json");
    const t = new Date(Date.now() + 5000);
    utimesSync(f, t, t);
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual([r.written, r.regenerated], [[], 0]);
  });

  it("a new same-named contract renames both, removing the old files; deleting it restores them", async () => {
    mkdirSync(join("abi", "mocks"));
    copyFileSync(join(OZ, "Ownable.json"), join("abi", "mocks", "Ownable.json"));
    // Same sourceName would tie; give the copy its own source unit, as a real mock would have.
    const mock = JSON.parse(readFileSync(join("abi", "mocks", "Ownable.json"), "utf8")) as { sourceName: string };
    mock.sourceName = "contracts/mocks/Ownable.sol";
    writeFileSync(join("abi", "mocks", "Ownable.json"), JSON.stringify(mock));
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual(r.problems, []);
    assert.ok(r.removed.includes("Ownable.d.ts"), r.removed.join(", "));
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
    rmSync(join("abi", "mocks"), { recursive: true });
    await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
    assert.ok(existsSync(join("out", "Ownable.d.ts")));
  });

  it("removes the outputs of a deleted input, but never a file without the banner", async () => {
    writeFileSync(join("out", "Mine.d.ts"), "export type Mine = 1;\n");
    rmSync(join("abi", "Address.json"));
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.ok(r.removed.includes("Address.d.ts"));
    assert.ok(!existsSync(join("out", "factories", "Address__factory.js")));
    assert.equal(readFileSync(join("out", "Mine.d.ts"), "utf8"), "export type Mine = 1;\n");
    rmSync(join("out", "Mine.d.ts"));
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
  });

  it("restores a hand-edited or deleted output on the next run", async () => {
    writeFileSync(join("out", "ERC20.d.ts"), "// Code generated by abibind. DO NOT EDIT.\nbroken\n");
    rmSync(join("out", "factories", "Math__factory.js"));
    await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
  });

  it("--check ignores the cache: an edit that keeps size and mtime is still caught", async () => {
    const p = join("out", "IERC20.d.ts");
    const cli = join(ROOT, "src/cli/main.ts");
    // A whole-second mtime survives utimes exactly, so the cache can be fooled on purpose.
    const t = Math.floor(Date.now() / 1000) - 60;
    utimesSync(p, t, t);
    assert.equal((await run(NODE, [cli, "codegen", "abi", "--out", "out"], { cwd: work })).code, 0);
    const text = readFileSync(p, "utf8");
    const i = text.indexOf("balanceOf");
    writeFileSync(p, `${text.slice(0, i)}BALANCEOF${text.slice(i + 9)}`);
    utimesSync(p, t, t);
    const noop = await run(NODE, [cli, "codegen", "abi", "--out", "out"], { cwd: work });
    assert.equal(noop.code, 0, noop.stderr);
    assert.match(readFileSync(p, "utf8"), /BALANCEOF/, "the cache trusted the stat (expected: no work)");
    const check = await run(NODE, [cli, "codegen", "abi", "--out", "out", "--check"], { cwd: work });
    assert.equal(check.code, 1);
    assert.match(check.stderr, /stale: out\/IERC20\.d\.ts/);
    writeFileSync(p, text);
  });

  it("a hand edit is noticed by the cheap no-op check (size and mtime) and repaired by the next run", async () => {
    const p = join("out", "Ownable.d.ts");
    const good = readFileSync(p, "utf8");
    writeFileSync(p, `${good}// edited by hand\n`);
    const cli = join(ROOT, "src/cli/main.ts");
    const r = await run(NODE, [cli, "codegen", "abi", "--out", "out"], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(p, "utf8"), good);
    const check = await run(NODE, [cli, "codegen", "abi", "--out", "out", "--check"], { cwd: work });
    assert.equal(check.code, 0, check.stderr);
  });

  it("an output touched without a change is compared, not rewritten, and the next run is a no-op", async () => {
    const p = join("out", "Math.d.ts");
    const t = new Date(Date.now() + 7000);
    utimesSync(p, t, t);
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual([r.written, r.removed], [[], []]);
    const again = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual([again.written, again.regenerated, again.cached], [[], 0, true]);
  });

  it("force ignores the cache: an edit that fooled the stat check is repaired", async () => {
    const p = join("out", "IERC20.d.ts");
    const text = readFileSync(p, "utf8");
    const t = Math.floor(Date.now() / 1000) - 120;
    utimesSync(p, t, t);
    await runCodegen({ inputs: ["abi"], out: "out" });
    const i = text.indexOf("balanceOf");
    writeFileSync(p, `${text.slice(0, i)}BALANCEOF${text.slice(i + 9)}`);
    utimesSync(p, t, t);
    assert.deepEqual((await runCodegen({ inputs: ["abi"], out: "out" })).written, [], "stat unchanged: the cache answers");
    const forced = await runCodegen({ inputs: ["abi"], out: "out", force: true });
    assert.deepEqual(forced.written, ["IERC20.d.ts"]);
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
  });

  it("an input that turns bad keeps its bindings, files and index lines, until it is fixed", async () => {
    const f = join("abi", "ERC721.json");
    const good = readFileSync(f, "utf8");
    const before = tree("out");
    writeFileSync(f, good.slice(0, good.length / 2));
    const r = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.file, /ERC721\.json$/);
    assert.deepEqual([r.written, r.removed], [[], []]);
    assert.deepEqual(tree("out"), before, "nothing changed on disk");
    // Still bad on the next run (and the run still fails), still nothing lost.
    const again = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.equal(again.problems.length, 1);
    assert.deepEqual(tree("out"), before);
    // Another contract edited meanwhile is regenerated; the bad one stays listed.
    addFunction(join("abi", "Math.json"), "probeWhileBad");
    const edited = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.equal(edited.regenerated, 1);
    assert.match(readFileSync(join("out", "index.d.ts"), "utf8"), /ERC721__factory/);
    assert.ok(existsSync(join("out", "factories", "ERC721__factory.js")));
    writeFileSync(f, good);
    const fixed = await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual(fixed.problems, []);
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
  });

  it("a first run (no cache) with a bad input removes nothing", async () => {
    const f = join("abi", "Governor.json");
    const good = readFileSync(f, "utf8");
    writeFileSync(f, "{");
    const r = await runCodegen({ inputs: ["abi"], out: "out", force: true });
    assert.equal(r.problems.length, 1);
    assert.deepEqual(r.removed, []);
    assert.ok(existsSync(join("out", "Governor.d.ts")));
    writeFileSync(f, good);
    await runCodegen({ inputs: ["abi"], out: "out" });
    assert.deepEqual(tree("out"), new Map([...scratch(["abi"])]));
  });

  it("matches a from-scratch generation after every step of a long random edit sequence", async () => {
    // A seeded generator: the sequence is the same every run, and a failure names its step.
    let seed = 20261203;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const names = [...PICK];
    const parked = new Map<string, string>();
    for (let step = 0; step < 24; step++) {
      const name = names[rand(names.length)]!;
      const f = join("abi", `${name}.json`);
      const op = rand(5);
      if (op === 0 && existsSync(f)) addFunction(f, `probe${step}`);
      else if (op === 1 && existsSync(f)) (parked.set(name, readFileSync(f, "utf8")), rmSync(f));
      else if (op === 2 && parked.has(name)) writeFileSync(f, parked.get(name)!);
      else if (op === 3 && existsSync(f)) {
        // A same-named copy elsewhere renames both.
        mkdirSync(join("abi", "copies"), { recursive: true });
        const art = JSON.parse(readFileSync(f, "utf8")) as { sourceName?: string };
        art.sourceName = `contracts/copies/${name}.sol`;
        writeFileSync(join("abi", "copies", `${name}.json`), JSON.stringify(art));
      } else rmSync(join("abi", "copies"), { recursive: true, force: true });
      const r = await runCodegen({ inputs: ["abi"], out: "out" });
      assert.deepEqual(r.problems, [], `step ${step}`);
      assertSameTree(tree("out"), scratch(["abi"]), `step ${step}: op ${op} on ${name}`);
    }
    rmSync(join("abi", "copies"), { recursive: true, force: true });
    for (const [name, text] of parked) if (!existsSync(join("abi", `${name}.json`))) writeFileSync(join("abi", `${name}.json`), text);
    await runCodegen({ inputs: ["abi"], out: "out" });
  });

  it("the typechain layout: incremental runs equal generate(), through moves between folders", async () => {
    const scratchTc = (): Map<string, string> => {
      const { contracts, problems } = readInputs(["abi"]);
      assert.deepEqual(problems, []);
      return generate(contracts, { layout: "typechain" });
    };
    const cold = await runCodegen({ inputs: ["abi"], out: "tc", layout: "typechain" });
    assert.deepEqual(cold.problems, []);
    assertSameTree(tree("tc"), scratchTc(), "cold");
    // A layout switch in the same directory is a different cache: nothing stale survives.
    await runCodegen({ inputs: ["abi"], out: "tc" });
    assertSameTree(tree("tc"), scratch(["abi"]), "flat after typechain");
    await runCodegen({ inputs: ["abi"], out: "tc", layout: "typechain" });
    assertSameTree(tree("tc"), scratchTc(), "typechain after flat");
    // Inputs in subfolders: the common root moves, every path moves with it.
    mkdirSync(join("abi", "sub", "Gov.sol"), { recursive: true });
    copyFileSync(join(OZ, "Governor.json"), join("abi", "sub", "Gov.sol", "Governor.json"));
    const moved = await runCodegen({ inputs: ["abi"], out: "tc", layout: "typechain" });
    assert.deepEqual(moved.problems, []);
    assertSameTree(tree("tc"), scratchTc(), "subfolder added");
    assert.ok(tree("tc").has("sub/Gov.sol/Governor.d.ts") && tree("tc").has("Governor.d.ts"));
    rmSync(join("abi", "sub"), { recursive: true });
    await runCodegen({ inputs: ["abi"], out: "tc", layout: "typechain" });
    assertSameTree(tree("tc"), scratchTc(), "subfolder removed");
    const again = await runCodegen({ inputs: ["abi"], out: "tc", layout: "typechain" });
    assert.deepEqual([again.written, again.removed, again.regenerated], [[], [], 0]);
  });

  it("the CLI's no-op run leaves every output untouched", async () => {
    const cli = join(ROOT, "bin/abibind.cjs");
    assert.equal((await run(NODE, [cli, "codegen", "abi", "--out", "out"], { cwd: work })).code, 0);
    const stamp = new Map([...tree("out").keys()].map((p) => [p, statSync(join("out", p)).mtimeMs]));
    const r = await run(NODE, [cli, "codegen", "abi", "--out", "out"], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    for (const [p, m] of stamp) assert.equal(statSync(join("out", p)).mtimeMs, m, p);
  });
});
