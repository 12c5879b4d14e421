// The abibind command: a thin dispatcher. Each verb's module is imported only when used,
// so `abibind codegen` on a warm cache never loads ethers.

// getBuiltinModule, not `import … from "node:fs"`: an ESM import of a builtin builds a facade
// that touches every export, loading fs streams (~10 ms) before any work is known.
const { readFileSync } = process.getBuiltinModule("node:fs");

// The CLI reaches the library only by its package name ("abibind", "abibind/codegen"). Run from
// this source checkout (a .ts file), that name must mean the sources, never a stale dist/: the
// project-only export condition does it, added here so `node src/cli/main.ts` and the bin launcher
// need no flag. Every verb is imported after this line, which is why none is imported statically.
if (import.meta.url.endsWith(".ts")) {
  process.getBuiltinModule("node:module").registerHooks({
    resolve: (specifier, context, next) => next(specifier, specifier === "abibind" || specifier.startsWith("abibind/") ? { ...context, conditions: [...context.conditions, "abibind-source"] } : context),
  });
}

interface Verb {
  run(argv: string[]): Promise<number>;
  /** The command named in its error lines, when it is more than the verb ("keystore new"). */
  commandName?(argv: readonly string[]): string;
}

const VERBS: Record<string, () => Promise<Verb>> = {
  codegen: () => import("./codegen.ts"),
  keystore: () => import("./keystore.ts"),
  logs: () => import("./logs.ts"),
  watch: () => import("./watch.ts"),
  call: () => import("./call.ts"),
  send: () => import("./send.ts"),
  deploy: () => import("./deploy.ts"),
  decode: () => import("./decode.ts"),
};

const SUMMARY: Record<string, string> = {
  codegen: "generate typed bindings from ABI files and artifacts (abigen for TypeScript)",
  call: "call a function without a transaction and print the result",
  send: "send a transaction (simulated first), wait for it and check its status",
  deploy: "deploy a contract from an artifact or an .abi with its .bin",
  logs: "print a contract's event logs over a block range (chunked, resumable)",
  watch: "stream new event logs; survives node restarts, reorg-aware",
  decode: "decode calldata, revert data or an event log",
  keystore: "create, import and list geth keystore v3 files",
};

const HELP = `abibind: typed ethers v6 bindings from ABIs, and a runtime for calling contracts

Usage: abibind <command> [options]

Commands:
${Object.keys(VERBS)
  .map((v) => `  ${v.padEnd(10)} ${SUMMARY[v] ?? ""}`)
  .join("\n")}

Run 'abibind <command> --help' for a command's options.`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    process.stdout.write(`${HELP}\n`);
    return verb === undefined ? 2 : 0;
  }
  if (verb === "--version" || verb === "-V") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const load = VERBS[verb];
  if (load === undefined) {
    process.stderr.write(`abibind: unknown command "${verb}" (commands: ${Object.keys(VERBS).join(", ")})\n`);
    return 2;
  }
  // --version means the same for every command.
  const end = rest.indexOf("--");
  if ((end === -1 ? rest : rest.slice(0, end)).some((a) => a === "--version" || a === "-V")) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const mod = await load();
  try {
    return await mod.run(rest);
  } catch (e) {
    const { reportAndExit } = await import("./reportError.ts");
    return reportAndExit(e, mod.commandName?.(rest) ?? verb);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (e: unknown) => (await import("./reportError.ts")).reportAndExit(e, undefined),
);
