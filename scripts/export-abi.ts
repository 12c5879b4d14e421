// The Remix "copy ABI" step: writes abi/<Name>.abi and abi/<Name>.bin for each contract
// Hardhat compiled from contracts/ (run `npx hardhat build` first, or `npm run build:contracts`).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../src/codegen/writeOutput.ts";

export function exportAbis(artifactsDir = "artifacts/contracts", outDir = "abi"): string[] {
  const written: string[] = [];
  if (!existsSync(artifactsDir)) throw new Error(`${artifactsDir} does not exist: run npx hardhat build first`);
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(".json") && !e.name.endsWith(".dbg.json")) {
        const art = JSON.parse(readFileSync(full, "utf8")) as { contractName: string; abi: unknown[]; bytecode: string };
        writeFileAtomic(join(outDir, `${art.contractName}.abi`), `${JSON.stringify(art.abi, null, 2)}\n`);
        written.push(`${art.contractName}.abi`);
        if (art.bytecode !== "0x") {
          writeFileAtomic(join(outDir, `${art.contractName}.bin`), `${art.bytecode.replace(/^0x/, "")}\n`);
          written.push(`${art.contractName}.bin`);
        }
      }
    }
  };
  walk(artifactsDir);
  return written;
}

if (import.meta.main) {
  console.log(exportAbis().map((f) => `abi/${f}`).join("\n"));
}
