// Passwords: from a file the user names (its first line, like geth's --password), or typed at a
// terminal without echo. Never from an environment variable, never printed.
import { readFileSync } from "node:fs";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { KeyFileError } from "../errors/commonErrors.ts";

/** The first line of `path`, without its line ending (geth's --password convention). */
export function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new KeyFileError(`cannot read password file ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return text.split("\n")[0]!.replace(/\r$/, "");
}

/** True when a password can be prompted for (stdin is a terminal; the prompt goes to stderr). */
export function canPrompt(): boolean {
  return process.stdin.isTTY === true;
}

/**
 * Prompts on stderr and reads a line from the terminal with echo off. Throws USAGE with
 * `whenNoTty` (one line) if stdin is not a terminal.
 */
export async function promptPassword(prompt: string, whenNoTty: string): Promise<string> {
  if (!canPrompt()) throw new UsageError(whenNoTty);
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let typed = "";
    const done = (err: AbibindError | null): void => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (err === null) resolve(typed);
      else reject(err);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003") return done(new UsageError("password prompt interrupted"));
        if (ch === "\u0004") return typed === "" ? done(new UsageError("password prompt interrupted")) : done(null);
        if (ch === "\u007f" || ch === "\b") typed = [...typed].slice(0, -1).join("");
        else if (ch >= " ") typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}
