// Published protocol artifacts, as their npm packages ship them (pinned devDependencies, read from
// node_modules, never copied into git), through the real CLI: every contract bound, no problems
// (only the warnings listed here, each for an item no ABI encoder can encode), strict tsc clean
// under nodenext and bundler with the generated declarations checked (skipLibCheck off), typed
// uses of one well-known method per package, and every binding loaded under plain node.
//
// The packages cover the artifact formats in the wild and their traps:
//   @uniswap/v2-core  Waffle build/ files beside a solc --combined-json of the same contracts
//   @uniswap/v3-core  Hardhat 2 artifacts with .dbg.json files
//   @uniswap/v4-core  Foundry out/ (build-info, forge-std's Vm, user-defined value types, tests)
//   @chainlink/abi    Hardhat artifacts from solc 0.4–0.7, the same contract names in v0.4…v0.7
//   @celo/abis        {contractName, abi} files (solc 0.5 `payable`/`constant` fields)
//   @openzeppelin/contracts-upgradeable  Hardhat-built build/contracts, namespaced storage
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { typecheck } from "../helpers/tsc.ts";

const CLI = join(ROOT, "bin/abibind.cjs");
const NM = join(ROOT, "node_modules");
// Inside the checkout (git-ignored), so the bindings' "abibind/runtime" resolves to this package.
const OUT = join(ROOT, ".scratch", `protocols-${process.pid}`);

interface Protocol {
  /** Output directory name, and the check file's prefix. */
  readonly key: string;
  readonly pkg: string;
  /** The version pinned in package.json's devDependencies. */
  readonly version: string;
  /** Inputs as a user would pass them, relative to the package's directory. */
  readonly inputs: readonly string[];
  /** The stderr lines expected: one per ABI item skipped (shown paths relative to the checkout). */
  readonly warnings: readonly string[];
  /** A method key every chosen contract has (a name, or a signature when overloads make the name ambiguous). */
  readonly member: string;
  /** Typed uses of `c[member]` in an async function body: must compile, and each `@ts-expect-error` must be needed. */
  readonly uses: string;
}

const PROTOCOLS: readonly Protocol[] = [
  {
    key: "v2",
    pkg: "@uniswap/v2-core",
    version: "1.0.1",
    inputs: ["build"],
    warnings: [],
    member: "getReserves",
    uses: `const [r0, r1, at] = await c.getReserves();
    const ok: [bigint, bigint, bigint] = [r0, r1, at];
    // @ts-expect-error a reserve is a bigint
    const bad: string = r0;`,
  },
  {
    key: "v3",
    pkg: "@uniswap/v3-core",
    version: "1.0.1",
    inputs: ["artifacts"],
    warnings: [],
    member: "slot0",
    uses: `const s = await c.slot0();
    const ok: [bigint, bigint, boolean] = [s.sqrtPriceX96, s.tick, s.unlocked];
    // @ts-expect-error an int24 is a bigint
    const bad: number = s.tick;`,
  },
  {
    key: "v4",
    pkg: "@uniswap/v4-core",
    version: "1.0.2",
    inputs: ["out"],
    warnings: [
      'node_modules/@uniswap/v4-core/out/AmountHelpers.sol/AmountHelpers.json: AmountHelpers.getMaxAmountInForPool(IPoolManager,(int24,int24,int256,bytes32),(address,address,uint24,int24,IHooks)): skipped, type "IPoolManager" cannot be ABI-encoded',
    ],
    member: "initialize((address,address,uint24,int24,address),uint160)",
    uses: `const key = { currency0: ZERO, currency1: ZERO, fee: 3000, tickSpacing: 60, hooks: ZERO };
    await c["initialize((address,address,uint24,int24,address),uint160)"](key, 2n ** 96n);
    // @ts-expect-error a PoolKey needs its hooks
    await c["initialize((address,address,uint24,int24,address),uint160)"]({ currency0: ZERO, currency1: ZERO, fee: 3000, tickSpacing: 60 }, 1n);`,
  },
  {
    key: "chainlink",
    pkg: "@chainlink/abi",
    version: "0.1.4",
    inputs: ["v0.4", "v0.5", "v0.6", "v0.7"],
    warnings: [],
    member: "latestRoundData",
    uses: `const r = await c.latestRoundData();
    const ok: [bigint, bigint, bigint, bigint, bigint] = [r[0], r[1], r[2], r[3], r[4]];
    // @ts-expect-error an answer is a bigint
    const bad: string = r[1];`,
  },
  {
    key: "celo",
    pkg: "@celo/abis",
    version: "14.0.1",
    // The package's exported ABI files (dist/ also holds its JavaScript builds and their package.json files).
    inputs: readdirSync(join(NM, "@celo/abis/dist")).filter((f) => f.endsWith(".json")).map((f) => `dist/${f}`),
    warnings: [],
    member: "getName",
    uses: `const name: string = await c.getName(ZERO);
    // @ts-expect-error a name is a string
    const bad: bigint = await c.getName(ZERO);`,
  },
  {
    key: "ozu",
    pkg: "@openzeppelin/contracts-upgradeable",
    version: "5.7.0",
    inputs: ["build/contracts"],
    warnings: [],
    member: "balanceOf(address)",
    uses: `const b: bigint = await c["balanceOf(address)"](ZERO);
    // @ts-expect-error a balance is a bigint
    const bad: string = await c["balanceOf(address)"](ZERO);`,
  },
];

