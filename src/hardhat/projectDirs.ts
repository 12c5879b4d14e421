// The directories of a project's codegen, as every entry point sees them: a tool's own setting
// (the Hardhat config's `abibind` section), else package.json "abibind" { inputs, out } (what
// `abibind codegen` reads with no arguments), else abi/ and generated/.
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";

export function projectCodegenDirs(root: string, own?: { readonly abi?: string; readonly out?: string }): { abi: string; out: string } {
  let pkg: { inputs?: unknown; out?: unknown } | undefined;
  try {
    pkg = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { abibind?: typeof pkg }).abibind;
  } catch {
    pkg = undefined;
  }
  const abi = own?.abi ?? (Array.isArray(pkg?.inputs) && typeof pkg.inputs[0] === "string" ? pkg.inputs[0] : "abi");
  const out = own?.out ?? (typeof pkg?.out === "string" ? pkg.out : "generated");
  return { abi: isAbsolute(abi) ? abi : join(root, abi), out: isAbsolute(out) ? out : join(root, out) };
}
