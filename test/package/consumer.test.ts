// abibind in someone else's project: the packed tarball installed by npm into projects outside
// this tree, each with its own package.json, used the way the README tells a new user to:
//   - Hardhat 3 with the plugin: `npx hardhat build` exports abi/ and writes generated/; a backend
//     script type-checks under strict nodenext and bundler and runs against anvil (HTTP and IPC);
//   - the TypeChain CLI with `--target` abibind's target;
//   - Hardhat 2 with @typechain/hardhat and abibind as its target (npm solc through
//     TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD: no compiler download);
//   - a plain ESM backend with no bindings, no store and no pg.
// Every package comes from npm's cache where this checkout's devDependencies put it (installs use
// --prefer-offline); npm and node are the project's Node 24 (PATH as a user's npm scripts see it).
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { NPM, PROJECT_ENV, packTarball } from "../helpers/packTarball.ts";
import { NODE, ROOT, type RunResult, run } from "../helpers/run.ts";
import { tree } from "../helpers/tree.ts";

const FIXTURES = join(ROOT, "test/fixtures/consumer");
const SOLCJS = join(ROOT, "node_modules/solc/soljson.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
const installedVersion = (pkg: string): string => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
// Hardhat 2 is pinned in this checkout's devDependencies as the alias hardhat-2 (so `npm ci` puts
// it in npm's cache); @typechain/hardhat cannot be (its peer is hardhat ^2, the checkout's is 3), so
// it is pinned here and comes from the registry the first time.
const HARDHAT_2 = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["hardhat-2"]!.replace(/^npm:hardhat@/, "");
const TYPECHAIN_HARDHAT = "9.1.0";

let root: string;
let tgz: string;
let anvil: Anvil;
let keyFile: string;
let greeter: { contractName: string; sourceName: string; abi: unknown[]; bytecode: string };

/** Greeter as a Hardhat-style artifact, compiled with npm solc. */
function compileGreeter(): typeof greeter {
  const solc = createRequire(import.meta.url)("solc") as { compile(input: string): string };
  const source = "contracts/Greeter.sol";
  const input = { language: "Solidity", sources: { [source]: { content: readFileSync(join(FIXTURES, source), "utf8") } }, settings: { outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } } };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  assert.deepEqual(errors.map((e) => e.formattedMessage), []);
  const c = out.contracts[source]!.Greeter!;
  return { contractName: "Greeter", sourceName: source, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
}

async function sh(cmd: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  return run(cmd, args, { cwd, env: PROJECT_ENV, timeoutMs });
}

function ok(r: RunResult, what: string): RunResult {
  assert.equal(r.code, 0, `${what} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A new project directory with its own package.json and the fixture files copied in. */
function project(name: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true, ...manifest }, null, 2)}\n`);
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    const text = readFileSync(join(FIXTURES, from), "utf8").replaceAll("__SOLCJS__", SOLCJS);
    writeFileSync(join(dir, to), text);
  }
  return dir;
}

