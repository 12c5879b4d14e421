// The codegen trap corpus (test/fixtures/codegen): every input format, generated once, then
// type-checked as one tsc program per module resolution together with type-level assertions
// (`@ts-expect-error` lines fail the build if a type degrades to `any`), plus a bounded
// fast-check property run whose random ABIs join the same tsc programs.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { Interface, type InterfaceAbi } from "ethers";
import { readAbi } from "../../src/codegen/abiModel.ts";
import { generate } from "../../src/codegen/generate.ts";
import { ETHERS_KEYWORDS } from "../../src/codegen/names.ts";
import type { ContractSource } from "../../src/codegen/readInputs.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { tree } from "../helpers/tree.ts";
import { typecheck } from "../helpers/tsc.ts";
import { arbitraryAbi } from "./abiArbitrary.ts";

const cli = join(ROOT, "src/cli/main.ts");
const FIX = join(ROOT, "test/fixtures/codegen");
// Fixed path: the check files import from it. tsconfig excludes test/fixtures/**/out.
const GEN = join(FIX, "out/gen");
const CHECKS = join(FIX, "out/checks");
const PROPERTY_RUNS = Number(process.env.ABIBIND_PROPERTY_RUNS ?? 25);


const FORMATS = {
  std: "compiled/standard",
  combined: "compiled/combined",
  hardhat: "compiled/hardhat",
  foundry: "compiled/foundry",
  hand: "hand",
} as const;

const propertyDirs: string[] = [];

/** No generated contract or factory declaration mentions `any` (common.d.ts has generic defaults). */
function assertNoAny(files: ReadonlyMap<string, string>): void {
  for (const [p, text] of files) {
    if (!p.endsWith(".d.ts") || p === "common.d.ts") continue;
    const code = text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\bany\b/, p);
  }
}

// Contract names that collide with each other, with reserved type names or with derived exports.
const contractName = fc.constantFrom(
  "P", "P", "p", "PInterface", "P__factory", "Contract", "Interface", "common", "index", "__proto__", "constructor", "Result", "Indexed",
  "Signer", "Promise", "Array", "Decoded", "TypedContractMethod", "2pool", "v1.2 beta", "caf\u00e9", "class",
);

before(async () => {
  rmSync(GEN, { recursive: true, force: true });
  mkdirSync(GEN, { recursive: true });
  const runs = await Promise.all(
    Object.entries(FORMATS).map(([out, input]) => run(NODE, [cli, "codegen", join(FIX, input), "--out", join(GEN, out)], { cwd: ROOT })),
  );
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  // Property cases: generated in-process (no subprocess per case), type-checked with the rest.
  let n = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(arbitraryAbi, contractName), { minLength: 1, maxLength: 3 }), (cases) => {
      const abis = cases.map(([abi]) => abi);
      const sources: ContractSource[] = cases.map(([raw, name], i) => ({ name, file: `${i}-dir/${name}.abi`, abi: readAbi(raw), links: [] }));
      const files = generate(sources);
      assert.deepEqual(generate([...sources].reverse()), files, "output depends on input order");
      // Every function and event is reachable by the canonical key ethers resolves at run time.
      const dts = [...files].filter(([p]) => p.endsWith(".d.ts")).map(([, t]) => t).join("\n");
      // (logs keys go through abibind's own decoder, so keyword-named events keep their signature there)
      const filters = [...dts.matchAll(/ {2}filters: \{\n([\s\S]*?)\n {2}\};/g)].map((m) => m[1]).join("\n");
      assertNoAny(files);
      for (const raw of abis) {
        const iface = new Interface(raw as InterfaceAbi);
        // (a contract named TypedContractMethod imports common.d.ts' type under an alias)
        iface.forEachFunction((f) => {
          const key = `  ${JSON.stringify(f.format("sighash"))}: `;
          assert.ok(dts.includes(`${key}TypedContractMethod<`) || dts.includes(`${key}CommonTypedContractMethod<`), f.format("sighash"));
        });
        // A keyword-named event's signature key makes ethers throw, so it must not be typed.
        iface.forEachEvent((e) =>
          assert.equal(filters.includes(`    ${JSON.stringify(e.format("sighash"))}: `), !ETHERS_KEYWORDS.has(e.name), e.format("sighash")),
        );
      }
      const dir = join(GEN, "prop", `case${n++}`);
      for (const [p, text] of files) {
        mkdirSync(join(dir, p, ".."), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
      writeFileSync(join(dir, "abis.json"), JSON.stringify(abis));
      propertyDirs.push(dir);
    }),
    { numRuns: PROPERTY_RUNS, seed: Number(process.env.ABIBIND_PROPERTY_SEED ?? 42) },
  );
});

after(() => {
  if (process.env.ABIBIND_KEEP_GEN === undefined) rmSync(GEN, { recursive: true, force: true });
});

