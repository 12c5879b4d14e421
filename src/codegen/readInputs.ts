// Finds ABI inputs on disk and reads every format real toolchains emit into ContractSource
// records. One bad file never stops the others: its problem becomes an InputProblem.
import { type InputProblem, listInputFiles } from "./listInputs.ts";
import { AbiFormatError, type ContractAbi, readAbi } from "./abiModel.ts";
import type { LinkReference } from "./emitFactory.ts";
import type { NatSpec } from "./natspec.ts";

// Builtins through getBuiltinModule: an ESM import of one builds a facade over all its exports
// (node:fs loads its streams for that), ~10 ms per start of a codegen run.
const { readFileSync } = process.getBuiltinModule("node:fs");
const { createRequire } = process.getBuiltinModule("node:module");
const { basename, dirname, extname, join, relative } = process.getBuiltinModule("node:path");

export interface ContractSource {
  /** The contract's own name (before collision renaming). */
  readonly name: string;
  /** The file it was read from. */
  readonly file: string;
  /** The Solidity source unit, when the format records it (for same-name disambiguation). */
  readonly sourceUnit?: string;
  readonly abi: ContractAbi;
  readonly bytecode?: string;
  readonly links: readonly LinkReference[];
  readonly natspec?: NatSpec;
  /**
   * Items left out because a `type` names a Solidity type (solc's ABIs of library functions), each
   * `<Contract>.<signature>: skipped, type "<type>" cannot be ABI-encoded` (the signature with its
   * types as the ABI writes them, e.g. `Lib.f(Lib.TypeKind)`); absent when none.
   */
  readonly skipped?: readonly string[];
}

/** How inputs are read. */
export interface ReadOptions {
  /** --strict: an item that would be skipped makes its file bad instead. */
  readonly strict?: boolean;
}

export type { InputProblem };

export { listInputFiles };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function stripHex(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (s === "" || s === "0x") return undefined;
  return s.startsWith("0x") ? s : `0x${s}`;
}

// Most bytecode has no link placeholders; this linear check settles it before the alternation below.
const PLAIN_HEX = /^0x[0-9a-fA-F]*$/;
const PLACEHOLDER = /__\$[0-9a-fA-F]{34}\$__|__[A-Za-z0-9_$.:/\-]{36}__/g;

/** Link references from solc's `linkReferences` (byte offsets), else from the placeholders in the hex. */
export function linkReferences(bytecode: string | undefined, refs: unknown): LinkReference[] {
  if (bytecode === undefined) return [];
  const out: LinkReference[] = [];
  if (isObject(refs)) {
    for (const file of Object.keys(refs).sort()) {
      const libs = refs[file];
      if (!isObject(libs)) continue;
      for (const lib of Object.keys(libs).sort()) {
        const places = libs[lib];
        if (!Array.isArray(places)) continue;
        const offsets = places
          .filter((p): p is { start: number } => isObject(p) && typeof p.start === "number")
          .map((p) => p.start * 2)
          .sort((a, b) => a - b);
        out.push({ key: `${file}:${lib}`, offsets });
      }
    }
    if (out.length > 0) return out;
  }
  const byPlaceholder = new Map<string, number[]>();
  const hex = bytecode.slice(2);
  for (const m of hex.matchAll(PLACEHOLDER)) {
    const list = byPlaceholder.get(m[0]) ?? [];
    list.push(m.index);
    byPlaceholder.set(m[0], list);
  }
  for (const [ph, offsets] of [...byPlaceholder].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Old-style placeholders carry the library name; new-style only its hash.
    const key = ph.startsWith("__$") ? ph : ph.replace(/^_+|_+$/g, "");
    out.push({ key, offsets });
  }
  return out;
}

function parseAbiField(v: unknown): unknown {
  // solc --combined-json before 0.8 writes the ABI as a JSON string.
  return typeof v === "string" ? JSON.parse(v) : v;
}

