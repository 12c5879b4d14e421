// npm pack's prepack/postpack: the published package.json carries no development hooks (no
// scripts: nothing of abibind runs at a user's install, and npm prints no install-scripts
// warning), no devDependencies, no allowScripts, and no "abibind-source" export condition (it
// points at sources the package does not ship). `strip` keeps the original beside it; `restore`
// puts it back. `clean` empties dist/ first, so nothing a rename left behind is published.
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { writeFileAtomic } from "../src/files/writeFileAtomic.ts";

const MANIFEST = "package.json";
const ORIGINAL = ".package.json.orig";

const command = process.argv[2];
if (command === "strip") {
  if (existsSync(ORIGINAL)) throw new Error(`${ORIGINAL} exists: a previous pack did not restore package.json (run: node scripts/publish-manifest.ts restore)`);
  const text = readFileSync(MANIFEST, "utf8");
  writeFileAtomic(ORIGINAL, text);
  const { scripts: _scripts, devDependencies: _dev, allowScripts: _allow, ...published } = JSON.parse(text) as Record<string, unknown>;
  const exports = published.exports as Record<string, string | Record<string, string>>;
  for (const entry of Object.values(exports)) if (typeof entry === "object") delete entry["abibind-source"];
  writeFileAtomic(MANIFEST, `${JSON.stringify(published, null, 2)}\n`);
} else if (command === "clean") {
  rmSync("dist", { recursive: true, force: true });
} else if (command === "restore") {
  if (existsSync(ORIGINAL)) renameSync(ORIGINAL, MANIFEST);
} else {
  process.stderr.write("usage: node scripts/publish-manifest.ts clean|strip|restore\n");
  process.exit(2);
}
