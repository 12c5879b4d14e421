// Type-checks files with the project's TypeScript (or another installed one, such as the
// `typescript-5.0` alias) under a given module resolution, declaration files included
// (skipLibCheck off), so errors inside generated .d.ts files surface.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE, ROOT, run } from "./run.ts";

export async function typecheck(
  files: readonly string[],
  resolution: "nodenext" | "bundler",
  extra: Record<string, unknown> = {},
  typescript = "typescript",
): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "abibind-tsc-"));
  try {
    const config = {
      compilerOptions: {
        target: "es2023",
        lib: ["es2023"],
        module: resolution === "bundler" ? "esnext" : "nodenext",
        moduleResolution: resolution,
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        noUnusedLocals: false,
        skipLibCheck: false,
        noEmit: true,
        allowImportingTsExtensions: true,
        types: [],
        typeRoots: [join(ROOT, "node_modules/@types")],
        ...extra,
      },
      files: files.map((f) => (f.startsWith("/") ? f : join(ROOT, f))),
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
    const r = await run(NODE, [join(ROOT, "node_modules", typescript, "bin/tsc"), "-p", join(dir, "tsconfig.json")], { cwd: ROOT });
    return { ok: r.code === 0, output: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