describe("codegen corpus: input formats", () => {
  it("reads standard-JSON, combined-json, Hardhat and Foundry output of the same compilation into the same files", () => {
    const std = tree(join(GEN, "std"));
    assert.ok(std.has("Overload.d.ts") && std.has("factories/UsesLib__factory.js"));
    for (const fmt of ["combined", "hardhat", "foundry"] as const) {
      const other = tree(join(GEN, fmt));
      assert.deepEqual([...other.keys()].sort(), [...std.keys()].sort(), fmt);
      for (const [p, text] of std) {
        // Hardhat artifacts carry no NatSpec, so only its factories (ABI, bytecode, links) must match.
        if (fmt === "hardhat" && !p.startsWith("factories/")) continue;
        assert.equal(other.get(p), text, `${fmt}: ${p}`);
      }
    }
  });

  it("never types anything as `any` in contract or factory declarations", () => {
    for (const fmt of Object.keys(FORMATS)) assertNoAny(tree(join(GEN, fmt)));
  });

  it("skips Hardhat .dbg.json and build-info files without complaint", () => {
    const hh = tree(join(GEN, "hardhat"));
    assert.ok(![...hh.keys()].some((p) => /dbg|build|abc|def/i.test(p)), [...hh.keys()].join(" "));
  });

  it("turns NatSpec (userdoc and devdoc) into TSDoc", () => {
    const o = readFileSync(join(GEN, "std/Overload.d.ts"), "utf8");
    assert.match(o, /\/\*\*\n \* Overloads, custom errors and events the generator must keep apart\.\n \* Exercised at run time against anvil\.\n \*\/\nexport interface Overload /);
    assert.match(o, /The caller is not allowed\.\n\s+\* @param who - The caller\.\n\s+\*\/\n\s+\| DecodedCustomError<"Unauthorized"/);
    assert.match(o, /Reverts with the error selected by `which`\.\n\s+\* @param which - 0: Unauthorized/);
    assert.match(o, /Emitted with one point\.\n \*\/\nexport declare namespace Settled_tuple_uint256_uint256_Event/);
  });

  it("keys every overload by the canonical signature ethers resolves, tuples spelled out", async () => {
    for (const name of ["Overload", "TwoInfos", "Tupler"]) {
      const dts = readFileSync(join(GEN, `std/${name}.d.ts`), "utf8");
      const abi = JSON.parse(JSON.stringify((await import(join(GEN, `std/factories/${name}__factory.js`)))[`${name}__factory`].abi));
      const iface = new Interface(abi);
      iface.forEachFunction((f) => assert.ok(dts.includes(`  ${JSON.stringify(f.format("sighash"))}: TypedContractMethod<`), f.format("sighash")));
      iface.forEachEvent((e) => assert.ok(dts.includes(`    ${JSON.stringify(e.format("sighash"))}: `), e.format("sighash")));
    }
  });
});

describe("codegen corpus: strict type-check", () => {
  for (const resolution of ["nodenext", "bundler"] as const) {
    it(`all generated output, the type assertions and ${PROPERTY_RUNS} random ABIs compile under ${resolution}`, async () => {
      const checks = readdirSync(CHECKS).filter((f) => f.endsWith(".check.ts")).map((f) => join(CHECKS, f));
      assert.ok(checks.length >= 6);
      const entries = [
        ...Object.keys(FORMATS).map((f) => join(GEN, f, "index.d.ts")),
        ...propertyDirs.map((d) => join(d, "index.d.ts")),
        ...checks,
      ];
      const r = await typecheck(entries, resolution);
      assert.ok(r.ok, r.output.slice(0, 8000));
    });
  }

  it(`all generated output, the type assertions and ${PROPERTY_RUNS} random ABIs compile under TypeScript 5.0`, async () => {
    // The oldest TypeScript supported (README). `types: []` and no typeRoots: the project's
    // @types/node needs a newer TypeScript (ethers brings the one it needs).
    const checks = readdirSync(CHECKS).filter((f) => f.endsWith(".check.ts")).map((f) => join(CHECKS, f));
    const entries = [...Object.keys(FORMATS).map((f) => join(GEN, f, "index.d.ts")), ...propertyDirs.map((d) => join(d, "index.d.ts")), ...checks];
    const r = await typecheck(entries, "nodenext", { types: [], typeRoots: [], target: "es2022" }, "typescript-5.0");
    assert.ok(r.ok, r.output.slice(0, 8000));
  });

  it("the type assertions are live: breaking a binding makes tsc fail", async () => {
    // Guards against the whole check going vacuous (e.g. everything `any`): a copy of one check
    // file with its expect-error directives removed must fail.
    const src = readFileSync(join(CHECKS, "overloads.check.ts"), "utf8").replace(/\/\/ @ts-expect-error.*\n/g, "");
    const probe = join(CHECKS, "probe.ts");
    writeFileSync(probe, src);
    try {
      const r = await typecheck([probe], "nodenext");
      assert.equal(r.ok, false);
      assert.ok((r.output.match(/error TS/g) ?? []).length >= 6, r.output);
    } finally {
      rmSync(probe, { force: true });
    }
  });
});