function source(
  name: string,
  file: string,
  rawAbi: unknown,
  bytecode: unknown,
  refs: unknown,
  extra: { sourceUnit?: string; natspec?: NatSpec },
  options: ReadOptions,
): ContractSource {
  let abi: ContractAbi;
  try {
    abi = readAbi(parseAbiField(rawAbi));
  } catch (e) {
    if (e instanceof AbiFormatError) throw new AbiFormatError(extra.sourceUnit ? `${name}: ${e.message}` : e.message);
    throw new AbiFormatError(`${name}: the ABI is not valid JSON`);
  }
  const code = stripHex(bytecode);
  if (code !== undefined && !PLAIN_HEX.test(code) && !/^0x([0-9a-fA-F]|__\$[0-9a-fA-F]{34}\$__|__[A-Za-z0-9_$.:/\-]{36}__)*$/.test(code)) {
    throw new AbiFormatError(`${name}: bytecode is not hex`);
  }
  const skipped = abi.skipped.map((w) => `${name}.${w}`);
  if (options.strict === true && skipped.length > 0) throw new AbiFormatError(skipped.join("\n"));
  const s: { -readonly [K in keyof ContractSource]: ContractSource[K] } = {
    name,
    file,
    abi,
    links: linkReferences(code, refs),
  };
  if (code !== undefined) s.bytecode = code;
  if (extra.sourceUnit !== undefined) s.sourceUnit = extra.sourceUnit;
  if (extra.natspec !== undefined) s.natspec = extra.natspec;
  if (skipped.length > 0) s.skipped = skipped;
  return s;
}

function natspecOf(userdoc: unknown, devdoc: unknown): NatSpec | undefined {
  if (userdoc === undefined && devdoc === undefined) return undefined;
  return { userdoc, devdoc };
}

function nameFromFile(file: string): string {
  return basename(file, extname(file));
}

