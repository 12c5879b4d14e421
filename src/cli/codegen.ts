// abibind codegen: runCodegen (or watchCodegen) from abibind/codegen, and its report.
// On the no-op path: nothing here may load the runtime (ethers), only abibind/codegen's light entry.
import {
  type CodegenRequest,
  type CodegenResult,
  CodegenStaleError,
  type SingleInput,
  UsageError,
  codegenUpToDate,
  isMemberName,
  isTypeName,
  problemLines,
  runCodegen,
  watchCodegen,
} from "abibind/codegen";
import { type CommandSpec, helpText, parseCommand } from "./options.ts";

// Builtins through getBuiltinModule: an ESM import of node:fs builds a facade over all its exports.
const { readFileSync } = process.getBuiltinModule("node:fs");

export const spec = {
  name: "codegen",
  usage: ["[INPUT...] [--out DIR] [--layout flat|typechain] [--check] [--watch] [--force] [--strict]", "--abi FILE|- [--bin FILE] [--type NAME] --out DIR"],
  description: `Generates TypeChain-compatible ethers v6 bindings (.js + .d.ts) from ABI files and artifacts.
INPUTs are files or directories (scanned recursively): .abi JSON arrays (with an optional sibling
.bin), solc --combined-json and standard-JSON output, Hardhat 2/3 and Foundry artifacts.
With no INPUT, reads package.json "abibind": { "inputs": [...], "out": "..." } (default abi/ → generated/).`,
  options: {
    out: { type: "string", value: "DIR", description: "output directory", default: "generated" },
    check: { type: "boolean", description: "generate in memory and compare with DIR; exit 1 if anything is stale" },
    watch: { type: "boolean", description: "regenerate when inputs change" },
    force: { type: "boolean", description: "ignore the cache: re-read every input and compare every output with the disk" },
    strict: { type: "boolean", description: "an ABI item skipped with a warning (a type no ABI encoder can encode) makes its file bad" },
    layout: {
      type: "string",
      value: "flat|typechain",
      description: "flat: every contract at the top of DIR; typechain: TypeChain's paths (<dir>/<Name>.d.ts, factories/<dir>/…, barrels) from the INPUT folders",
      default: "flat",
    },
    abi: { type: "string", value: "FILE|-", description: "a single ABI (or artifact) file, or - for stdin" },
    bin: { type: "string", value: "FILE", description: "bytecode for --abi (makes the factory deployable)" },
    type: { type: "string", value: "NAME", description: "the contract type name for --abi" },
    exc: { type: "string", multiple: true, value: "A,B", description: "contract names to leave out (Name, path:Name, *:Name, path:*)" },
    alias: { type: "string", multiple: true, value: "old=new", description: "also expose function 'old' as member 'new' (or comma-separated)" },
  },
} as const satisfies CommandSpec;

interface ProjectConfig {
  inputs: string[];
  out: string | undefined;
}

