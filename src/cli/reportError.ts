// How the CLI ends on an error: one line on stderr, no stack for anything the user can fix.
import { AbibindError } from "../errors/AbibindError.ts";

export function errorLine(e: unknown): string {
  if (e instanceof AbibindError) return e.shortMessage.split("\n")[0]!;
  if (e instanceof Error) return `internal error: ${e.message.split("\n")[0]}`;
  return `internal error: ${String(e)}`;
}

export function reportAndExit(e: unknown): never {
  process.stderr.write(`abibind: ${errorLine(e)}\n`);
  if (!(e instanceof AbibindError) && process.env.ABIBIND_DEBUG === "1" && e instanceof Error) {
    process.stderr.write(`${e.stack}\n`);
  }
  process.exit(e instanceof AbibindError && e.code === "USAGE" ? 2 : 1);
}
