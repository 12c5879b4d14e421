// The CLI's option tables: each verb's --help is generated from the table it parses with (every
// option, its default, its environment fallback), errors are in one style, and the CLI reaches the
// library only through the package's public entries.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type CommandSpec, helpText, parseCommand } from "../../src/cli/options.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";

const MAIN = join(ROOT, "src/cli/main.ts");
const VERBS = ["codegen", "call", "send", "deploy", "decode", "logs", "watch", "keystore"] as const;
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => run(NODE, [MAIN, ...args], { cwd: ROOT, env: { ABIBIND_RPC: "", ABIBIND_KEY_FILE: "", ...env } });

const spec = {
  name: "demo",
  usage: ["<thing>"],
  description: "A demo.",
  options: {
    rpc: { type: "string", value: "ENDPOINT", description: "where", env: "DEMO_RPC", required: true },
    key: { type: "string", value: "FILE", description: "a key", env: "DEMO_KEY", envUnless: ["from"] },
    from: { type: "string", value: "ADDRESS", description: "an account" },
    chunk: { type: "string", value: "N", description: "chunk size", default: "2000" },
    abi: { type: "string", multiple: true, value: "FILE", description: "ABIs" },
    json: { type: "boolean", description: "JSON out" },
  },
} as const satisfies CommandSpec;

describe("option tables", () => {
  it("parse values, defaults, repeats, negative numbers and -- as the table says", () => {
    const p = parseCommand(spec, ["x", "--rpc", "http://a", "-5", "--abi", "a", "--abi=b", "--json", "--", "--not-an-option"]);
    assert.deepEqual(p.positionals, ["x", "-5", "--not-an-option"]);
    assert.deepEqual({ ...p.values }, { rpc: "http://a", chunk: "2000", abi: ["a", "b"], json: true });
    assert.equal(p.help, false);
  });

  it("fall back to the environment (an empty variable is unset), unless a named option is given", () => {
    const saved = { ...process.env };
    try {
      process.env.DEMO_RPC = "ws://env";
      process.env.DEMO_KEY = "/k";
      assert.equal(parseCommand(spec, []).values.rpc, "ws://env");
      assert.equal(parseCommand(spec, []).values.key, "/k");
      assert.equal(parseCommand(spec, ["--from", "0x1"]).values.key, undefined);
      process.env.DEMO_RPC = "";
      assert.throws(() => parseCommand(spec, []), { code: "USAGE", message: "missing --rpc ENDPOINT (or set DEMO_RPC)" });
      assert.equal(parseCommand(spec, ["--help"]).help, true, "--help needs no required option");
    } finally {
      process.env = saved;
    }
  });

  it("word their errors the project's way, pointing at --help", () => {
    const cases: [string[], string][] = [
      [["--bogus"], "unknown option --bogus (see abibind demo --help)"],
      [["-x"], "unknown option -x (see abibind demo --help)"],
      [["--rpc"], "option --rpc needs a value (see abibind demo --help)"],
      [["--rpc", "--json"], "option --rpc needs a value (see abibind demo --help)"],
      [["--rpc", "u", "--json=yes"], "option --json takes no value (see abibind demo --help)"],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseCommand(spec, argv), { code: "USAGE", message }, argv.join(" "));
  });

  it("print every option with its default and environment fallback", () => {
    const h = helpText(spec);
    assert.match(h, /^Usage: abibind demo <thing>\n\nA demo\.\n\nOptions:\n/);
    assert.match(h, /--rpc ENDPOINT +where \(required; env: \$DEMO_RPC\)\n/);
    assert.match(h, /--chunk N +chunk size \(default: 2000\)\n/);
    assert.match(h, /--abi FILE +ABIs \(repeatable\)\n/);
    assert.match(h, /-h, --help +show this help$/);
  });

  for (const verb of VERBS) {
    it(`abibind ${verb} --help is its table: every option, default and environment variable`, async () => {
      const mod = (await import(`../../src/cli/${verb}.ts`)) as { spec: CommandSpec };
      const r = await cli([verb, "--help"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${helpText(mod.spec)}\n`);
      for (const [name, o] of Object.entries(mod.spec.options)) {
        assert.ok(r.stdout.includes(`--${name}`), `${verb} --help lacks --${name}`);
        if (o.default !== undefined) assert.ok(r.stdout.includes(o.default), `${verb} --help lacks the default of --${name}`);
        if (o.env !== undefined) assert.ok(r.stdout.includes(`$${o.env}`), `${verb} --help lacks $${o.env}`);
      }
    });
  }

  it("unknown options and missing values: one line naming the command, exit 2", async () => {
    for (const verb of VERBS) {
      const bogus = await cli([verb, "--bogus"]);
      assert.equal(bogus.stderr, `abibind ${verb}: unknown option --bogus (see abibind ${verb} --help)\n`);
      assert.equal(bogus.code, 2);
      assert.equal(bogus.stdout, "");
    }
    const missing = await cli(["logs", "0x0000000000000000000000000000000000000001", "--rpc"]);
    assert.equal(missing.stderr, "abibind logs: option --rpc needs a value (see abibind logs --help)\n");
    assert.equal(missing.code, 2);
  });
});

describe("the CLI's boundary", () => {
  it("src/cli reaches the library only through the package's public entries", () => {
    const published = new Set(Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> }).exports).map((k) => (k === "." ? "abibind" : `abibind/${k.slice(2)}`)));
    for (const f of readdirSync(join(ROOT, "src/cli"))) {
      const text = readFileSync(join(ROOT, "src/cli", f), "utf8");
      for (const m of text.matchAll(/\bfrom\s+"([^"]+)";|\bimport\(\s*"([^"]+)"\s*\)/g)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith("./") && !spec.includes("/", 2)) continue; // the CLI's own modules
        if (spec.startsWith("node:") || spec === "ethers") continue;
        assert.ok(published.has(spec), `src/cli/${f} imports ${spec}, which package.json does not publish`);
      }
    }
  });

  it("a no-op `abibind codegen` loads neither ethers nor the runtime nor the generator", async () => {
    const work = mkdtempSync(join(tmpdir(), "abibind-noop-"));
    try {
      mkdirSync(join(work, "abi"));
      copyFileSync(join(ROOT, "abi/CallDemo.abi"), join(work, "abi/CallDemo.abi"));
      const first = await run(NODE, [join(ROOT, "bin/abibind.cjs"), "codegen", "abi", "--out", "out"], { cwd: work });
      assert.equal(first.code, 0, first.stderr);
      // Records every module loaded after it, and prints the list when the process exits.
      const tracer = `data:text/javascript,${encodeURIComponent(`
        import { registerHooks } from "node:module";
        const seen = [];
        registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
        process.on("exit", () => process.stderr.write(seen.join("\\n") + "\\n"));`)}`;
      const r = await run(NODE, ["--import", tracer, join(ROOT, "bin/abibind.cjs"), "codegen", "abi", "--out", "out"], { cwd: work });
      assert.equal(r.code, 0, r.stderr);
      const loaded = r.stderr.split("\n").filter((l) => l.startsWith("file:"));
      assert.ok(loaded.some((u) => u.endsWith("/src/codegen/index.ts")), "the trace saw abibind/codegen load");
      for (const bad of ["/node_modules/ethers/", "/src/index.ts", "/src/runtime.ts", "/src/codegen/runCodegen.ts", "/src/codegen/generate.ts"]) {
        assert.ok(!loaded.some((u) => u.includes(bad)), `a no-op run loaded ${bad}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