function projectConfig(): ProjectConfig {
  const def = { inputs: ["abi"], out: undefined };
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

function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

export function parseCodegenArgs(argv: readonly string[]): { req: CodegenRequest; watch: boolean; help: boolean } {
  const { values: v, positionals, help, given } = parseCommand(spec, argv);
  const aliases = new Map<string, string>();
  for (const a of splitList(v.alias)) {
    const m = /^([^=]+)=([^=]+)$/.exec(a);
    if (m === null) throw new UsageError(`--alias "${a}" is not old=new`);
    const [, from, to] = m as unknown as [string, string, string];
    if (!isMemberName(to)) throw new UsageError(`--alias target "${to}" is not a usable member name`);
    aliases.set(from, to);
  }
  let single: SingleInput | undefined;
  if (v.abi !== undefined) {
    if (positionals.length > 0) throw new UsageError("--abi takes no other INPUTs");
    if (!given.has("out")) throw new UsageError("--abi needs --out DIR");
    const readInput = (path: string, what: string): string => {
      try {
        return readFileSync(path === "-" ? 0 : path, "utf8");
      } catch (e) {
        throw new UsageError(`cannot read ${what} ${path === "-" ? "from stdin" : path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      }
    };
    single = {
      label: v.abi === "-" ? "<stdin>" : v.abi,
      abiText: readInput(v.abi, "--abi"),
      ...(v.bin !== undefined ? { binText: readInput(v.bin, "--bin") } : {}),
      ...(v.type !== undefined ? { typeName: v.type } : {}),
    };
    if (v.type !== undefined && !isTypeName(v.type)) throw new UsageError(`--type "${v.type}" is not an identifier`);
  } else if (v.bin !== undefined || v.type !== undefined) {
    throw new UsageError("--bin and --type go with --abi");
  }
  if (v.layout !== "flat" && v.layout !== "typechain") throw new UsageError(`--layout "${v.layout}" is not flat or typechain`);
  if (v.layout === "typechain" && single !== undefined) throw new UsageError("--layout typechain derives paths from INPUT files: it does not apply to --abi");
  const cfg = positionals.length === 0 && single === undefined ? projectConfig() : null;
  const req: CodegenRequest = {
    inputs: cfg?.inputs ?? positionals,
    out: (given.has("out") ? v.out : cfg?.out) ?? "generated",
    check: v.check,
    force: v.force,
    strict: v.strict,
    exclude: splitList(v.exc),
    aliases,
    layout: v.layout,
    ...(single !== undefined ? { single } : {}),
  };
  return { req, watch: v.watch, help };
}

function report(req: CodegenRequest, r: CodegenResult): number {
  for (const line of problemLines([...r.warnings, ...r.problems])) process.stderr.write(`${line}\n`);
  if (r.problems.length > 0) return 1;
  // One line on success for a person at a terminal; scripts and CI see nothing.
  if (process.stdout.isTTY === true && req.check !== true) {
    process.stdout.write(
      r.cached ? `abibind codegen: ${req.out} is up to date\n` : `abibind codegen: ${r.contracts} contract(s) in ${req.out}, ${r.written.length} file(s) written, ${r.removed.length} removed\n`,
    );
  }
  return 0;
}

/** --check's answer: what differs, one line each, then the summary (exit 1). */
function reportStale(e: CodegenStaleError): number {
  for (const line of problemLines(e.problems)) process.stderr.write(`${line}\n`);
  for (const [label, paths] of [["stale", e.stale], ["missing", e.missing], ["extra", e.extra]] as const) {
    for (const p of paths) process.stderr.write(`${label}: ${e.out}/${p}\n`);
  }
  process.stderr.write(`abibind codegen --check: ${e.shortMessage}\n`);
  return 1;
}

export async function run(argv: string[]): Promise<number> {
  const { req, watch, help } = parseCodegenArgs(argv);
  if (help) {
    process.stdout.write(`${helpText(spec)}\n`);
    return 0;
  }
  if (!watch) {
    // Nothing to do is the common case: answered from the cache before the generator is loaded.
    if (codegenUpToDate(req)) {
      if (process.stdout.isTTY === true) process.stdout.write(`abibind codegen: ${req.out} is up to date\n`);
      return 0;
    }
    try {
      return report(req, await runCodegen(req));
    } catch (e) {
      if (e instanceof CodegenStaleError) return reportStale(e);
      throw e;
    }
  }
  if (req.single !== undefined) throw new UsageError("--watch needs INPUT paths, not --abi");
  await watchCodegen(req, {
    onResult(r, first) {
      report(req, r);
      if (!first && r.written.length + r.removed.length > 0) process.stderr.write(`abibind codegen: ${r.written.length} written, ${r.removed.length} removed\n`);
    },
    onError(e) {
      process.stderr.write(`abibind codegen: ${(e as Error).message}\n`);
    },
    onWatchError(input, e) {
      process.stderr.write(`${input}: cannot watch (${e.code ?? "error"})\n`);
    },
  });
  process.stderr.write(`abibind codegen: watching ${req.inputs.join(", ")}\n`);
  return new Promise<number>(() => {});
}