/** Reads one input file into its contracts. Throws AbiFormatError (or a JSON error) for a bad file. */
export function readInputFile(file: string, text: string, readSibling: (path: string) => string | undefined, options: ReadOptions = {}): ContractSource[] | null {
  let json: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new AbiFormatError(`not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(json)) {
    // A bare ABI (.abi or .json), with an optional sibling .bin of the same basename.
    const bin = readSibling(join(dirname(file), `${nameFromFile(file)}.bin`));
    return [source(nameFromFile(file), file, json, bin, undefined, {}, options)];
  }
  if (!isObject(json)) throw new AbiFormatError("not an ABI array or a known artifact format");
  const fmt = json._format;
  if (typeof fmt === "string" && fmt.includes("build-info")) return null;
  if (isObject(json.output) && isObject(json.input) && typeof json.solcVersion === "string") return null; // Hardhat 2 build-info
  if (isObject(json.contracts) && !("abi" in json)) return readSolcOutput(file, json.contracts, options);
  if ("abi" in json) {
    const meta = isObject(json.metadata) ? json.metadata : typeof json.metadata === "string" ? safeParse(json.metadata) : undefined;
    // Foundry has no contractName, and names artifacts of a multi-version build `Token.0.8.20.json`.
    const target = isObject(meta) && isObject(meta.settings) && isObject(meta.settings.compilationTarget) ? Object.values(meta.settings.compilationTarget)[0] : undefined;
    const name =
      typeof json.contractName === "string" && json.contractName !== ""
        ? json.contractName
        : typeof target === "string" && target !== ""
          ? target
          : nameFromFile(file);
    const extra: { sourceUnit?: string; natspec?: NatSpec } = {};
    if (typeof json.sourceName === "string") extra.sourceUnit = json.sourceName;
    let bytecode: unknown = json.bytecode;
    let refs: unknown = json.linkReferences;
    // Foundry: bytecode is { object, linkReferences }; NatSpec sits in metadata.output.
    if (isObject(bytecode)) {
      refs = bytecode.linkReferences;
      bytecode = bytecode.object;
    }
    const out = isObject(meta) && isObject(meta.output) ? meta.output : undefined;
    const ns = natspecOf(json.userdoc ?? out?.userdoc, json.devdoc ?? out?.devdoc);
    if (ns !== undefined) extra.natspec = ns;
    if (extra.sourceUnit === undefined && isObject(meta) && isObject(meta.settings) && isObject(meta.settings.compilationTarget)) {
      const target = Object.keys(meta.settings.compilationTarget)[0];
      if (target !== undefined) extra.sourceUnit = target;
    }
    if (extra.sourceUnit === undefined && isObject(json.ast) && typeof json.ast.absolutePath === "string") {
      extra.sourceUnit = json.ast.absolutePath;
    }
    return [source(name, file, json.abi, bytecode, refs, extra, options)];
  }
  throw new AbiFormatError("not an ABI array or a known artifact format");
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * --combined-json carries no linkReferences: its placeholders are `__$<keccak(key)[0:34]>$__`, so each
 * is matched against the `path:Name` keys of the same output to recover the library's name.
 */
function combinedLinkRefs(bin: unknown, keys: readonly string[]): Json | undefined {
  if (typeof bin !== "string" || !bin.includes("__$")) return undefined;
  // Loaded only here: most runs never need keccak, and ethers costs startup time.
  const { id } = createRequire(import.meta.url)("ethers") as { id(text: string): string };
  const byHash = new Map(keys.map((k) => [id(k).slice(2, 36), k] as const));
  const refs: Record<string, Record<string, { start: number; length: number }[]>> = {};
  const hex = bin.startsWith("0x") ? bin.slice(2) : bin;
  for (const m of hex.matchAll(/__\$([0-9a-fA-F]{34})\$__/g)) {
    const key = byHash.get(m[1]!.toLowerCase());
    if (key === undefined) return undefined;
    const colon = key.lastIndexOf(":");
    const unit = (refs[key.slice(0, colon)] ??= {});
    (unit[key.slice(colon + 1)] ??= []).push({ start: m.index / 2, length: 20 });
  }
  return refs;
}

function readSolcOutput(file: string, contracts: Json, options: ReadOptions): ContractSource[] {
  const out: ContractSource[] = [];
  for (const key of Object.keys(contracts).sort()) {
    const entry = contracts[key];
    if (!isObject(entry)) continue;
    if ("abi" in entry || "bin" in entry) {
      // --combined-json: "path/File.sol:Name" → { abi, bin, userdoc, devdoc }
      const colon = key.lastIndexOf(":");
      const name = colon >= 0 ? key.slice(colon + 1) : key;
      const unit = colon >= 0 ? key.slice(0, colon) : undefined;
      const ns = natspecOf(parseDoc(entry.userdoc), parseDoc(entry.devdoc));
      const extra: { sourceUnit?: string; natspec?: NatSpec } = {};
      if (unit !== undefined) extra.sourceUnit = unit;
      if (ns !== undefined) extra.natspec = ns;
      out.push(source(name, file, entry.abi, entry.bin, combinedLinkRefs(entry.bin, Object.keys(contracts)), extra, options));
      continue;
    }
    // standard-json: "path/File.sol" → { Name: { abi, evm: { bytecode: { object, linkReferences } }, userdoc, devdoc } }
    for (const name of Object.keys(entry).sort()) {
      const c = entry[name];
      if (!isObject(c)) continue;
      const evm = isObject(c.evm) ? c.evm : {};
      const bc = isObject(evm.bytecode) ? evm.bytecode : {};
      const extra: { sourceUnit?: string; natspec?: NatSpec } = { sourceUnit: key };
      const ns = natspecOf(c.userdoc, c.devdoc);
      if (ns !== undefined) extra.natspec = ns;
      out.push(source(name, file, c.abi ?? [], bc.object, bc.linkReferences, extra, options));
    }
  }
  return out;
}

function parseDoc(v: unknown): unknown {
  return typeof v === "string" ? safeParse(v) : v;
}

/**
 * Reads every input: good contracts, per-file problems and warnings (one per skipped item, the
 * contract's `skipped` text), all in sorted file order.
 */
export function readInputs(
  paths: readonly string[],
  cwd = process.cwd(),
  options: ReadOptions = {},
): { contracts: ContractSource[]; problems: InputProblem[]; warnings: InputProblem[] } {
  const { files, problems } = listInputFiles(paths);
  const contracts: ContractSource[] = [];
  const warnings: InputProblem[] = [];
  const readSibling = (p: string): string | undefined => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  };
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    try {
      const found = readInputFile(shown, readFileSync(file, "utf8"), readSibling, options);
      if (found !== null) contracts.push(...found);
      for (const c of found ?? []) for (const w of c.skipped ?? []) warnings.push({ file: shown, reason: w });
    } catch (e) {
      problems.push({ file: shown, reason: e instanceof AbiFormatError ? e.message : `cannot read (${(e as Error).message})` });
    }
  }
  return { contracts, problems, warnings };
}
