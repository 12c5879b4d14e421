import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { SolidityHooks } from "hardhat/types/hooks";
import { exportArtifacts } from "./exportAbis.ts";

function projectDirs(root: string): { abi: string; out: string } {
  let cfg: { inputs?: unknown; out?: unknown } | undefined;
  try {
    cfg = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { abibind?: typeof cfg }).abibind;
  } catch {
    cfg = undefined;
  }
  const abi = Array.isArray(cfg?.inputs) && typeof cfg.inputs[0] === "string" ? cfg.inputs[0] : "abi";
  const out = typeof cfg?.out === "string" ? cfg.out : "generated";
  return { abi: isAbsolute(abi) ? abi : join(root, abi), out: isAbsolute(out) ? out : join(root, out) };
}

export default async (): Promise<Partial<SolidityHooks>> => ({
  async processArtifactsAfterSuccessfulBuild(context, artifactPaths) {
    const root = context.config.paths.root;
    const { abi, out } = projectDirs(root);
    exportArtifacts(artifactPaths, abi);
    // The codegen runs from the project root, so input paths (and so any naming that uses them)
    // are exactly what `npm run codegen` sees.
    const { runCodegen } = await import("../codegen/runCodegen.ts");
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const r = await runCodegen({ inputs: [abi.startsWith(`${root}/`) ? abi.slice(root.length + 1) : abi], out });
      for (const p of r.problems) process.stderr.write(`${p.file}: ${p.reason}\n`);
      if (r.problems.length > 0) throw new Error(`abibind: ${r.problems.length} ABI file(s) could not be read`);
      if (r.written.length + r.removed.length > 0) {
        console.log(`abibind: ${r.contracts} contract(s), ${r.written.length} binding file(s) written, ${r.removed.length} removed`);
      }
    } finally {
      process.chdir(cwd);
    }
  },
});