const inputsOf = (p: Protocol): string[] => p.inputs.map((i) => join(NM, p.pkg, i));

/** Contracts in the inputs, counted without the generator: one per artifact or bare ABI, one per combined-json entry. */
function contractsIn(paths: readonly string[]): number {
  let n = 0;
  const visit = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p)) if (e !== "build-info" && !e.startsWith(".")) visit(join(p, e));
      return;
    }
    if (!p.endsWith(".json") || p.endsWith(".dbg.json")) return;
    const json = JSON.parse(readFileSync(p, "utf8")) as unknown;
    if (Array.isArray(json)) n++;
    else if (typeof json === "object" && json !== null && "abi" in json) n++;
    else if (typeof json === "object" && json !== null && "contracts" in json) n += Object.keys((json as { contracts: object }).contracts).length;
  };
  for (const p of paths) visit(p);
  return n;
}

/** Generated contract types declaring `member` as a method key, read from the generated declarations. */
function typesWith(dir: string, member: string): string[] {
  const key = /^[A-Za-z_$][\w$]*$/.test(member) ? member : JSON.stringify(member);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".d.ts") && f !== "index.d.ts" && f !== "common.d.ts")
    .filter((f) => readFileSync(join(dir, f), "utf8").includes(`\n  ${key}: TypedContractMethod<`))
    .map((f) => f.slice(0, -".d.ts".length))
    .sort();
}

interface Generated {
  readonly code: number | null;
  readonly stderr: string;
  readonly ms: number;
}

const generated = new Map<string, Generated>();
const ALL = "all";

before(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // One at a time: each run is timed, and the machine has two cores.
  for (const p of PROTOCOLS) {
    const r = await run(NODE, [CLI, "codegen", ...inputsOf(p), "--out", join(OUT, p.key)], { cwd: ROOT });
    generated.set(p.key, r);
  }
  const r = await run(NODE, [CLI, "codegen", ...PROTOCOLS.flatMap(inputsOf), "--out", join(OUT, ALL)], { cwd: ROOT });
  generated.set(ALL, r);
});

after(() => {
  if (process.env.ABIBIND_KEEP_GEN === undefined) rmSync(OUT, { recursive: true, force: true });
});

const stderrLines = (g: Generated): string[] => g.stderr.split("\n").filter((l) => l !== "");

