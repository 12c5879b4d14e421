// `npm pack` of this checkout, run on a staged copy (the files pack reads, node_modules linked):
// prepack empties dist/ and rewrites package.json, so packing the checkout itself would race with
// other test files packing at the same time and with anyone editing package.json meanwhile.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, run } from "./run.ts";

/** The environment of a user's shell in this checkout: the project's Node 24 and npm first. */
export const PROJECT_ENV = { PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}` };
export const NPM = existsSync(join(ROOT, "node_modules/.bin/npm")) ? join(ROOT, "node_modules/.bin/npm") : "npm";

const STAGED = ["package.json", "README.md", "LICENSE", "tsconfig.json", "tsconfig.build.json", "bin", "src", "scripts"];

/**
 * The checkout's package.json with its scripts: while another `npm pack` of the checkout is between
 * its prepack and postpack, package.json is the stripped one and the original is beside it.
 */
function developmentManifest(): string {
  for (let attempt = 0; attempt < 3; attempt++) {
    const text = readFileSync(join(ROOT, "package.json"), "utf8");
    if ((JSON.parse(text) as { scripts?: { prepack?: string } }).scripts?.prepack !== undefined) return text;
    try {
      return readFileSync(join(ROOT, ".package.json.orig"), "utf8");
    } catch {
      // restored meanwhile: read package.json again
    }
  }
  throw new Error("package.json has no prepack script");
}

/** Packs the package into `dest` and returns the tarball's absolute path. */
export async function packTarball(dest: string): Promise<string> {
  const stage = mkdtempSync(join(tmpdir(), "abibind-stage-"));
  try {
    for (const entry of STAGED) {
      if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(stage, entry), { recursive: true, filter: (src) => !src.endsWith(".test.ts") });
    }
    writeFileSync(join(stage, "package.json"), developmentManifest());
    symlinkSync(join(ROOT, "node_modules"), join(stage, "node_modules"));
    const packed = await run(NPM, ["pack", "--silent", "--pack-destination", dest], { cwd: stage, env: PROJECT_ENV, timeoutMs: 240_000 });
    if (packed.code !== 0) throw new Error(`npm pack failed (${packed.code}): ${packed.stderr}${packed.stdout}`);
    const tgz = readdirSync(dest).find((f) => f.endsWith(".tgz"));
    if (tgz === undefined) throw new Error("npm pack wrote no tarball");
    return join(dest, tgz);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
