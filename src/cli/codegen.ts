// abibind codegen [INPUT...] [--out DIR] [--check] [--watch]
//   single mode (abigen): --abi FILE|- [--bin FILE] [--type NAME] --out DIR; --exc A,B; --alias old=new
import { UsageError } from "../errors/AbibindError.ts";
import { isIdentifier } from "../codegen/abiModel.ts";
import { CONTRACT_MEMBERS } from "../codegen/names.ts";
import type { CodegenRequest, CodegenResult, SingleInput } from "../codegen/runCodegen.ts";

// Builtins through getBuiltinModule: see main.ts (this is on the no-op path).
const { readFileSync, watch } = process.getBuiltinModule("node:fs");
const { parseArgs } = process.getBuiltinModule("node:util");

const HELP = `Usage: abibind codegen [INPUT...] [--out DIR] [--check] [--watch]
       abibind codegen --abi FILE|- [--bin FILE] [--type NAME] --out DIR

Generates TypeChain-compatible ethers v6 bindings (.js + .d.ts) from ABI files and artifacts.
INPUTs are files or directories (scanned recursively): .abi JSON arrays (with an optional sibling
.bin), solc --combined-json and standard-JSON output, Hardhat 2/3 and Foundry artifacts.
With no INPUT, reads package.json "abibind": { "inputs": [...], "out": "..." } (default abi/ → generated/).

Options:
  --out DIR          output directory (default: generated)
  --check            generate in memory and compare with DIR; exit 1 if anything is stale
  --watch            regenerate when inputs change
  --abi FILE|-       a single ABI (or artifact) file, or - for stdin
  --bin FILE         bytecode for --abi (makes the factory deployable)
  --type NAME        the contract type name for --abi
  --exc A,B          contract names to leave out
  --alias old=new    also expose function 'old' as member 'new' (repeatable or comma-separated)
  -h, --help         show this help`;

interface ProjectConfig {
  inputs: string[];
  out: string;
}

function projectConfig(): ProjectConfig {
  const def = { inputs: ["abi"], out: "generated" };
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync("package.json", "utf8"));
  } catch {
    return def;
  }
  const cfg = (pkg as { abibind?: { inputs?: unknown; out?: unknown } }).abibind;
  return {
    inputs: Array.isArray(cfg?.inputs) && cfg.inputs.every((i) => typeof i === "string") ? cfg.inputs : def.inputs,
    out: typeof cfg?.out === "string" ? cfg.out : def.out,
  };
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

