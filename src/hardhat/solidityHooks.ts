// After a successful build: export the ABIs, then run codegen on them from the project root, so
// input paths (and any naming that uses them) are exactly what `abibind codegen` sees.
import { relative } from "node:path";
import type { SolidityHooks } from "hardhat/types/hooks";
import { AbiFormatError } from "../errors/codegenErrors.ts";
import { exportArtifacts } from "./exportAbis.ts";
import { problemLines } from "../codegen/problemLines.ts";

/**
 * Marks an error the way Hardhat recognises community plugins' errors (HardhatPluginError's own
 * property), so it prints "Error in community plugin abibind: …" without a stack trace, and
 * abibind needs no dependency on Hardhat's error package.
 */
function asPluginError<E extends Error>(e: E): E {
  Object.defineProperty(e, "_isHardhatPluginError", { value: true, enumerable: false });
  Object.defineProperty(e, "pluginId", { value: "abibind", enumerable: false });
  return e;
}

// A named constant, not `export default async () => …`: TypeScript 5.9 leaves the `.ts` of a dynamic
// import inside a default-exported arrow function unrewritten in the build (dist/ then imports a
// file it does not ship); test/package/consumer.test.ts checks dist/ for such specifiers.
const solidityHooks = async (): Promise<Partial<SolidityHooks>> => ({
  async processArtifactsAfterSuccessfulBuild(context, artifactPaths) {
    const { root, sources } = context.config.paths;
    const { abi, out } = context.config.abibind;
    const prefixes = sources.solidity.map((dir) => `${relative(root, dir).split("\\").join("/")}/`);
    const exported = exportArtifacts(artifactPaths, abi, prefixes);
    const { runCodegen } = await import("../codegen/runCodegen.ts");
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const r = await runCodegen({ inputs: [relative(root, abi) || "."], out });
      for (const line of problemLines([...r.warnings, ...r.problems])) process.stderr.write(`${line}\n`);
      if (r.problems.length > 0) throw asPluginError(new AbiFormatError(`${r.problems.length} ABI file(s) could not be bound (listed above)`));
      const shown = (dir: string): string => relative(root, dir) || ".";
      console.log(
        `abibind: ${exported.exported.filter((f) => f.endsWith(".abi")).length} ABIs in ${shown(abi)}/ (${exported.written.length} written, ${exported.removed.length} removed), ` +
          `${r.contracts} bindings in ${shown(out)}/ (${r.written.length} files written, ${r.removed.length} removed)`,
      );
    } finally {
      process.chdir(cwd);
    }
  },
});

export default solidityHooks;
