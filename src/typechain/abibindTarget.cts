// abibind as a TypeChain 8 target (abibind/typechain). CommonJS on purpose: TypeChain require()s
// its target and instantiates `.default`, so this file is a plain CommonJS module (it only
// type-imports), and loads the ESM codegen with import() when TypeChain has listed every input.
//
//   typechain --target ./node_modules/abibind/dist/typechain/abibindTarget.cjs --out-dir types 'abi/*.json'
//   // hardhat.config (Hardhat 2 + @typechain/hardhat):
//   typechain: { target: require.resolve("abibind/typechain"), outDir: "types" }
//
// TypeChain passes every output through its preamble and prettier, which would make the files
// differ from `abibind codegen` (and cost most of TypeChain's run time). So this target returns no
// files to TypeChain (its "Successfully generated 0 typings!" is expected) and writes them itself,
// printing its own `abibind: N files written` line: the same incremental codegen as the CLI, on
// `allFiles` (not just the changed `filesToProcess` @typechain/hardhat passes, which would make
// everything else look stale). Both paths give byte-identical files (`abibind codegen --layout
// typechain`): the typechain layout always, so imports written against TypeChain's output
// (`../typechain-types/contracts/Foo`, `types/factories/…/Foo__factory`) keep resolving.
import type { CodegenResult } from "../codegen/runCodegen.ts";

const { isAbsolute, join } = require("node:path") as typeof import("node:path");

/** The part of TypeChain's Config this target reads (typechain/dist/typechain/types.d.ts). */
interface TypeChainConfig {
  readonly cwd: string;
  readonly outDir?: string | undefined;
  readonly allFiles: readonly string[];
  readonly filesToProcess: readonly string[];
}

const DEFAULT_OUT_DIR = "types/abibind";

class AbibindTarget {
  readonly name = "abibind";
  readonly cfg: TypeChainConfig;
  /** The last run's outcome, for callers that embed the target. */
  result: CodegenResult | undefined;

  constructor(cfg: TypeChainConfig) {
    this.cfg = cfg;
  }

  beforeRun(): void {}

  transformFile(): void {}

  async afterRun(): Promise<[]> {
    const { runCodegen } = await import("../codegen/runCodegen.ts");
    const out = this.cfg.outDir ?? DEFAULT_OUT_DIR;
    const dir = isAbsolute(out) ? out : join(this.cfg.cwd, out);
    const r = await runCodegen({ inputs: [...this.cfg.allFiles].sort(), out: dir, layout: "typechain" });
    this.result = r;
    const { problemLines } = await import("../codegen/problemLines.ts");
    for (const line of problemLines([...r.warnings, ...r.problems])) process.stderr.write(`${line}\n`);
    if (r.problems.length > 0) {
      const { AbiFormatError } = await import("../errors/codegenErrors.ts");
      throw new AbiFormatError(`abibind: ${r.problems.length} input(s) could not be bound (listed above)`);
    }
    process.stderr.write(`abibind: ${r.written.length} files written, ${r.removed.length} removed (${r.contracts} contracts in ${out})\n`);
    return [];
  }
}

module.exports = { default: AbibindTarget, DEFAULT_OUT_DIR };
