// Every TypeScript snippet of the README (```ts blocks of README.md and examples/backend/README.md)
// as a user pastes it: compiled under tsc --strict (module nodenext) in a project outside this tree
// with the packed tarball installed, and run against anvil when all it needs is an endpoint.
// A snippet is never rewritten; the free variables it assumes are declared by a prelude written
// below, next to the reason. A new snippet gets no prelude until one is written here: if it needs
// one, this test fails and says which.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { NPM, PROJECT_ENV, packTarball } from "../helpers/packTarball.ts";
import { NODE, ROOT, type RunResult, run } from "../helpers/run.ts";

interface Snippet {
  /** README file, heading above the block, and its index under that heading: the key of its setup. */
  readonly key: string;
  readonly line: number;
  readonly code: string;
}

interface SnippetSetup {
  /** The file the snippet is written to (a config keeps the name the README gives it). */
  readonly file: string;
  /** Declarations of what the snippet takes as given, prepended to it. */
  readonly prelude?: string;
  /** Runnable with only an anvil endpoint (and the CallDemo it deploys): its environment and output. */
  readonly run?: { readonly env: (endpoint: string, callDemo: string) => Record<string, string>; readonly stdout: string };
}

const SETUPS: Record<string, SnippetSetup> = {
  // `npx hardhat build` would download solc 0.8.28 for `solidity: "0.8.28"`: type-checked only
  // (test/package/consumer.test.ts builds a project with this config and a local compiler path).
  "README.md › Incremental runs, TypeChain and Hardhat #1": { file: "hardhat.config.ts" },
  "README.md › Runtime: `import { connect } from \"abibind\"` #1": {
    file: "runtime.ts",
    // `address` is the deployed CallDemo's, which the README leaves to the reader; bindings are in
    // ./generated (`abibind codegen` on the repository's abi/, as the walkthrough does).
    prelude: "const address: string = process.env.CALLDEMO_ADDRESS ?? \"\";\n",
    run: { env: (endpoint, callDemo) => ({ ABIBIND_RPC: endpoint, CALLDEMO_ADDRESS: callDemo }), stdout: "2020n\n" },
  },
};

function extract(readme: string): Snippet[] {
  const lines = readFileSync(join(ROOT, readme), "utf8").split("\n");
  const out: Snippet[] = [];
  const perHeading = new Map<string, number>();
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, "");
    else if (/^```(ts|typescript)\s*$/.test(line)) {
      const start = i + 1;
      while (i + 1 < lines.length && !lines[i + 1]!.startsWith("```")) i++;
      const n = (perHeading.get(heading) ?? 0) + 1;
      perHeading.set(heading, n);
      out.push({ key: `${readme} › ${heading} #${n}`, line: start, code: `${lines.slice(start, i + 1).join("\n")}\n` });
      i++;
    } else if (line.startsWith("```")) {
      while (i + 1 < lines.length && !lines[i + 1]!.startsWith("```")) i++;
      i++;
    }
  }
  return out;
}

const SNIPPETS = [...extract("README.md"), ...extract("examples/backend/README.md")];

describe("README TypeScript snippets, against the packed package", () => {
  let root: string;
  let app: string;
  let anvil: Anvil;
  let callDemo: string;
  let checked: RunResult;
  const files = new Map<string, string>();

  before(async () => {
    root = mkdtempSync(join(tmpdir(), "abibind-readme-"));
    const tgz = await packTarball(root);
    app = join(root, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "readme-app", private: true, type: "module" }));
    const version = (pkg: string): string => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
    const installed = await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", tgz, ...["ethers", "hardhat", "@types/node"].map((p) => `${p}@${version(p)}`)], { cwd: app, env: PROJECT_ENV, timeoutMs: 300_000 });
    assert.equal(installed.code, 0, installed.stderr);
    const gen = await run("npx", ["abibind", "codegen", join(ROOT, "abi"), "--out", "generated"], { cwd: app, env: PROJECT_ENV });
    assert.equal(gen.code, 0, gen.stderr);
    for (const s of SNIPPETS) {
      const setup = SETUPS[s.key];
      const file = setup?.file ?? `snippet-${files.size + 1}.ts`;
      files.set(s.key, file);
      writeFileSync(join(app, file), `${setup?.prelude ?? ""}${s.code}`);
    }
    const config = {
      compilerOptions: {
        target: "es2023",
        lib: ["es2023"],
        module: "nodenext",
        moduleResolution: "nodenext",
        moduleDetection: "force", // each snippet is its own module, as in its own file
        types: ["node"],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: [...files.values()],
    };
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify(config, null, 2));
    checked = await run(NODE, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: app, env: PROJECT_ENV, timeoutMs: 120_000 });
    anvil = await startAnvil();
    const [from] = (await rpc(anvil.http, "eth_accounts")) as string[];
    const bin = readFileSync(join(ROOT, "abi/CallDemo.bin"), "utf8").trim();
    const hash = (await rpc(anvil.http, "eth_sendTransaction", [{ from, data: `0x${bin}` }])) as string;
    callDemo = ((await rpc(anvil.http, "eth_getTransactionReceipt", [hash])) as { contractAddress: string }).contractAddress;
  });

  after(async () => {
    await anvil?.stop();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it("the READMEs have TypeScript snippets, and every setup above names one of them", () => {
    assert.ok(SNIPPETS.length >= 2, `found ${SNIPPETS.length}`);
    const keys = new Set(SNIPPETS.map((s) => s.key));
    assert.deepEqual(Object.keys(SETUPS).filter((k) => !keys.has(k)), [], "a setup for a snippet that no longer exists (heading renamed?)");
  });

  for (const s of SNIPPETS) {
    it(`${s.key} (line ${s.line}) compiles under tsc --strict, module nodenext`, () => {
      const file = files.get(s.key)!;
      const errors = (checked.stdout + checked.stderr).split("\n").filter((l) => l.startsWith(`${file}(`));
      assert.deepEqual(errors, [], `${s.key}: a free variable needs a prelude in SETUPS, or the README snippet is wrong`);
    });

    const runnable = SETUPS[s.key]?.run;
    if (runnable !== undefined) {
      for (const transport of ["http", "ipc"] as const) {
        it(`${s.key} runs against anvil over ${transport.toUpperCase()}`, async () => {
          const endpoint = transport === "http" ? anvil.http : anvil.ipc;
          const r = await run(NODE, [files.get(s.key)!], { cwd: app, env: { ...PROJECT_ENV, ...runnable.env(endpoint, callDemo) }, timeoutMs: 30_000 });
          assert.equal(r.stderr, "");
          assert.equal(r.code, 0);
          assert.equal(r.stdout, runnable.stdout);
        });
      }
    }
  }

  it("tsc found nothing outside the snippets either", () => {
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });
});
