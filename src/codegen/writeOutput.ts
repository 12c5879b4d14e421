// Puts generated files on disk: atomic writes of what changed, removal of stale files that carry
// our banner (never anything else), and the in-memory comparison behind --check.
import { BANNER_LINE } from "./generate.ts";

// Builtins through getBuiltinModule, as in readInputs.ts (start-up cost of ESM builtin facades).
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } = process.getBuiltinModule("node:fs");
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

/** Atomically writes one file: a temp file in the same directory, then rename. */
export function writeFileAtomic(path: string, text: string, mode?: number): void {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const options = mode === undefined ? undefined : { mode };
  try {
    try {
      writeFileSync(tmp, text, options);
    } catch (e) {
      // Creating the directory only when missing saves a syscall per file on the common path.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(tmp, text, options);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Brings `dir` in line with `files`; returns what it changed. */
export function writeOutput(dir: string, files: ReadonlyMap<string, string>): { written: string[]; removed: string[] } {
  const diff = diffOutput(dir, files);
  const written = [...diff.missing, ...diff.stale].sort();
  for (const p of written) writeFileAtomic(join(dir, p), files.get(p)!);
  for (const p of diff.extra) {
    rmSync(join(dir, p), { force: true });
    pruneEmptyDirs(dir, join(dir, p));
  }
  return { written, removed: diff.extra };
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
