// The codegen CLI on the trap corpus: bad inputs are reported one `<path>: <reason>` line each
// while every good file is still generated; output is deterministic and matches committed goldens;
// --check catches stale, missing and extra files; a regeneration removes files whose input is gone.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Contract } from "ethers";
import { CONTRACT_MEMBERS } from "../../src/codegen/names.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { tree } from "../helpers/tree.ts";

const cli = join(ROOT, "src/cli/main.ts");
const FIX = "test/fixtures/codegen";
const GOLDEN = join(ROOT, FIX, "golden");
mkdirSync(join(ROOT, ".scratch"), { recursive: true });
const TMP = mkdtempSync(join(ROOT, ".scratch/codegen-cli-"));
after(() => rmSync(TMP, { recursive: true, force: true }));

let n = 0;
const tmp = (): string => join(TMP, `d${n++}`);
const codegen = (...args: string[]) => run(NODE, [cli, "codegen", ...args], { cwd: ROOT, timeoutMs: 30_000 });


const BAD = ["abistring.json", "badhex.json", "badname.abi", "bracket.abi", "ctorpath.abi", "dupsig.abi", "empty.abi", "fixed.abi", "item.abi", "malformed.json", "nested.abi", "notabi.json", "tuple.abi", "uint7.abi"];

describe("codegen CLI: bad input", () => {
  it("prints one `<path>: <reason>` line per bad file, no stack trace, still generates every good file, exits 1", async () => {
    const out = tmp();
    const r = await codegen(`${FIX}/bad`, `${FIX}/hand`, "--out", out);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.deepEqual(lines.map((l) => l.slice(0, l.indexOf(": "))).sort(), BAD.map((f) => `${FIX}/bad/${f}`));
    for (const l of lines) assert.match(l, /^test\/fixtures\/codegen\/bad\/[^:]+: \S.*$/);
    assert.doesNotMatch(r.stderr, /^\s+at |internal error|TypeError|RangeError/m);
    assert.match(r.stderr, /bracket\.abi: .*uint256\]/);
    assert.match(r.stderr, /malformed\.json: .*JSON/);
    assert.match(r.stderr, /uint7\.abi: .*unknown type "uint7"/);
    assert.match(r.stderr, /ctorpath\.abi: ABI item 0 \(constructor\): type "Lib\.TypeKind" cannot be ABI-encoded/);
    const files = [...tree(out).keys()];
    for (const good of ["Good.d.ts", "factories/Good__factory.js", "Weird.d.ts", "Generic.d.ts", "OldStyleToken.d.ts"]) assert.ok(files.includes(good), good);
    assert.ok(!files.some((f) => /dbg/i.test(f)));
  });

  it("exits 0 when every input is good, and 1 for a missing input path", async () => {
    assert.equal((await codegen(`${FIX}/hand`, "--out", tmp())).code, 0);
    const r = await codegen(`${FIX}/hand`, `${FIX}/does-not-exist`, "--out", tmp());
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `${FIX}/does-not-exist: no such file or directory`);
  });

  it("rejects `uint256]` promptly instead of hanging, in directory and --abi mode", async () => {
    const a = await codegen(`${FIX}/bad/bracket.abi`, "--out", tmp());
    const b = await codegen("--abi", `${FIX}/bad/bracket.abi`, "--out", tmp());
    for (const r of [a, b]) {
      assert.equal(r.code, 1);
      assert.ok(r.ms < 10_000, `${r.ms} ms`);
      assert.match(r.stderr, /bracket\.abi: .*unknown type "uint256\]"/);
    }
  });
});