describe("published protocol artifacts: generation", () => {
  for (const p of PROTOCOLS) {
    it(`${p.pkg}@${p.version}: binds every contract of ${p.inputs.length > 4 ? `${p.inputs.length} files` : p.inputs.join(", ")}, no problems`, () => {
      const installed = JSON.parse(readFileSync(join(NM, p.pkg, "package.json"), "utf8")) as { version: string };
      assert.equal(installed.version, p.version, `${p.pkg}: installed ${installed.version}, pinned ${p.version} (npm install)`);
      const g = generated.get(p.key)!;
      assert.deepEqual(stderrLines(g), p.warnings, g.stderr);
      assert.equal(g.code, 0);
      const factories = readdirSync(join(OUT, p.key, "factories")).filter((f) => f.endsWith("__factory.js"));
      assert.equal(factories.length, contractsIn(inputsOf(p)), `${p.pkg}: one binding per contract`);
      assert.ok(typesWith(join(OUT, p.key), p.member).length > 0, `${p.pkg}: no contract with ${p.member}`);
    });
  }

  it("all six packages into one directory: no problems, every contract bound under its own name", () => {
    const g = generated.get(ALL)!;
    assert.deepEqual(stderrLines(g), PROTOCOLS.flatMap((p) => p.warnings), g.stderr);
    assert.equal(g.code, 0);
    const factories = readdirSync(join(OUT, ALL, "factories")).filter((f) => f.endsWith("__factory.js"));
    assert.equal(factories.length, contractsIn(PROTOCOLS.flatMap(inputsOf)));
    // Timings are the benchmark's business (bench/codegen.ts); this only catches a pathological run.
    assert.ok(g.ms < 30_000, `${g.ms} ms`);
  });
});

describe("published protocol artifacts: strict type-check", () => {
  /** A check file: every package's index (so every generated declaration is checked) and its typed uses. */
  function checkFile(): string {
    const lines = ['const ZERO = "0x0000000000000000000000000000000000000000";', `export type * as all from "./${ALL}/index.js";`];
    for (const p of PROTOCOLS) {
      lines.push(`export type * as ${p.key} from "./${p.key}/index.js";`);
      for (const t of typesWith(join(OUT, p.key), p.member)) {
        lines.push(`import type { ${t} as ${p.key}_${t} } from "./${p.key}/index.js";`, `export async function ${p.key}_${t}_uses(c: ${p.key}_${t}): Promise<void> {`, `    ${p.uses}`, "}");
      }
    }
    return `${lines.join("\n")}\n`;
  }

  for (const resolution of ["nodenext", "bundler"] as const) {
    it(`every generated declaration and the typed uses compile under --strict, ${resolution}`, async () => {
      const file = join(OUT, `check-${resolution}.ts`);
      writeFileSync(file, checkFile());
      const r = await typecheck([file], resolution);
      assert.ok(r.ok, r.output.slice(0, 8000));
    });
  }

  it("the typed uses are live: without their @ts-expect-error lines tsc fails once per use", async () => {
    // Guards against a vacuous check (bindings typed `any` make every expect-error line unused, which
    // tsc reports; this makes sure the lines it expects to fail do fail).
    const text = checkFile();
    const expected = (text.match(/@ts-expect-error/g) ?? []).length;
    const file = join(OUT, "probe.ts");
    writeFileSync(file, text.replace(/\/\/ @ts-expect-error.*\n/g, ""));
    const r = await typecheck([file], "nodenext");
    assert.equal(r.ok, false);
    assert.equal((r.output.match(/error TS/g) ?? []).length, expected, r.output.slice(0, 4000));
  });
});

describe("published protocol artifacts: run time", () => {
  it("every binding loads under plain node and its ABI builds an ethers Interface", async () => {
    // A separate, flag-free node process: "abibind/runtime" resolves as an installed package's would.
    const script = `
      import { pathToFileURL } from "node:url";
      const counts = {};
      for (const dir of JSON.parse(process.argv[1])) {
        const mod = await import(pathToFileURL(dir + "/index.js").href);
        const factories = Object.entries(mod).filter(([k]) => k.endsWith("__factory"));
        for (const [name, f] of factories) {
          const iface = f.createInterface();
          if (iface.fragments.length === 0 && f.abi.length > 0) throw new Error(name + ": empty Interface");
        }
        counts[dir] = factories.length;
      }
      process.stdout.write(JSON.stringify(counts));`;
    const dirs = [...PROTOCOLS.map((p) => join(OUT, p.key)), join(OUT, ALL)];
    const r = await run(NODE, ["--input-type=module", "-e", script, JSON.stringify(dirs)], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    const counts = JSON.parse(r.stdout) as Record<string, number>;
    for (const dir of dirs) {
      assert.equal(counts[dir], readdirSync(join(dir, "factories")).filter((f) => f.endsWith("__factory.js")).length, dir);
    }
  });
});
