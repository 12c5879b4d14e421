// Errors of the code generator. This module imports only the error base: codegen's no-op path
// must not load ethers or the runtime.
import { AbibindError } from "./AbibindError.ts";

/** An ABI or artifact that cannot be bound; the message is the reason, printed as `<path>: <reason>`. */
export class AbiFormatError extends AbibindError {
  override name = "AbiFormatError";
  constructor(reason: string) {
    super("INVALID_ABI", reason);
  }
}

/** A generated file could not be written (permissions, a full disk, a file where a directory should be). */
export class CodegenWriteError extends AbibindError {
  override name = "CodegenWriteError";
  constructor(what: string, options?: { cause?: unknown }) {
    super("CODEGEN_WRITE", `cannot write ${what}`, options);
  }
}

/** `--check` found generated files that differ from what the inputs give. */
export class CodegenStaleError extends AbibindError {
  override name = "CodegenStaleError";
  readonly out: string;
  /** Paths relative to `out`. */
  readonly stale: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** Inputs that could not be read, found on the way (they are not generated, so not compared). */
  readonly problems: readonly { readonly file: string; readonly reason: string }[];
  constructor(
    out: string,
    diff: { stale: readonly string[]; missing: readonly string[]; extra: readonly string[] },
    problems: readonly { readonly file: string; readonly reason: string }[] = [],
  ) {
    const n = diff.stale.length + diff.missing.length + diff.extra.length;
    super("CODEGEN_STALE", `${n} file(s) out of date in ${out}; run abibind codegen`);
    this.out = out;
    this.stale = diff.stale;
    this.missing = diff.missing;
    this.extra = diff.extra;
    this.problems = problems;
  }
}
