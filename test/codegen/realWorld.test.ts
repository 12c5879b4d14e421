// Real-world ABIs that used to sink a run (issue 12): library items naming Solidity types are
// skipped with a warning (errors under strict), malformed elementary types still make a file bad,
// every generated identifier is checked before anything is written, and names built from any path
// are identifiers.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readAbi } from "../../src/codegen/abiModel.ts";
import { AbiFormatError } from "../../src/errors/codegenErrors.ts";
import { assignNames, emitContractFiles, generate } from "../../src/codegen/generate.ts";
import { identifierFrom } from "../../src/codegen/names.ts";
import { type InputProblem, readInputFile, readInputs } from "../../src/codegen/readInputs.ts";
import { ROOT } from "../helpers/run.ts";

const STD = "test/fixtures/codegen/compiled/standard";
const fn = (name: string, type: string, out = "uint256") => ({ type: "function", name, inputs: [{ name: "a", type }], outputs: [{ name: "", type: out }], stateMutability: "view" });

describe("items no ABI encoder can call", () => {
  it("skips only the items whose type names a Solidity type, naming each, and binds the rest", () => {
    const abi = readAbi([fn("kind", "TypeKind"), fn("kinds", "Lib.BOOL[]"), fn("plain", "uint256"), fn("plain", "Lib.TypeKind"), fn("truth", "uint256", "Lib.BOOL"),
      { type: "event", name: "E", inputs: [{ name: "k", type: "TypeKind" }] }, { type: "error", name: "Er", inputs: [{ name: "t", type: "tuple", components: [{ name: "k", type: "Lib.K" }] }] }]);
    assert.deepEqual(abi.skipped, [
      'kind(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded',
      'kinds(Lib.BOOL[]): skipped, type "Lib.BOOL[]" cannot be ABI-encoded',
      'plain(Lib.TypeKind): skipped, type "Lib.TypeKind" cannot be ABI-encoded',
      'truth(uint256): skipped, type "Lib.BOOL" cannot be ABI-encoded',
      'E(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded',
      'Er((Lib.K)): skipped, type "Lib.K" cannot be ABI-encoded',
    ]);
    // As if absent: one `plain`, nothing of the others in the normalised ABI ethers gets.
    assert.deepEqual(abi.functions.map((f) => f.signature), ["plain(uint256)"]);
    assert.deepEqual([abi.events.length, abi.errors.length, abi.normalized.length], [0, 0, 1]);
  });

  it("still rejects malformed elementary types and fixed-point types, and such a type in a constructor", () => {
    for (const type of ["uint7", "uint256]", "bytes33", "int7[]", "uint256[[2]", "Lib.S storage"]) {
      assert.throws(() => readAbi([fn("f", type)]), (e: unknown) => e instanceof AbiFormatError && e.message.includes(`unknown type "${type}"`), type);
    }
    assert.throws(() => readAbi([fn("f", "fixed128x18")]), /not supported by ethers v6/);
    assert.throws(() => readAbi([{ type: "constructor", inputs: [{ name: "k", type: "Lib.K" }] }]), /ABI item 0 \(constructor\): type "Lib\.K" cannot be ABI-encoded/);
    // An enum that merely starts like a fixed-point type is a Solidity type name.
    assert.equal(readAbi([fn("f", "fixedRate")]).skipped.length, 1);
  });

  it("readInputs reports one warning per skipped item against its file, and strict makes the file bad", () => {
    const { contracts, problems, warnings } = readInputs([STD], ROOT);
    assert.deepEqual(problems, []);
    const file = `${STD}/solc-output.json`;
    assert.deepEqual(warnings, [
      { file, reason: 'KindLib.kind(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded' },
      { file, reason: 'KindLib.kinds(KindLib.BOOL[]): skipped, type "KindLib.BOOL[]" cannot be ABI-encoded' },
      { file, reason: 'KindLib.plain(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded' },
      { file, reason: 'KindLib.truth(uint256): skipped, type "KindLib.BOOL" cannot be ABI-encoded' },
    ]);
    const lib = contracts.find((c) => c.name === "KindLib")!;
    assert.deepEqual(lib.skipped, warnings.map((w) => w.reason));
    assert.equal(contracts.find((c) => c.name === "Overload")!.skipped, undefined);

    const strict = readInputs([STD], ROOT, { strict: true });
    assert.deepEqual(strict.contracts, []);
    // One line per skipped item (problemLines prints each under the file).
    assert.deepEqual(strict.problems, [{ file, reason: warnings.map((w) => w.reason).join("\n") }]);
    const one = JSON.stringify([fn("kind", "TypeKind")]);
    assert.throws(() => readInputFile("K.abi", one, () => undefined, { strict: true }), { message: 'K.kind(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded' });
    assert.deepEqual(readInputFile("K.abi", one, () => undefined)![0]!.skipped, ['K.kind(TypeKind): skipped, type "TypeKind" cannot be ABI-encoded']);
  });

  it("generate under strict leaves such a contract out and reports it, or throws without a problems list", () => {
    const sources = readInputs([STD], ROOT).contracts;
    const problems: InputProblem[] = [];
    const files = generate(sources, { strict: true }, problems);
    assert.deepEqual(problems.map((p) => [p.file, p.reason.split(":")[0]]), [[`${STD}/solc-output.json`, "KindLib.kind(TypeKind)"]]);
    assert.ok(!files.has("KindLib.d.ts") && files.has("Overload.d.ts"));
    assert.throws(() => generate(sources, { strict: true }), AbiFormatError);
    assert.ok(generate(sources).has("KindLib.d.ts"));
  });
});