export function parseCodegenArgs(argv: string[]): { req: CodegenRequest; watch: boolean; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        check: { type: "boolean" },
        watch: { type: "boolean" },
        abi: { type: "string" },
        bin: { type: "string" },
        type: { type: "string" },
        exc: { type: "string", multiple: true },
        alias: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError(`codegen: ${(e as Error).message.split("\n")[0]}`);
  }
  const v = parsed.values;
  const aliases = new Map<string, string>();
  for (const a of splitList(v.alias)) {
    const m = /^([^=]+)=([^=]+)$/.exec(a);
    if (m === null) throw new UsageError(`codegen: --alias "${a}" is not old=new`);
    const [, from, to] = m as unknown as [string, string, string];
    if (!isIdentifier(to) || CONTRACT_MEMBERS.has(to)) throw new UsageError(`codegen: --alias target "${to}" is not a usable member name`);
    aliases.set(from, to);
  }
  let single: SingleInput | undefined;
  if (v.abi !== undefined) {
    if (parsed.positionals.length > 0) throw new UsageError("codegen: --abi takes no other INPUTs");
    if (v.out === undefined) throw new UsageError("codegen: --abi needs --out DIR");
    const readInput = (path: string, what: string): string => {
      try {
        return readFileSync(path === "-" ? 0 : path, "utf8");
      } catch (e) {
        throw new UsageError(`codegen: cannot read ${what} ${path === "-" ? "from stdin" : path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      }
    };
    single = {
      label: v.abi === "-" ? "<stdin>" : v.abi,
      abiText: readInput(v.abi, "--abi"),
      ...(v.bin !== undefined ? { binText: readInput(v.bin, "--bin") } : {}),
      ...(v.type !== undefined ? { typeName: v.type } : {}),
    };
    if (v.type !== undefined && !isIdentifier(v.type)) throw new UsageError(`codegen: --type "${v.type}" is not an identifier`);
  } else if (v.bin !== undefined || v.type !== undefined) {
    throw new UsageError("codegen: --bin and --type go with --abi");
  }
  const cfg = parsed.positionals.length === 0 && single === undefined ? projectConfig() : null;
  const req: CodegenRequest = {
    inputs: cfg?.inputs ?? parsed.positionals,
    out: v.out ?? cfg?.out ?? "generated",
    check: v.check === true,
    exclude: splitList(v.exc),
    aliases,
    ...(single !== undefined ? { single } : {}),
  };
  return { req, watch: v.watch === true, help: v.help === true };
}

function report(req: CodegenRequest, r: CodegenResult): number {
  for (const p of r.problems) process.stderr.write(`${p.file}: ${p.reason}\n`);
  if (r.diff !== undefined) {
    const lines = [
      ...r.diff.stale.map((p) => `stale: ${req.out}/${p}`),
      ...r.diff.missing.map((p) => `missing: ${req.out}/${p}`),
      ...r.diff.extra.map((p) => `extra: ${req.out}/${p}`),
    ];
    for (const l of lines) process.stderr.write(`${l}\n`);
    if (lines.length > 0) {
      process.stderr.write(`abibind codegen --check: ${lines.length} file(s) out of date in ${req.out}; run abibind codegen\n`);
      return 1;
    }
  }
  return r.problems.length > 0 ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  const { req, watch: watching, help } = parseCodegenArgs(argv);
  if (help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Nothing to do is the common case: answer it from the cache before loading the generator.
  if (req.single === undefined && req.check !== true) {
    const { optionsKey, upToDate } = await import("../codegen/codegenCache.ts");
    if (upToDate(req.inputs, req.out, optionsKey(req.exclude, req.aliases)) && !watching) return 0;
  }
  const { runCodegen } = await import("../codegen/runCodegen.ts");
  const code = report(req, await runCodegen(req));
  if (!watching) return code;
  if (req.single !== undefined) throw new UsageError("codegen: --watch needs INPUT paths, not --abi");
  let timer: NodeJS.Timeout | undefined;
  const again = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void once(), 100);
  };
  // One run at a time: a change during a run schedules another after it.
  let running: Promise<void> | null = null;
  const once = async (): Promise<void> => {
    if (running !== null) {
      await running;
      return again();
    }
    running = (async () => {
      try {
        const r = await runCodegen(req);
        report(req, r);
        if (r.written.length + r.removed.length > 0) process.stderr.write(`abibind codegen: ${r.written.length} written, ${r.removed.length} removed\n`);
      } catch (e) {
        process.stderr.write(`abibind codegen: ${(e as Error).message}\n`);
      }
    })();
    await running;
    running = null;
  };
  for (const input of req.inputs) {
    try {
      // Only input-like names count: the output (and its cache dotfiles) may sit inside an input.
      watch(input, { recursive: true }, (_event, name) => {
        const base = name === null ? null : String(name).split(/[\\/]/).pop()!;
        if (base === null || (!base.startsWith(".") && /\.(abi|json|bin)$/.test(base))) again();
      });
    } catch (e) {
      process.stderr.write(`${input}: cannot watch (${(e as NodeJS.ErrnoException).code ?? "error"})\n`);
    }
  }
  // fs.watch can miss events (a recursive watch on Linux is set up directory by directory, and
  // some file systems send none): a stat fingerprint of the inputs, checked every second, catches
  // whatever it missed.
  const { listInputFiles } = await import("../codegen/listInputs.ts");
  const { statSync } = process.getBuiltinModule("node:fs");
  const fingerprint = (): string =>
    listInputFiles(req.inputs)
      .files.flatMap((f) => [f, f.replace(/\.(abi|json)$/, ".bin")])
      .map((f) => {
        try {
          const st = statSync(f);
          return `${f}:${st.size}:${st.mtimeMs}`;
        } catch {
          return "";
        }
      })
      .join("|");
  let last = fingerprint();
  setInterval(() => {
    const now = fingerprint();
    if (now !== last) {
      last = now;
      again();
    }
  }, 1000);
  process.stderr.write(`abibind codegen: watching ${req.inputs.join(", ")}\n`);
  return new Promise<number>(() => {});
}
