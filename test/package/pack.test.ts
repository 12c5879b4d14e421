// The package as users get it: `npm pack`, installed into a separate project, imported by name
// from plain Node ESM (built JavaScript + .d.ts, since Node will not strip types in node_modules),
// and its bin started by a Node older than 22.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";

const NPM = join(ROOT, "node_modules/.bin/npm");
const npm = existsSync(NPM) ? NPM : "npm";
const OLD_NODE = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p));

describe("the packed package", () => {
  let dir: string;
  let anvil: Anvil;
  let installOutput: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "abibind-pack-"));
    const env = { PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}` };
    const packed = await run(npm, ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT, env, timeoutMs: 180_000 });
    assert.equal(packed.code, 0, packed.stderr);
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    assert.ok(tgz, "npm pack wrote no tarball");
    const project = join(dir, "app");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    const installed = await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tgz)], { cwd: project, env, timeoutMs: 180_000 });
    assert.equal(installed.code, 0, installed.stderr);
    installOutput = installed.stdout + installed.stderr;
    anvil = await startAnvil();
  });
  after(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is importable by name from plain Node ESM: connect, client.provider, close", async () => {
    const script = `import { connect } from "abibind";
      const client = await connect(${JSON.stringify(anvil.http)}, { chainId: 31337 });
      console.log(String(client.chainId), await client.provider.getBlockNumber());
      await client.close();`;
    const r = await run(NODE, ["--input-type=module", "-e", script], { cwd: join(dir, "app"), timeoutMs: 20_000 });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "31337 0\n");
  });

  it("generates bindings in the user's project that load under plain node and bind through the installed runtime", async () => {
    const app = join(dir, "app");
    const gen = await run(NODE, [join(app, "node_modules/.bin/abibind"), "codegen", join(ROOT, "abi"), "--out", join(app, "gen")], { cwd: app, timeoutMs: 30_000 });
    assert.equal(gen.code, 0, gen.stderr);
    const script = `import { connect } from "abibind";
      import { Wallet } from "ethers";
      import { CallDemo__factory } from "./gen/index.js";
      const client = await connect(${JSON.stringify(anvil.http)});
      const demo = await new CallDemo__factory(new Wallet(${JSON.stringify(ANVIL_KEY_0)}, client.provider)).deploy();
      await demo.waitForDeployment();
      const bound = CallDemo__factory.connect(await demo.getAddress(), client.provider);
      await (await demo.setYear(2021n)).wait();
      const logs = await bound.logs.YearChanged({ fromBlock: 0 });
      console.log(String(await bound.year()), logs.length, String(logs[0].args.previous));
      await client.close();`;
    const r = await run(NODE, ["--input-type=module", "-e", script], { cwd: app, timeoutMs: 30_000 });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "2021 1 2020\n");
  });

  it("installs quietly: no install-scripts warning, and a manifest without development hooks", () => {
    assert.doesNotMatch(installOutput, /install-scripts|postinstall|prepare/i);
    const manifest = JSON.parse(readFileSync(join(dir, "app/node_modules/abibind/package.json"), "utf8")) as Record<string, unknown>;
    assert.equal(manifest.scripts, undefined);
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.allowScripts, undefined);
    assert.doesNotMatch(JSON.stringify(manifest.exports), /abibind-source|\.\/src\//);
    assert.ok(!existsSync(join(dir, "app/node_modules/pg")), "pg is an optional peer: not installed for a user who did not ask");
  });

  it("loads neither node:sqlite nor pg for import { connect } from \"abibind\"", async () => {
    const script = `import { connect, SqliteStore } from "abibind";
      console.log(typeof connect, process.moduleLoadList.some((m) => m.includes("sqlite")));
      const s = new SqliteStore(":memory:");
      console.log(process.moduleLoadList.some((m) => m.includes("sqlite")));
      await s.close();`;
    const r = await run(NODE, ["--input-type=module", "-e", script], { cwd: join(dir, "app"), timeoutMs: 20_000 });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "function false\ntrue\n", "node:sqlite is loaded when a SqliteStore is opened, not before");
  });

  it("names the package to install when a PostgreSQL store is opened without pg", async () => {
    const script = `import { PostgresStore } from "abibind";
      try { await PostgresStore.open("postgres://user:secret@127.0.0.1:1/db"); } catch (e) { console.log(e.code, e.message); }`;
    const r = await run(NODE, ["--input-type=module", "-e", script], { cwd: join(dir, "app"), timeoutMs: 20_000 });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "MISSING_DEPENDENCY PostgresStore needs the package pg, an optional peer dependency of abibind: npm install pg\n");
  });

  it("ships the TypeChain target as a CommonJS module TypeChain can require", async () => {
    const script = `const target = require.resolve("abibind/typechain");
      const T = require(target).default;
      console.log(target.endsWith("dist/typechain/abibindTarget.cjs"), typeof T, new T({ cwd: ".", allFiles: [], filesToProcess: [] }).name);`;
    const r = await run(NODE, ["-e", script], { cwd: join(dir, "app"), timeoutMs: 20_000 });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "true function abibind\n");
  });

  it("ships declaration files for its entry point", () => {
    assert.ok(existsSync(join(dir, "app/node_modules/abibind/dist/index.d.ts")));
    assert.ok(!existsSync(join(dir, "app/node_modules/abibind/src")), "TypeScript sources are not shipped");
  });

  it("runs its bin on Node 24", async () => {
    const r = await run(NODE, [join(dir, "app/node_modules/.bin/abibind"), "--version"], { cwd: join(dir, "app") });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  if (OLD_NODE !== undefined) {
    it("says in one line which Node it needs when started by an old Node with no newer one around", async () => {
      const r = await run(OLD_NODE, [join(dir, "app/node_modules/.bin/abibind"), "--version"], { cwd: join(dir, "app") });
      const v = (await run(OLD_NODE, ["--version"])).stdout.trim();
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `abibind: needs Node.js >= 22.18 (this is ${v}); install it, or add the npm package node@24 to the project\n`);
    });

    it("says in one line which Node it needs when imported by an old Node", async () => {
      const v = (await run(OLD_NODE, ["--version"])).stdout.trim();
      for (const entry of ["abibind", "abibind/runtime"]) {
        const r = await run(OLD_NODE, ["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`], { cwd: join(dir, "app") });
        assert.equal(r.code, 1, entry);
        assert.equal(r.stderr, `abibind: needs Node.js >= 22.18 (this is ${v})\n`, entry);
      }
    });

    it("re-executes itself with the project's Node 24 when the node on PATH is older (node_modules/.bin/abibind of this checkout)", async () => {
      const r = await run(OLD_NODE, [join(ROOT, "node_modules/.bin/abibind"), "codegen", "--check"], { cwd: ROOT });
      assert.equal(r.code, 0, r.stderr);
      const v = await run(OLD_NODE, [join(ROOT, "node_modules/.bin/abibind"), "--version"], { cwd: ROOT });
      assert.equal(v.code, 0, v.stderr);
      assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    });

    it("re-executes bin/abibind.cjs too", async () => {
      const r = await run(OLD_NODE, [join(ROOT, "bin/abibind.cjs"), "--version"], { cwd: ROOT });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    });
  }
});
