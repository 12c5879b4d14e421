// What is on disk in an output directory: the generated files there (recognised by their banner),
// the in-memory comparison behind --check, and removal of directories a prune left empty.
import { BANNER_LINE } from "./generate.ts";

// Builtins through getBuiltinModule, as in readInputs.ts (start-up cost of ESM builtin facades).
const { readFileSync, readdirSync, rmdirSync } = process.getBuiltinModule("node:fs");
const { dirname, join, relative, sep } = process.getBuiltinModule("node:path");

export interface OutputDiff {
  readonly stale: string[];
  readonly missing: string[];
  readonly extra: string[];
}

/**
 * Generated files currently in `dir` (relative paths with `/`), recognised by their banner. Only
 * our own layout is looked at (the directory itself and `factories/`): a nested directory may be
 * another run's output, which is not ours to compare or remove.
 */
export function existingGenerated(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (d === dir && e.name === "factories") walk(full);
      } else if (/\.(d\.ts|js|ts)$/.test(e.name)) {
        const text = readFileSync(full, "utf8");
        if (text.startsWith(BANNER_LINE)) out.set(relative(dir, full).split(sep).join("/"), text);
      }
    }
  };
  walk(dir);
  return out;
}

export function diffOutput(dir: string, files: ReadonlyMap<string, string>): OutputDiff {
  const present = existingGenerated(dir);
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, text] of files) {
    const cur = present.get(path);
    if (cur === undefined) {
      // A file there without our banner is user-owned: report it as missing, never overwrite silently.
      missing.push(path);
    } else if (cur !== text) stale.push(path);
  }
  const extra = [...present.keys()].filter((p) => !files.has(p)).sort();
  return { stale, missing, extra };
}

/** Drops directories left empty by removing `file` (only ever below dir). */
export function pruneEmptyDirs(dir: string, file: string): void {
  let d = dirname(file);
  while (relative(dir, d) !== "" && !relative(dir, d).startsWith("..")) {
    try {
      rmdirSync(d);
    } catch {
      break;
    }
    d = dirname(d);
  }
}
