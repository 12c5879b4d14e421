// abigen's --exc: which contracts to leave out. A pattern is `Name`, `path:Name`, `*:Name` or
// `path:*`, where path is the contract's Solidity source unit (`contracts/Token.sol`) or, for
// formats that record none (a bare .abi), the input file (`abi/Token.abi`, relative or absolute).
import type { NameSource } from "./names.ts";

const { resolve } = process.getBuiltinModule("node:path");

export interface ExcludeMatcher {
  matches(s: NameSource): boolean;
  /** The patterns no contract matched so far (a typo, or a contract that is gone). */
  unused(): string[];
}

interface Pattern {
  readonly text: string;
  readonly path: string | null;
  readonly name: string;
}

function parse(text: string): Pattern {
  const i = text.lastIndexOf(":");
  return i === -1 ? { text, path: null, name: text } : { text, path: text.slice(0, i), name: text.slice(i + 1) };
}

export function excludeMatcher(patterns: readonly string[] | undefined): ExcludeMatcher {
  const list = (patterns ?? []).filter((p) => p !== "").map(parse);
  const used = new Set<string>();
  return {
    matches(s) {
      let hit = false;
      for (const p of list) {
        const nameOk = p.name === "*" || p.name === s.name;
        // A file path may be written relative to the working directory or absolute.
        const pathOk = p.path === null || p.path === "*" || p.path === s.sourceUnit || resolve(p.path) === resolve(s.file);
        if (nameOk && pathOk) {
          used.add(p.text);
          hit = true;
        }
      }
      return hit;
    },
    unused: () => list.filter((p) => !used.has(p.text)).map((p) => p.text),
  };
}
