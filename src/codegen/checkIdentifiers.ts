// The net under every naming rule: each identifier a generated file declares, imports or exports
// is checked against the identifier grammar before anything is written, so a case the rules miss
// fails loudly, naming the input, instead of writing a binding that cannot load.
import { AbiFormatError } from "../errors/codegenErrors.ts";
import { isDeclarable } from "./names.ts";

// In code with strings and comments blanked: `class X`, `interface X`, `namespace X`, `type X`, …
const DECLARATION = /\b(?:class|interface|namespace|type|const|let|var|function|enum)\s+([^\s<>=(){};:,[\]*]+)/g;
// `import { A, B as C }`, `export type { A }`.
const BINDING_LIST = /\b(?:import|export)(?:\s+type)?\s*\{([^}]*)\}/g;

/** Throws AbiFormatError naming the first identifier in `files` that TypeScript would reject. */
export function checkIdentifiers(files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const code = blankStringsAndComments(text);
    const bad = (name: string): void => {
      if (!isDeclarable(name)) throw new AbiFormatError(`refusing to write ${path}: ${JSON.stringify(name)} is not a valid identifier`);
    };
    for (const m of code.matchAll(DECLARATION)) bad(m[1]!);
    for (const m of code.matchAll(BINDING_LIST)) {
      for (const part of m[1]!.split(",")) {
        const names = part.trim();
        if (names !== "") for (const n of names.split(/\s+as\s+/)) bad(n.trim());
      }
    }
  }
}

// String literals (their content) and comments, in one linear pass of the regex engine (a
// character loop in JavaScript cost a third of generation on a large run).
const STRINGS_AND_COMMENTS = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;

/** The text with every string literal and comment replaced by an empty string literal (a plain string replacement is the fast path). */
function blankStringsAndComments(text: string): string {
  return text.replace(STRINGS_AND_COMMENTS, '""');
}
