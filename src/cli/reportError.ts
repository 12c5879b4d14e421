// How the CLI ends on an error: one line on stderr, `abibind <command>: <message>`, no stack for
// anything the user can fix; exit 2 for a usage error, else 1.
// The error classes come through abibind/codegen, the entry that loads no runtime: a failing
// `abibind codegen` must not load ethers just to print its line.
import { isAbibindError } from "abibind/codegen";

export function errorLine(e: unknown): string {
  if (isAbibindError(e)) return e.shortMessage.split("\n")[0]!;
  if (e instanceof Error) return `internal error: ${e.message.split("\n")[0]}`;
  return `internal error: ${String(e)}`;
}

export function reportAndExit(e: unknown, command: string | undefined): never {
  process.stderr.write(`abibind${command === undefined ? "" : ` ${command}`}: ${errorLine(e)}\n`);
  if (!isAbibindError(e) && process.env.ABIBIND_DEBUG === "1" && e instanceof Error) {
    process.stderr.write(`${e.stack}\n`);
  }
  process.exit(isAbibindError(e, "USAGE") ? 2 : 1);
}
