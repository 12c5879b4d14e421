// The codegen cache (`.abibind-cache.json` in the output directory) and the no-op check. This
// module imports only node:fs/node:path and the input lister on purpose: `abibind codegen` with
// nothing to do must finish without loading the parsers and emitters.
import { listInputFiles } from "./listInputs.ts";

// Builtins through getBuiltinModule: an ESM import of node:fs builds a facade over every export,
// which loads fs streams (~10 ms), too much for the no-op path.
const { readFileSync, readdirSync, statSync } = process.getBuiltinModule("node:fs");
const { isAbsolute, join, relative, sep } = process.getBuiltinModule("node:path");

/** Bump when generated output changes shape, so caches written by older versions are ignored. */
export const GENERATOR_VERSION = "abibind-codegen-7";
export const CACHE_FILE = ".abibind-cache.json";
/** The per-contract records, apart: the no-op check never needs them, and they are most of the bytes. */
export const CONTRACTS_FILE = ".abibind-cache-contracts.json";

export interface ContractMeta {
  readonly name: string;
  /** The input path as shown in messages (relative to cwd); naming may use it. */
  readonly file: string;
  readonly sourceUnit?: string;
  /** Its ABI has no items (the typechain layout leaves it out, as TypeChain does). */
  readonly empty?: true;
}

export interface InputEntry {
  /** Stat fingerprint of the file and its sibling .bin; equal means "not touched". */
  readonly st: string;
  /** Content hash of the file and its sibling .bin; equal means "touched but unchanged". */
  readonly hash: string;
  /** Contracts in the file, in file order; null for a skipped file (build-info). */
  readonly contracts: readonly ContractMeta[] | null;
  readonly problem?: string;
  /** Items skipped in the file (`<Contract>.<signature>: skipped, …`), repeated on every run. */
  readonly warnings?: readonly string[];
  /** A bare ABI array, so a sibling .bin is part of the input. */
  readonly bare?: boolean;
}

export interface ContractEntry {
  readonly typeName: string;
  /** Its directory in the typechain layout (absent in the flat layout). */
  readonly dir?: string;
  /** Per-contract output files (paths relative to the output dir). */
  readonly files: readonly string[];
  /** This contract's lines in each shared file (index.js …), as generate.ts's indexLines gives them. */
  readonly index: Readonly<Record<string, string>>;
}

export interface CacheFile {
  readonly v: string;
  /** Generation options (exclusions, aliases) the outputs were made with. */
  readonly opts: string;
  /** Keyed by input path as listed. */
  readonly inputs: Readonly<Record<string, InputEntry>>;
  /** Every output file with its stat fingerprint (size, mtime) as written, so edits and deletions are noticed. */
  readonly outputs: Readonly<Record<string, string>>;
  /** True when the run that wrote it reported no problems and no warnings (a no-op run may skip it). */
  readonly clean: boolean;
}

/**
 * The options the outputs depend on, and the generator itself: the stat of every module in this
 * directory (the emitters live here), so an upgraded or edited generator never reuses outputs of
 * the old one, without hashing sources on every run.
 */
export function optionsKey(exclude: readonly string[] | undefined, aliases: ReadonlyMap<string, string> | undefined, strict = false, layout = "flat"): string {
  return JSON.stringify([exclude ?? [], [...(aliases ?? [])].sort(), strict, layout, generatorStamp()]);
}

let stamp: string | undefined;

function generatorStamp(): string {
  if (stamp === undefined) {
    const dir = decodeURIComponent(new URL(".", import.meta.url).pathname);
    const parts: string[] = [];
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ts|js)$/.test(name) || name.endsWith(".test.ts")) continue;
      parts.push(`${name}:${statOf(join(dir, name)) ?? "-"}`);
    }
    stamp = parts.join(",");
  }
  return stamp;
}

function statOf(path: string): string | null {
  const st = statSync(path, { throwIfNoEntry: false });
  return st === undefined ? null : `${st.size}:${st.mtimeMs}`;
}

/** The input path as messages (and the naming rule) show it. */
export function shownPath(file: string, cwd: string): string {
  // Listed paths are already normalised, so a relative one is its own shown form, and an
  // absolute one under cwd is its tail (path.relative costs ~20 µs a call, per input, per run).
  if (!isAbsolute(file)) return file;
  if (file.length > cwd.length + 1 && file.startsWith(cwd) && file[cwd.length] === sep && !cwd.endsWith(sep)) return file.slice(cwd.length + 1);
  return relative(cwd, file) || file;
}

/**
 * What a later run compares to notice a touched input: the file, the sibling .bin when the file
 * is a bare ABI (only those read one), and the shown path.
 */
export function inputStatKey(file: string, cwd: string, bareAbi: boolean): string | null {
  const own = statOf(file);
  if (own === null) return null;
  const bin = bareAbi ? statOf(file.replace(/\.(abi|json)$/, ".bin")) : null;
  return `${own}|${bin ?? "-"}|${shownPath(file, cwd)}`;
}

export function outputStatKey(out: string, path: string): string | null {
  return statOf(`${out}/${path}`);
}

export function readCache(out: string, opts: string): CacheFile | null {
  let c: CacheFile;
  try {
    c = JSON.parse(readFileSync(join(out, CACHE_FILE), "utf8")) as CacheFile;
  } catch {
    return null;
  }
  if (c === null || typeof c !== "object" || c.v !== GENERATOR_VERSION || c.opts !== opts) return null;
  if (typeof c.inputs !== "object" || typeof c.outputs !== "object") return null;
  return c;
}

/**
 * Per-contract records keyed by `inputHash#indexInFile#typeName`. An entry depends only on its key
 * and the options, so a file left from another run (same version and options) is still right.
 */
export interface ContractsFile {
  readonly v: string;
  readonly opts: string;
  readonly contracts: Readonly<Record<string, ContractEntry>>;
}

export function readContracts(out: string, opts: string): Readonly<Record<string, ContractEntry>> {
  try {
    const c = JSON.parse(readFileSync(join(out, CONTRACTS_FILE), "utf8")) as ContractsFile;
    if (c !== null && c.v === GENERATOR_VERSION && c.opts === opts && typeof c.contracts === "object") return c.contracts;
  } catch {
    // missing or unreadable: no records
  }
  return {};
}

/** Outputs whose stat no longer matches what was written (edited, deleted or replaced since). */
export function changedOutputs(out: string, cache: CacheFile): string[] {
  const changed: string[] = [];
  for (const [p, st] of Object.entries(cache.outputs)) if (outputStatKey(out, p) !== st) changed.push(p);
  return changed;
}

/**
 * True when a clean previous run wrote exactly what these inputs give: same input list, no input
 * touched, no output changed. Stats only, never content: --check and --force must not use this.
 */
export function upToDate(inputs: readonly string[], out: string, opts: string, cwd = process.cwd()): boolean {
  const cache = readCache(out, opts);
  if (cache === null || !cache.clean) return false;
  const { files, problems } = listInputFiles(inputs);
  if (problems.length > 0) return false;
  let known = 0;
  for (const f of files) {
    const entry = cache.inputs[f];
    if (entry === undefined || entry.st !== inputStatKey(f, cwd, entry.bare === true)) return false;
    known++;
  }
  if (known !== Object.keys(cache.inputs).length) return false;
  // One stat per output (~2 µs each): a file edited, replaced or deleted by hand makes the run
  // do work, and that run compares content, so a touch alone rewrites nothing.
  return changedOutputs(out, cache).length === 0;
}
