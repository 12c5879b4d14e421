// How the CLI ends on an error: one line on stderr, `abibind <command>: <message>`, no stack for
// anything the user can fix; exit 2 for a usage error, else 1.
// The error classes come through abibind/codegen, the entry that loads no runtime: a failing
// `abibind codegen` must not load ethers just to print its line.
import { isAbibindError } from "abibind/codegen";

// Masks a verb registers once it knows its endpoint (redactIn from abibind): applied to the error
// line at print time, so errors keep their class and code while their text never shows secrets.
const masks: ((line: string) => string)[] = [];

export function maskInErrors(mask: (line: string) => string): void {
  masks.push(mask);
}

export function errorLine(e: unknown): string {
  let line: string;
  if (isAbibindError(e)) line = e.shortMessage.split("\n")[0]!;
  else if (e instanceof Error) line = `internal error: ${e.message.split("\n")[0]}`;
  else line = `internal error: ${String(e)}`;
  for (const mask of masks) line = mask(line);
  return line;
}

export function reportAndExit(e: unknown, command: string | undefined): never {
  process.stderr.write(`abibind${command === undefined ? "" : ` ${command}`}: ${errorLine(e)}\n`);
  if (!isAbibindError(e) && process.env.ABIBIND_DEBUG === "1" && e instanceof Error) {
    process.stderr.write(`${e.stack}\n`);
  }
  process.exit(isAbibindError(e, "USAGE") ? 2 : 1);
}
