// The Remix "copy ABI" step for a Hardhat project: abi/<Name>.abi (+ .bin when deployable) from
// the artifacts of contracts/. Shared by scripts/export-abi.ts and the Hardhat plugin, so the two
// paths write the same files.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../files/writeFileAtomic.ts";

interface Artifact {
  readonly contractName: string;
  readonly sourceName?: string;
  readonly abi: unknown[];
  readonly bytecode: string;
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

/** Writes the ABI (and bytecode) of each artifact into outDir; unchanged files are left alone, so codegen's cache stays warm. */
export function exportArtifacts(files: readonly string[], outDir: string, sourcePrefix = "contracts/"): string[] {
  const written: string[] = [];
  const put = (name: string, text: string): void => {
    const path = join(outDir, name);
    let cur: string | undefined;
    try {
      cur = readFileSync(path, "utf8");
    } catch {
      cur = undefined;
    }
    if (cur !== text) writeFileAtomic(path, text);
    written.push(name);
  };
  for (const file of [...files].sort()) {
    const art = JSON.parse(readFileSync(file, "utf8")) as Artifact;
    if (typeof art.contractName !== "string" || !Array.isArray(art.abi)) continue;
    if (art.sourceName !== undefined && !art.sourceName.startsWith(sourcePrefix)) continue;
    put(`${art.contractName}.abi`, `${JSON.stringify(art.abi, null, 2)}\n`);
    if (typeof art.bytecode === "string" && art.bytecode !== "0x" && art.bytecode !== "") put(`${art.contractName}.bin`, `${art.bytecode.replace(/^0x/, "")}\n`);
  }
  return written;
}

export function exportAbis(artifactsDir = "artifacts/contracts", outDir = "abi"): string[] {
  if (!existsSync(artifactsDir)) throw new Error(`${artifactsDir} does not exist: run npx hardhat build first`);
  return exportArtifacts(artifactFiles(artifactsDir), outDir);
}