describe("codegen CLI: determinism", () => {
  it("gives byte-identical output whatever the order of the inputs, run after run", async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    const inputs = [`${FIX}/hand`, `${FIX}/compiled/standard`];
    assert.equal((await codegen(...inputs, "--out", a)).code, 0);
    assert.equal((await codegen(...[...inputs].reverse(), "--out", b)).code, 0);
    assert.equal((await codegen(...inputs, "--out", c)).code, 0);
    assert.deepEqual(tree(a), tree(b));
    assert.deepEqual(tree(a), tree(c));
  });

  it("matches the committed golden files (regenerate with UPDATE_GOLDEN=1)", async () => {
    const out = tmp();
    assert.equal((await codegen(`${FIX}/hand`, `${FIX}/compiled/standard`, "--out", out)).code, 0);
    const got = tree(out);
    const picked = [
      "Weird.d.ts", "factories/Weird__factory.js", "factories/Weird__factory.d.ts", "Overload.d.ts", "Clashes.d.ts", "factories/Clashes__factory.js",
      "TwoInfos.d.ts", "index.d.ts", "factories/UsesLib__factory.js", "FunctionTypes.d.ts", "FixedArrays.d.ts", "KindLib.d.ts", "Signer.d.ts",
      "factories/Signer__factory.d.ts", "factories/ContractFactory__factory.d.ts", "Promise.d.ts", "Decoded.d.ts",
    ];
    if (process.env.UPDATE_GOLDEN === "1") {
      rmSync(GOLDEN, { recursive: true, force: true });
      for (const p of picked) {
        mkdirSync(join(GOLDEN, p, ".."), { recursive: true });
        writeFileSync(join(GOLDEN, p), got.get(p)!);
      }
    }
    for (const p of picked) assert.equal(got.get(p), readFileSync(join(GOLDEN, p), "utf8"), p);
  });

  it("names same-named contracts by their source paths, keeps ethers' names, and makes every path an identifier", async () => {
    const out = tmp();
    assert.equal((await codegen(`${FIX}/hand`, `${FIX}/compiled/standard`, "--out", out)).code, 0);
    const names = [...tree(out).keys()].filter((p) => !p.includes("/") && p.endsWith(".d.ts")).map((p) => p.slice(0, -5));
    const kept = ["Interface", "BaseContract", "Result", "Signer", "Provider", "Overrides", "Promise", "Array", "ContractFactory", "BigNumberish", "Decoded", "TypedContractMethod"];
    for (const n of ["A_Token", "B_Token", "Common_", "__proto__", "Constructor", "OldStyleToken", ...kept]) assert.ok(names.includes(n), n);
    // `Contract` from hand/Contract.abi and from Traps.sol: prefixed by their paths.
    assert.ok(names.includes("Hand_Contract") && names.includes("Traps_Contract"), names.join(" "));
    assert.ok(!names.includes("Token") && !names.includes("Contract"));
    // Leading digits, dots, dashes, spaces, non-ASCII and reserved words in folder and file names.
    const fromPaths = [
      "_20210418WeightedPool_Abi_WeightedPool", "_20210523WeightedPool_Abi_WeightedPool", "_3pool", "_1inchV2", "Default", "U00FCBerToken",
      "CafU00E9_Pool", "Class_Pool", "U65E5U672C_Pool", "V12BetaPool_Pool",
    ];
    for (const n of fromPaths) assert.ok(names.includes(n), `${n} in ${names.join(" ")}`);
    for (const n of names) assert.match(n, /^[A-Za-z_$][A-Za-z0-9_$]*$/);
    // Every binding loads: index.js imports every factory.
    const index = await import(join(out, "index.js"));
    assert.equal(typeof index._20210418WeightedPool_Abi_WeightedPool__factory.connect, "function");
    assert.equal(typeof index.Signer__factory, "function");
  });

  it("CONTRACT_MEMBERS covers every property an ethers Contract answers itself", () => {
    const c = new Contract("0x0000000000000000000000000000000000000001", []);
    const missing: string[] = [];
    for (let o: object | null = c; o !== null; o = Object.getPrototypeOf(o)) {
      for (const k of Reflect.ownKeys(o)) if (typeof k === "string" && !CONTRACT_MEMBERS.has(k)) missing.push(k);
    }
    assert.deepEqual(missing, []);
    assert.ok(CONTRACT_MEMBERS.has("then") && CONTRACT_MEMBERS.has("logs"));
  });
});

describe("codegen CLI: --check and stale files", () => {
  it("--check reports stale, missing and extra files and exits 1; passes when up to date", async () => {
    const out = tmp();
    assert.equal((await codegen(`${FIX}/hand`, "--out", out)).code, 0);
    assert.equal((await codegen(`${FIX}/hand`, "--out", out, "--check")).code, 0);
    writeFileSync(join(out, "Weird.d.ts"), `${readFileSync(join(out, "Weird.d.ts"), "utf8")}// edited\n`);
    unlinkSync(join(out, "common.d.ts"));
    writeFileSync(join(out, "Old.d.ts"), "// Code generated by abibind. DO NOT EDIT.\nexport {};\n");
    writeFileSync(join(out, "mine.ts"), "export const mine = 1;\n");
    const r = await codegen(`${FIX}/hand`, "--out", out, "--check");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /stale: .*Weird\.d\.ts/);
    assert.match(r.stderr, /missing: .*common\.d\.ts/);
    assert.match(r.stderr, /extra: .*Old\.d\.ts/);
    assert.doesNotMatch(r.stderr, /mine\.ts/);
    // --check never writes.
    assert.match(readFileSync(join(out, "Weird.d.ts"), "utf8"), /\/\/ edited\n$/);
  });

  it("regenerating removes files whose input disappeared, and never touches user files", async () => {
    const input = tmp();
    const out = tmp();
    cpSync(join(ROOT, FIX, "hand"), input, { recursive: true });
    assert.equal((await codegen(input, "--out", out)).code, 0);
    writeFileSync(join(out, "mine.ts"), "export const mine = 1;\n");
    assert.ok(tree(out).has("factories/Generic__factory.js"));
    rmSync(join(input, "Generic.json"));
    assert.equal((await codegen(input, "--out", out)).code, 0);
    const files = tree(out);
    assert.ok(![...files.keys()].some((p) => p.includes("Generic")), [...files.keys()].join(" "));
    assert.doesNotMatch(files.get("index.d.ts")!, /Generic/);
    assert.ok(files.has("mine.ts"));
  });
});
