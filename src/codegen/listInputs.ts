// Finding input files, apart from reading them: the no-op fast path needs the listing without
// loading the parsers and emitters.
// Builtins through getBuiltinModule, as in codegenCache.ts (no-op path).
const { readdirSync, statSync } = process.getBuiltinModule("node:fs");
const { join } = process.getBuiltinModule("node:path");

export interface InputProblem {
  readonly file: string;
  readonly reason: string;
}

/** Input files under the given paths: `.abi` and `.json`, recursively, sorted; build-info and `.dbg.json` skipped. */
export function listInputFiles(paths: readonly string[]): { files: string[]; problems: InputProblem[] } {
  const files = new Set<string>();
  const problems: InputProblem[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ file: dir, reason: `cannot read directory (${(e as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    for (const ent of entries) {
      const full = join(dir, ent.name);
      if (ent.isDirectory()) {
        if (ent.name === "node_modules" || ent.name === "build-info" || ent.name.startsWith(".")) continue;
        walk(full);
      } else if (isCandidate(ent.name)) files.add(full);
    }
  };
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st === undefined) {
      problems.push({ file: p, reason: "no such file or directory" });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.add(p);
  }
  return { files: [...files].sort(), problems };
}

function isCandidate(name: string): boolean {
  // Dotfiles are tools' records (the export manifest, caches), never ABIs.
  if (name.startsWith(".") || name.endsWith(".dbg.json")) return false;
  return name.endsWith(".abi") || name.endsWith(".json");
}