describe("every generated identifier is valid", () => {
  const source = (name: string, file: string) => ({ name, file, abi: readAbi([fn("id", "uint256")]), links: [] });

  it("makes names from any path and file name (leading digits, dots, dashes, spaces, non-ASCII, reserved words)", () => {
    const cases: [string, string][] = [
      ["20210418-weighted-pool", "_20210418WeightedPool"],
      ["v1.2-beta pool", "V12BetaPool"],
      ["café", "CafU00E9"],
      ["cafe\u0301", "CafU00E9"], // NFD spelling, same name
      ["日本", "U65E5U672C"],
      ["class", "Class"],
      ["default", "Default"],
      ["3pool", "_3pool"],
      ["...", "Contract"],
      ["😀", "U1F600"],
    ];
    for (const [text, id] of cases) assert.equal(identifierFrom(text), id, text);
    const named = assignNames([
      source("WeightedPool", "pkg/deployments/tasks/20210418-weighted-pool/abi/WeightedPool.json"),
      source("WeightedPool", "pkg/deployments/tasks/20210523-weighted-pool/abi/WeightedPool.json"),
      source("9lives", "x/9lives.abi"),
      source("Pool", "a b/ü/Pool.abi"),
      source("Pool", "a b/class/Pool.abi"),
    ]).map((n) => n.typeName);
    assert.deepEqual(named, ["_20210418WeightedPool_Abi_WeightedPool", "_20210523WeightedPool_Abi_WeightedPool", "_9lives", "U00FC_Pool", "Class_Pool"]);
    for (const n of named) {
      const out = emitContractFiles(source(n, `${n}.abi`), n);
      assert.ok(out.files.size === 3);
    }
  });

  it("refuses to emit a contract whose files would declare an invalid identifier, naming it", () => {
    assert.throws(() => emitContractFiles(source("x", "x.abi"), "20210418WeightedPool_Abi_WeightedPool"), (e: unknown) => {
      assert.ok(e instanceof AbiFormatError);
      assert.match(e.message, /^refusing to write 20210418WeightedPool_Abi_WeightedPool\.d\.ts: "20210418WeightedPool_Abi_WeightedPool\w*" is not a valid identifier$/);
      return true;
    });
    assert.throws(() => emitContractFiles(source("x", "x.abi"), "Caf\u00e9"), /"Caf\u00e9\w*" is not a valid identifier/);
    assert.throws(() => emitContractFiles(source("x", "x.abi"), "string"), /"string\w*" is not a valid identifier/);
  });

  it("keeps a hand-written struct path that is not an identifier an unnamed tuple", () => {
    const abi = readAbi([{ type: "function", name: "f", inputs: [{ name: "s", type: "tuple", internalType: "struct 9Lib.S", components: [{ name: "a", type: "uint256" }] }], outputs: [], stateMutability: "view" }]);
    const out = emitContractFiles({ name: "T", file: join("x", "T.abi"), abi, links: [] }, "T");
    assert.match(out.files.get("T.d.ts")!, /f: TypedContractMethod<\[s: \{ a: BigNumberish \}\]/);
  });
});
