// abibind/codegen: the code generator as a library (what `abibind codegen` runs).
// Importing it is cheap on purpose: the generator itself is loaded by the first run that has work
// to do, so answering "nothing changed" costs a stat of the inputs and outputs, not a module graph.
import { optionsKey, upToDate } from "./codegenCache.ts";
import type { CodegenRequest, CodegenResult } from "./runCodegen.ts";
import type { WatchCodegenHandlers, WatchCodegenReturnType } from "./watchCodegen.ts";
import { isIdentifier } from "./abiModel.ts";
import { CONTRACT_MEMBERS } from "./names.ts";

export type { CodegenRequest, CodegenResult, SingleInput } from "./runCodegen.ts";
export type { GenerateOptions } from "./generate.ts";
export type { InputProblem } from "./listInputs.ts";
export type { WatchCodegenHandlers, WatchCodegenReturnType } from "./watchCodegen.ts";
export { problemLines } from "./problemLines.ts";
// The errors codegen throws, reachable without loading the runtime (and ethers).
export { AbibindError, UsageError, isAbibindError, type AbibindErrorCode } from "../errors/AbibindError.ts";
export { AbiFormatError, CodegenStaleError, CodegenWriteError } from "../errors/codegenErrors.ts";

export type RunCodegenParameters = CodegenRequest;
export type RunCodegenReturnType = CodegenResult;

/** Generates bindings: reads the inputs, writes (or, with `check`, compares) the output directory. */
export async function runCodegen(request: RunCodegenParameters): Promise<RunCodegenReturnType> {
  const { runCodegen: run } = await import("./runCodegen.ts");
  return run(request);
}

export type CodegenUpToDateParameters = CodegenRequest;

/**
 * True when a previous clean run already wrote what `request` would (inputs and outputs untouched
 * since, same options): stats only, so a no-op costs milliseconds. Always false for `check`,
 * `force` and single-ABI requests, which must look at content.
 */
export function codegenUpToDate(request: CodegenUpToDateParameters): boolean {
  if (request.single !== undefined || request.check === true || request.force === true) return false;
  return upToDate(request.inputs, request.out, optionsKey(request.exclude, request.aliases, request.strict === true, request.layout));
}

export type WatchCodegenParameters = CodegenRequest;

/** Runs codegen, then again whenever an input changes; stop with close(). */
export async function watchCodegen(request: WatchCodegenParameters, handlers: WatchCodegenHandlers): Promise<WatchCodegenReturnType> {
  const { watchCodegen: watch } = await import("./watchCodegen.ts");
  return watch(request, handlers);
}

/** A name a generated contract can expose as a member (`--alias old=new`): an identifier ethers' Contract does not own. */
export function isMemberName(name: string): boolean {
  return isIdentifier(name) && !CONTRACT_MEMBERS.has(name);
}

/** A name usable as a generated type (`--type NAME`). */
export function isTypeName(name: string): boolean {
  return isIdentifier(name);
}
