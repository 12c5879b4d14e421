// The abibind command: a thin dispatcher. Each verb's module is imported only when used,
// so `abibind codegen` on a warm cache never loads ethers.
import { readFileSync } from "node:fs";
import { reportAndExit } from "./reportError.ts";

const VERBS: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  codegen: () => import("./codegen.ts"),
  keystore: () => import("./keystore.ts"),
  logs: () => import("./logs.ts"),
  watch: () => import("./watch.ts"),
  call: () => import("./call.ts"),
  send: () => import("./send.ts"),
  deploy: () => import("./deploy.ts"),
  decode: () => import("./decode.ts"),
};

const HELP = `abibind: typed ethers v6 bindings from ABIs, and a runtime for calling contracts

Usage: abibind <command> [options]

Commands:
  codegen    generate bindings from ABI files and artifacts (abigen for TypeScript)
${Object.keys(VERBS)
  .filter((v) => v !== "codegen")
  .map((v) => `  ${v}`)
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
  const mod = await load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => reportAndExit(e),
);
