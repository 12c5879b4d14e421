// The published protocol artifacts the codegen benchmark runs on: npm packages pinned in
// package.json's devDependencies (read from node_modules, not copied into git), each in the format
// it ships. test/integrations/protocols.test.ts checks the same packages' bindings.
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

const NM = new URL("../node_modules/", import.meta.url).pathname;

export interface ProtocolPackage {
  readonly pkg: string;
  /** Its inputs as a user passes them to abibind, relative to the package. */
  readonly inputs: readonly string[];
  /** Files TypeChain cannot read (it stops the whole run on them), relative to the package. */
  readonly typechainCannotRead: readonly string[];
}

export const PROTOCOL_PACKAGES: readonly ProtocolPackage[] = [
  // Waffle build/ beside a solc --combined-json of the same contracts ("Not a valid ABI" to TypeChain).
  { pkg: "@uniswap/v2-core", inputs: ["build"], typechainCannotRead: ["build/Combined-Json.json"] },
  { pkg: "@uniswap/v3-core", inputs: ["artifacts"], typechainCannotRead: [] },
  // Foundry out/, build-info included (TypeChain reads every .json its glob matches).
  { pkg: "@uniswap/v4-core", inputs: ["out"], typechainCannotRead: ["out/build-info"] },
  { pkg: "@chainlink/abi", inputs: ["v0.4", "v0.5", "v0.6", "v0.7"], typechainCannotRead: [] },
  // dist/ also holds the package's JavaScript builds (and their package.json files): its ABI files only.
  { pkg: "@celo/abis", inputs: abiFiles("@celo/abis", "dist"), typechainCannotRead: [] },
  { pkg: "@openzeppelin/contracts-upgradeable", inputs: ["build/contracts"], typechainCannotRead: [] },
];

function abiFiles(pkg: string, dir: string): string[] {
  return readdirSync(join(NM, pkg, dir))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** Every package's inputs, as published (absolute paths into node_modules). */
export function protocolInputs(): string[] {
  return PROTOCOL_PACKAGES.flatMap((p) => p.inputs.map((i) => join(NM, p.pkg, i)));
}

/**
 * The inputs both tools can read, copied under `dest` (TypeChain's globs skip node_modules), one
 * directory per package. Returns the copy's root: abibind takes it as is, TypeChain as `<root>/**\/*.json`.
 */
export function copyProtocolCorpus(dest: string): string {
  for (const p of PROTOCOL_PACKAGES) {
    const to = join(dest, p.pkg.replace("/", "__"));
    mkdirSync(to, { recursive: true });
    const skip = new Set(p.typechainCannotRead.map((s) => join(NM, p.pkg, s)));
    for (const input of p.inputs) cpSync(join(NM, p.pkg, input), join(to, input), { recursive: true, filter: (src) => !skip.has(src) });
  }
  return dest;
}
