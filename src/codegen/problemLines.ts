import type { InputProblem } from "./listInputs.ts";

/**
 * What every front end (CLI, Hardhat plugin, TypeChain target) prints for codegen's problems and
 * warnings: `<path>: <reason>`, one line each; a reason of several lines (--strict's skipped
 * items) becomes several lines, all naming the file.
 */
export function problemLines(problems: readonly InputProblem[]): string[] {
  return problems.flatMap((p) => p.reason.split("\n").map((line) => `${p.file}: ${line}`));
}
