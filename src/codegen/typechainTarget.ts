// abibind as a TypeChain target: `typechain --target <path to this module> --out-dir DIR 'glob'`,
// and so `@typechain/hardhat` with `typechain: { target: require.resolve(...) }`.
//
// TypeChain passes every output through its preamble and prettier, which would make the files
// differ from `abibind codegen` (and cost most of TypeChain's run time). So this target returns no
// files to TypeChain: it collects the inputs and, once TypeChain has listed them all, runs the
// same incremental codegen as the CLI on `allFiles` (not just the changed `filesToProcess`
// @typechain/hardhat passes, which would make everything else look stale). Both paths give
// byte-identical files.
import { isAbsolute, join } from "node:path";
import { type CodegenResult, runCodegen } from "./runCodegen.ts";

/** The part of TypeChain's Config this target reads (typechain/dist/typechain/types.d.ts). */
export interface TypeChainConfig {
  readonly cwd: string;
  readonly outDir?: string | undefined;
  readonly allFiles: readonly string[];
  readonly filesToProcess: readonly string[];
}

export interface FileDescription {
  readonly path: string;
  readonly contents: string;
}

export const DEFAULT_OUT_DIR = "types/abibind";

export default class AbibindTarget {
  readonly name = "abibind";
  readonly cfg: TypeChainConfig;
  /** The last run's outcome, for callers that embed the target. */
  result: CodegenResult | undefined;

  constructor(cfg: TypeChainConfig) {
    this.cfg = cfg;
  }

  beforeRun(): void {}

  transformFile(_file: FileDescription): void {}

  async afterRun(): Promise<void> {
    const out = this.cfg.outDir ?? DEFAULT_OUT_DIR;
    const r = await runCodegen({ inputs: [...this.cfg.allFiles].sort(), out: isAbsolute(out) ? out : join(this.cfg.cwd, out) });
    this.result = r;
    for (const p of r.problems) process.stderr.write(`${p.file}: ${p.reason}\n`);
    if (r.problems.length > 0) throw new Error(`abibind: ${r.problems.length} input(s) could not be read`);
    process.stderr.write(`abibind: ${r.contracts} contract(s), ${r.written.length} file(s) written, ${r.removed.length} removed\n`);
  }
}