async function npmInstall(dir: string, specs: readonly string[]): Promise<string> {
  const r = ok(await sh(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", ...specs], dir, 300_000), `npm install in ${dir}`);
  return r.stdout + r.stderr;
}

const tsc = (dir: string, config: string): Promise<RunResult> => sh(NODE, [TSC, "-p", join(dir, config)], dir);

before(async () => {
  root = mkdtempSync(join(tmpdir(), "abibind-consumer-"));
  tgz = await packTarball(root);
  greeter = compileGreeter();
  anvil = await startAnvil();
  keyFile = join(root, "anvil-key-0");
  writeFileSync(keyFile, `${ANVIL_KEY_0}\n`); // anvil's first account: a public test key
});

after(async () => {
  await anvil?.stop();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

describe("a Hardhat 3 project with the abibind plugin", () => {
  let dir: string;
  let build: RunResult;
  before(async () => {
    dir = project("hh3-app", { type: "module" }, {
      "hardhat.config.ts": "hardhat3/hardhat.config.ts",
      "contracts/Greeter.sol": "contracts/Greeter.sol",
      "src/app.ts": "hardhat3/src/app.ts",
      "tsconfig.json": "hardhat3/tsconfig.json",
      "tsconfig.bundler.json": "hardhat3/tsconfig.bundler.json",
    });
    await npmInstall(dir, [tgz, `hardhat@${installedVersion("hardhat")}`, `ethers@${installedVersion("ethers")}`, `@types/node@${installedVersion("@types/node")}`]);
    build = ok(await sh("npx", ["hardhat", "build"], dir), "npx hardhat build");
  });

  it("npx hardhat build exports abi/ and writes generated/, printing the plugin's one line", () => {
    const lines = (build.stdout + build.stderr).split("\n").filter((l) => l.startsWith("abibind"));
    assert.deepEqual(lines, ["abibind: 1 ABIs in abi/ (2 written, 0 removed), 1 bindings in generated/ (8 files written, 0 removed)"], build.stdout + build.stderr);
    assert.deepEqual(readdirSync(join(dir, "abi")).sort(), [".abibind-exported.json", "Greeter.abi", "Greeter.bin"]);
    const generated = tree(join(dir, "generated"));
    assert.ok(generated.has("index.js") && generated.has("factories/Greeter__factory.js") && generated.has("Greeter.d.ts"), [...generated.keys()].join(", "));
    assert.match(generated.get("factories/Greeter__factory.js")!, /from "abibind\/runtime"/);
  });

  it("a second build changes nothing and says so", async () => {
    const again = ok(await sh("npx", ["hardhat", "build"], dir), "npx hardhat build (again)");
    assert.match(again.stdout, /^abibind: 1 ABIs in abi\/ \(0 written, 0 removed\), 1 bindings in generated\/ \(0 files written, 0 removed\)$/m);
  });

  it("the backend script and the config type-check under tsc --strict, module nodenext", async () => {
    const r = await tsc(dir, "tsconfig.json");
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it("… and under module esnext + moduleResolution bundler", async () => {
    const r = await tsc(dir, "tsconfig.bundler.json");
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  for (const transport of ["http", "ipc"] as const) {
    it(`the script deploys, reads, sends, decodes a custom error and reads typed logs over ${transport.toUpperCase()}`, async () => {
      const endpoint = transport === "http" ? anvil.http : anvil.ipc;
      const r = await sh(NODE, ["src/app.ts", endpoint, keyFile], dir, 60_000);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
      assert.equal(r.stdout, "hello bonjour 1 EmptyGreeting(true) 1 true 1 bonjour\n");
    });
  }
});

describe("a TypeChain CLI project with abibind's target", () => {
  let dir: string;
  let typechain: RunResult;
  before(async () => {
    dir = project("typechain-app", { type: "module" });
    await npmInstall(dir, [tgz, `typechain@${installedVersion("typechain")}`, `ethers@${installedVersion("ethers")}`]);
    // A Hardhat artifact ({ contractName, abi, bytecode, … }): what TypeChain users point it at.
    mkdirSync(join(dir, "abi"));
    writeFileSync(join(dir, "abi/Greeter.json"), `${JSON.stringify(greeter, null, 2)}\n`);
    typechain = ok(
      await sh("npx", ["typechain", "--target", "./node_modules/abibind/dist/typechain/abibindTarget.cjs", "--out-dir", "types", "abi/*.json"], dir),
      "npx typechain",
    );
  });

  it("writes the bindings itself and prints abibind's line (TypeChain's own count is 0)", () => {
    assert.match(typechain.stderr, /^abibind: 8 files written, 0 removed \(1 contracts in types\)$/m);
    assert.match(typechain.stdout, /Successfully generated 0 typings!/);
    assert.match(tree(join(dir, "types")).get("index.js")!, /^\/\/ Code generated by abibind\. DO NOT EDIT\./);
  });

  it("the files are byte-identical to npx abibind codegen --layout typechain", async () => {
    ok(await sh("npx", ["abibind", "codegen", "abi", "--out", "types2", "--layout", "typechain"], dir), "npx abibind codegen");
    const a = tree(join(dir, "types"));
    assert.ok(a.size >= 8);
    assert.deepEqual(a, tree(join(dir, "types2")));
  });
});

describe("a Hardhat 2 project with @typechain/hardhat and abibind's target", () => {
  let dir: string;
  let compile: RunResult;
  before(async () => {
    dir = project("hh2-app", {}, {
      "hardhat.config.cjs": "hardhat2/hardhat.config.cjs",
      "contracts/Greeter.sol": "contracts/Greeter.sol",
      "scripts/greet.cjs": "hardhat2/scripts/greet.cjs",
    });
    await npmInstall(dir, [
      tgz,
      `hardhat@${HARDHAT_2}`,
      `@typechain/hardhat@${TYPECHAIN_HARDHAT}`,
      `@typechain/ethers-v6@${installedVersion("@typechain/ethers-v6")}`,
      `typechain@${installedVersion("typechain")}`,
      `ethers@${installedVersion("ethers")}`,
    ]);
    compile = ok(await sh("npx", ["hardhat", "compile"], dir, 180_000), "npx hardhat compile");
  });

  it("npx hardhat compile compiles with npm solc (no download) and generates the bindings through the target", () => {
    const out = compile.stdout + compile.stderr;
    assert.doesNotMatch(out, /download/i);
    assert.match(out, /Compiled 1 Solidity file successfully/);
    assert.match(out, /for target: .*node_modules\/abibind\/dist\/typechain\/abibindTarget\.cjs/);
    assert.match(compile.stderr, /^abibind: 8 files written, 0 removed \(1 contracts in types\)$/m);
    const types = tree(join(dir, "types"));
    assert.ok(types.has("Greeter.d.ts") && types.has("factories/Greeter__factory.js") && types.has("index.js"), [...types.keys()].join(", "));
  });

  it("a script of the project deploys through the bindings on Hardhat's network", async () => {
    const r = ok(await sh("npx", ["hardhat", "run", "scripts/greet.cjs"], dir, 60_000), "npx hardhat run");
    // stderr is not asserted: Node warns (MODULE_TYPELESS_PACKAGE_JSON) that the generated ESM .js
    // sit in a CommonJS project.
    assert.equal(r.stdout, "bonjour 1 bonjour\n");
  });
});

describe("a plain ESM backend: abibind and ethers only, no pg, no store, no bindings", () => {
  let dir: string;
  let installOutput: string;
  before(async () => {
    dir = project("esm-app", { type: "module" }, { "src/backend.ts": "esm/src/backend.ts", "tsconfig.json": "esm/tsconfig.json" });
    installOutput = await npmInstall(dir, [tgz, `ethers@${installedVersion("ethers")}`]);
    // An exported ABI + bytecode (what `npx hardhat build` or `npm run export-abi` leaves).
    mkdirSync(join(dir, "abi"));
    writeFileSync(join(dir, "abi/Greeter.abi"), `${JSON.stringify(greeter.abi, null, 2)}\n`);
    writeFileSync(join(dir, "abi/Greeter.bin"), `${greeter.bytecode.replace(/^0x/, "")}\n`);
  });

  it("npm install prints no install-scripts warning and installs no pg", () => {
    assert.match(installOutput, /added \d+ packages/);
    assert.doesNotMatch(installOutput, /install-scripts|allowScripts/i);
    assert.ok(!existsSync(join(dir, "node_modules/pg")));
    const tops = readdirSync(join(dir, "node_modules")).filter((n) => !n.startsWith("."));
    assert.ok(tops.includes("abibind") && tops.includes("ethers"), tops.join(", "));
  });

  it("the backend type-checks under tsc --strict, module nodenext", async () => {
    const r = await tsc(dir, "tsconfig.json");
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it("import { connect } from \"abibind\" connects, deploys and reads, over HTTP and IPC", async () => {
    for (const endpoint of [anvil.http, anvil.ipc]) {
      const r = await sh(NODE, ["src/backend.ts", endpoint, "abi"], dir, 60_000);
      assert.equal(r.stderr, "", endpoint);
      assert.equal(r.stdout, "hello NO_CONTRACT\n", endpoint);
    }
  });

  it("every relative import in the installed dist/ names a file the package ships", () => {
    const dist = join(dir, "node_modules/abibind/dist");
    const missing: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const file = join(d, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.(c|m)?js$/.test(name)) {
          // TypeScript's scanner: static imports, import() and require() with literal specifiers,
          // not text inside the template strings codegen writes.
          for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
            if (fileName.startsWith(".") && !existsSync(resolve(dirname(file), fileName))) missing.push(`${relative(dist, file)} → ${fileName}`);
          }
        }
      }
    };
    walk(dist);
    assert.deepEqual(missing, []);
  });
});
