// The Remix "copy ABI" step for a Hardhat project: <abi>/<Name>.abi (+ .bin when deployable) from
// the artifacts of the project's sources. Shared by scripts/export-abi.ts and the Hardhat plugin,
// so the two paths write the same files.
//
// `.abi` files carry no banner, so what was exported is recorded in a manifest dotfile
// (`.abibind-exported.json`, name → content hash). When a contract is gone, its exported files
// are removed, but only those the manifest lists and that are unchanged since: a file the user
// put there, or edited, is never touched.
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { writeFileAtomic } from "../files/writeFileAtomic.ts";
import { InvalidInputError } from "../errors/commonErrors.ts";

export const EXPORT_MANIFEST = ".abibind-exported.json";

interface Artifact {
  readonly contractName: string;
  readonly sourceName?: string;
  readonly abi: unknown[];
  readonly bytecode: string;
}

interface Manifest {
  readonly v: 1;
  readonly files: Readonly<Record<string, string>>;
}

export interface ExportResult {
  /** Every file the export stands for now (written or already current), sorted. */
  readonly exported: string[];
  /** Files whose content changed on disk. */
  readonly written: string[];
  /** Files of contracts that are gone, removed because the manifest says we wrote them as they are. */
  readonly removed: string[];
}

/** Contract artifact files under a Hardhat artifacts directory, sorted (build-info and .dbg.json skipped). */
export function artifactFiles(artifactsDir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "build-info") walk(full);
      } else if (e.name.endsWith(".json") && !e.name.endsWith(".dbg.json")) out.push(full);
    }
  };
  walk(artifactsDir);
  return out.sort();
}

const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex");

function readManifest(outDir: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(join(outDir, EXPORT_MANIFEST), "utf8")) as Manifest;
    if (m.v === 1 && typeof m.files === "object" && m.files !== null) return m;
  } catch {
    // none yet, or unreadable: nothing is known to be ours
  }
  return { v: 1, files: {} };
}

/**
 * Writes the ABI (and bytecode) of each artifact under `sourcesPrefixes` (Solidity tests, `.t.sol`,
 * skipped) into outDir; unchanged files are left alone, so codegen's cache stays warm.
 */
export function exportArtifacts(files: readonly string[], outDir: string, sourcesPrefixes: readonly string[] = ["contracts/"]): ExportResult {
  const wanted = new Map<string, string>();
  for (const file of [...files].sort()) {
    const art = JSON.parse(readFileSync(file, "utf8")) as Artifact;
    if (typeof art.contractName !== "string" || !Array.isArray(art.abi)) continue;
    const sourceName = art.sourceName;
    if (sourceName !== undefined && (!sourcesPrefixes.some((p) => sourceName.startsWith(p)) || sourceName.endsWith(".t.sol"))) continue;
    wanted.set(`${art.contractName}.abi`, `${JSON.stringify(art.abi, null, 2)}\n`);
    if (typeof art.bytecode === "string" && art.bytecode !== "0x" && art.bytecode !== "") wanted.set(`${art.contractName}.bin`, `${art.bytecode.replace(/^0x/, "")}\n`);
  }
  const manifest = readManifest(outDir);
  const written: string[] = [];
  for (const [name, text] of wanted) {
    let cur: string | undefined;
    try {
      cur = readFileSync(join(outDir, name), "utf8");
    } catch {
      cur = undefined;
    }
    if (cur === text) continue;
    writeFileAtomic(join(outDir, name), text);
    written.push(name);
  }
  const removed: string[] = [];
  for (const [name, hash] of Object.entries(manifest.files).sort()) {
    if (wanted.has(name)) continue;
    let cur: string;
    try {
      cur = readFileSync(join(outDir, name), "utf8");
    } catch {
      continue;
    }
    if (sha1(cur) !== hash) continue;
    rmSync(join(outDir, name), { force: true });
    removed.push(name);
  }
  const next: Manifest = { v: 1, files: Object.fromEntries([...wanted].map(([name, text]) => [name, sha1(text)])) };
  if (JSON.stringify(next) !== JSON.stringify(manifest) || written.length + removed.length > 0) {
    writeFileAtomic(join(outDir, EXPORT_MANIFEST), `${JSON.stringify(next, null, 2)}\n`);
  }
  return { exported: [...wanted.keys()].sort(), written, removed };
}

export function exportAbis(artifactsDir = "artifacts/contracts", outDir = "abi"): ExportResult {
  if (!existsSync(artifactsDir)) throw new InvalidInputError(`${artifactsDir} does not exist: run npx hardhat build first`);
  return exportArtifacts(artifactFiles(artifactsDir), outDir);
}
