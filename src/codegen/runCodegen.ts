// One codegen run: inputs → files in memory → disk (or a --check comparison), in named stages:
//
//   listInputs → readChangedInputs → nameContracts → emitContracts → writeAndPrune → saveCache
//
// Incremental by construction: a contract's files depend only on its ABI, bytecode, NatSpec and
// assigned type name, and each shared file (index.js …) is a fixed head and tail around one block
// of lines per contract (generate.ts's indexLines, in type-name order). So the cache
// (codegenCache.ts) keeps, per input file, its stat, content hash and contract names, and per
// contract its file list and index lines; a run re-reads only inputs whose stat changed,
// re-emits only contracts whose content or type name changed or whose outputs were edited since,
// and assembles the shared files from the recorded lines with the same function generate() uses.
// The incremental result is generate()'s, byte for byte (test/integrations/incremental.test.ts).
//
// No run destroys good bindings: a file that turns bad keeps its previous contracts (and their
// files and index lines) until it is fixed, and only banner-carrying files are ever removed.
// --check never reads the cache: it generates everything from scratch and compares.
import { AbiFormatError } from "./abiModel.ts";
import {
  CACHE_FILE,
  CONTRACTS_FILE,
  type CacheFile,
  type ContractEntry,
  type ContractMeta,
  GENERATOR_VERSION,
  type InputEntry,
  changedOutputs,
  inputStatKey,
  optionsKey,
  outputStatKey,
  readCache,
  readContracts,
  shownPath,
} from "./codegenCache.ts";
import {
  BANNER_LINE,
  type ContractOutput,
  type GenerateOptions,
  type IndexLines,
  type Layout,
  assembleSharedFiles,
  assignNames,
  byStem,
  compareSources,
  emitContractFiles,
  generate,
  indexLines,
  placeContracts,
  sortedFiles,
} from "./generate.ts";
import { stemOf } from "./typechainLayout.ts";
import { excludeMatcher } from "./exclude.ts";
import { UsageError } from "../errors/AbibindError.ts";
import { listInputFiles } from "./listInputs.ts";
import { type ContractSource, type InputProblem, readInputFile, readInputs } from "./readInputs.ts";
import { type OutputDiff, diffOutput, existingGenerated, pruneEmptyDirs } from "./writeOutput.ts";
import { writeFileAtomic } from "../files/writeFileAtomic.ts";
import { CodegenStaleError, CodegenWriteError } from "../errors/codegenErrors.ts";

export { GENERATOR_VERSION };

// Builtins through getBuiltinModule: ESM imports of node:crypto and node:fs build facades that
// cost ~20 ms per run.
const { createHash } = process.getBuiltinModule("node:crypto");
const { readFileSync, rmSync } = process.getBuiltinModule("node:fs");
const { join } = process.getBuiltinModule("node:path");

export interface SingleInput {
  /** Where the ABI came from (a path, or "-" for stdin), for messages. */
  readonly label: string;
  readonly abiText: string;
  readonly binText?: string;
  readonly typeName?: string;
}

export interface CodegenRequest extends GenerateOptions {
  readonly inputs: readonly string[];
  readonly out: string;
  /** Compare instead of writing: throws CodegenStaleError (CODEGEN_STALE) when anything differs. */
  readonly check?: boolean;
  /** Ignore the cache: re-read every input and compare every output with what is on disk. */
  readonly force?: boolean;
  /** abigen's single mode: one ABI (+ bin) added to or replaced in `out`; nothing else is removed. */
  readonly single?: SingleInput;
}

export interface CodegenResult {
  /** Inputs that could not be bound (the run's exit is 1); their previous bindings stay. */
  readonly problems: InputProblem[];
  /** Items skipped in otherwise good inputs (`<Contract>.<signature>: skipped, …`); errors under `strict`. */
  readonly warnings: InputProblem[];
  readonly written: string[];
  readonly removed: string[];
  /** --check only: what differs. */
  readonly diff?: OutputDiff;
  /** True when the run found nothing to do. */
  readonly cached: boolean;
  /** Contracts in the output. */
  readonly contracts: number;
  /** Contracts whose files were generated this run (the rest came from the cache). */
  readonly regenerated: number;
}

export async function runCodegen(req: CodegenRequest): Promise<CodegenResult> {
  if (req.single !== undefined) {
    if (req.layout === "typechain") throw new UsageError("the typechain layout derives paths from INPUT files: it does not apply to --abi");
    return runSingle(req, req.single);
  }
  if (req.check === true) {
    const { contracts, problems, warnings } = readInputs(req.inputs, process.cwd(), { strict: req.strict === true });
    const exclude = excludeMatcher(req.exclude);
    for (const c of contracts) exclude.matches(c);
    checkExcludes(exclude.unused());
    checkAliases(req.aliases, contracts);
    const files = generate(contracts, req);
    const diff = diffOutput(req.out, files);
    if (diff.stale.length + diff.missing.length + diff.extra.length > 0) throw new CodegenStaleError(req.out, diff, problems);
    return { problems, warnings, written: [], removed: [], diff, cached: false, contracts: contracts.length, regenerated: contracts.length };
  }
  return runIncremental(req);
}

// ---------------------------------------------------------------------------------------------
// The incremental run.

/** What the previous run left: its cache record and per-contract entries (null: none, or --force). */
interface PreviousRun {
  readonly cache: CacheFile;
  readonly contracts: Readonly<Record<string, ContractEntry>>;
  /** Outputs whose stat changed since that run: edited, replaced or deleted by hand. */
  readonly damaged: ReadonlySet<string>;
}

/** An input file as this run knows it. */
interface InputState {
  readonly entry: InputEntry;
  /** Parsed this run (null: not read yet, the cache answered). */
  sources: ContractSource[] | null;
  /** The file is bad now, and its contracts are those of its last good version. */
  readonly keptFromLastGood: boolean;
}

/** A contract of this run, named and placed. */
interface PlannedContract {
  readonly input: string;
  /** Its position among its file's contracts. */
  readonly index: number;
  readonly meta: ContractMeta;
  readonly typeName: string;
  /** Its directory in the typechain layout ("" in the flat one). */
  readonly dir: string;
  /** Cache key: content hash, position and path (directory and type name), which together decide its files. */
  readonly key: string;
}

/** What emitting gave: an entry per contract, and the files produced this run. */
interface Emitted {
  /** [cache key, entry], in type-name order. */
  readonly entries: (readonly [string, ContractEntry])[];
  readonly files: Map<string, string>;
  readonly regenerated: number;
  /** Contracts the emitters refused (reported against their input). */
  readonly problems: InputProblem[];
}

async function runIncremental(req: CodegenRequest): Promise<CodegenResult> {
  const cwd = process.cwd();
  const strict = req.strict === true;
  const layout = req.layout ?? "flat";
  const opts = optionsKey(req.exclude, req.aliases, strict, layout);
  const previous = req.force === true ? null : readPreviousRun(req.out, opts);

  const listed = listInputFiles(req.inputs);
  const read = readChangedInputs(listed.files, previous, cwd, strict);
  const plan = nameContracts(listed.files, read.inputs, req.exclude, layout);
  checkAliases(req.aliases, [...read.inputs].flatMap(([file, state]) => (state.keptFromLastGood ? [] : (state.sources ??= parseInput(file, cwd, strict).sources))));
  const emitted = emitContracts(plan, read.inputs, previous, req, strict);
  const problems = [...listed.problems, ...read.problems, ...emitted.problems];
  const entries = emitted.entries.map(([, e]) => e).sort(byStem);
  const shared = assembleSharedFiles(
    entries.map((e) => e.index as IndexLines),
    layout === "typechain" ? entries.map((e) => ({ dir: e.dir ?? "", typeName: e.typeName })) : undefined,
  );
  const disk = await writeAndPrune(req.out, emitted, shared, previous, problems.length > 0);
  saveCache(req.out, opts, previous, read.inputs, emitted, disk, problems.length === 0 && read.warnings.length === 0);
  return {
    problems,
    warnings: read.warnings,
    written: disk.written,
    removed: disk.removed,
    cached: disk.written.length + disk.removed.length === 0 && emitted.regenerated === 0,
    contracts: emitted.entries.length,
    regenerated: emitted.regenerated,
  };
}

function readPreviousRun(out: string, opts: string): PreviousRun | null {
  const cache = readCache(out, opts);
  if (cache === null) return null;
  return { cache, contracts: readContracts(out, opts), damaged: new Set(changedOutputs(out, cache)) };
}

// Stage: read what changed. Untouched files (same stat) are answered by the cache; the rest are
// read and parsed. A touch without a content change keeps the cached entry.
function readChangedInputs(
  files: readonly string[],
  previous: PreviousRun | null,
  cwd: string,
  strict: boolean,
): { inputs: Map<string, InputState>; problems: InputProblem[]; warnings: InputProblem[] } {
  const inputs = new Map<string, InputState>();
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  for (const file of files) {
    const prev = previous?.cache.inputs[file];
    let state: InputState;
    if (prev !== undefined && prev.st === inputStatKey(file, cwd, prev.bare === true)) {
      state = { entry: prev, sources: null, keptFromLastGood: prev.problem !== undefined && prev.contracts !== null };
    } else {
      // Stat before reading, so an edit racing this run shows up as a change next time.
      const before = inputStatKey(file, cwd, true) ?? "";
      const { entry, sources } = parseInput(file, cwd, strict);
      const st = entry.bare === true ? before : before.replace(/\|[^|]*\|/, "|-|");
      if (prev !== undefined && entry.problem === undefined && prev.problem === undefined && prev.hash === entry.hash) {
        state = { entry: { ...prev, st }, sources, keptFromLastGood: false };
      } else if (entry.problem !== undefined && prev !== undefined && prev.contracts !== null && prev.contracts.length > 0) {
        // Bad now, good before: its bindings stay as they were until it is fixed.
        state = { entry: { ...prev, st, problem: entry.problem }, sources: null, keptFromLastGood: true };
      } else {
        state = { entry: { ...entry, st }, sources, keptFromLastGood: false };
      }
    }
    inputs.set(file, state);
    if (state.entry.problem !== undefined) problems.push({ file: shownPath(file, cwd), reason: state.entry.problem });
    else for (const w of state.entry.warnings ?? []) warnings.push({ file: shownPath(file, cwd), reason: w });
  }
  return { inputs, problems, warnings };
}

function parseInput(file: string, cwd: string, strict: boolean): { entry: Omit<InputEntry, "st">; sources: ContractSource[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { entry: { hash: "", contracts: null, problem: reason(e) }, sources: [] };
  }
  let bare = false;
  let bin: string | undefined;
  const readSibling = (p: string): string | undefined => {
    bare = true;
    try {
      bin = readFileSync(p, "utf8");
    } catch {
      bin = undefined;
    }
    return bin;
  };
  try {
    const found = readInputFile(shownPath(file, cwd), text, readSibling, { strict });
    const metas = found === null ? null : found.map((c) => metaOf(c.abi.normalized.length + c.abi.skipped.length === 0 ? { ...c, empty: true } : c));
    const warnings = (found ?? []).flatMap((c) => c.skipped ?? []);
    return { entry: { hash: hashOf(text, bin), contracts: metas, ...(bare ? { bare } : {}), ...(warnings.length > 0 ? { warnings } : {}) }, sources: found ?? [] };
  } catch (e) {
    return { entry: { hash: hashOf(text, bin), contracts: null, problem: reason(e), ...(bare ? { bare } : {}) }, sources: [] };
  }
}

// Stage: assign names (and places), once, over every contract, with the rule generate() uses.
function nameContracts(files: readonly string[], inputs: ReadonlyMap<string, InputState>, excludes: readonly string[] | undefined, layout: Layout): PlannedContract[] {
  const exclude = excludeMatcher(excludes);
  type Found = ContractMeta & { input: string; index: number; hash: string };
  const all: Found[] = [];
  const found: Found[] = [];
  for (const input of files) {
    const { entry } = inputs.get(input)!;
    (entry.contracts ?? []).forEach((m, index) => {
      const c = { ...m, input, index, hash: entry.hash };
      all.push(c);
      if (!exclude.matches(m)) found.push(c);
    });
  }
  checkExcludes(exclude.unused());
  found.sort(compareSources);
  return placeContracts(found, all, layout)
    .map(({ source: c, typeName, dir }) => ({ input: c.input, index: c.index, meta: metaOf(c), typeName, dir, key: `${c.hash}#${c.index}#${stemOf({ dir, typeName })}` }))
    .sort(byStem);
}

// Stage: emit. A contract whose entry is known and whose files are intact comes from the cache;
// the rest are generated under their final names. A contract of a file that is bad now cannot be
// generated: its last good entry stands, files and index lines as they were.
function emitContracts(plan: readonly PlannedContract[], inputs: ReadonlyMap<string, InputState>, previous: PreviousRun | null, options: GenerateOptions, strict: boolean): Emitted {
  const layout = options.layout ?? "flat";
  const genOpts: GenerateOptions = options.aliases !== undefined ? { aliases: options.aliases } : {};
  const entries: (readonly [string, ContractEntry])[] = [];
  const files = new Map<string, string>();
  const problems: InputProblem[] = [];
  let regenerated = 0;
  for (const c of plan) {
    const state = inputs.get(c.input)!;
    const known = previous?.contracts[c.key];
    if (state.keptFromLastGood) {
      const last = known !== undefined ? ([c.key, known] as const) : lastEntryOf(previous, c);
      if (last !== undefined) entries.push(last);
      continue;
    }
    // Known, and its files are on disk as the last run left them (an entry may outlive its files:
    // a contract removed and later restored with the same content).
    if (known !== undefined && known.files.every((f) => previous!.cache.outputs[f] !== undefined && !previous!.damaged.has(f))) {
      entries.push([c.key, known]);
      continue;
    }
    state.sources ??= parseInput(c.input, process.cwd(), strict).sources;
    const source = state.sources[c.index];
    if (source === undefined) throw new Error(`internal: ${c.input} lost contract #${c.index} between reading and emitting`);
    const { sourceUnit: _unit, ...rest } = source;
    let out: ContractOutput;
    try {
      out = emitContractFiles({ ...rest, name: c.typeName, file: c.typeName }, c.typeName, genOpts, c.dir);
    } catch (e) {
      // The emitters refuse to write code that cannot load (an identifier outside the grammar):
      // the input is reported, and whatever it had before stays.
      if (!(e instanceof AbiFormatError)) throw e;
      problems.push({ file: shownPath(c.input, process.cwd()), reason: e.message });
      const last = known !== undefined ? ([c.key, known] as const) : lastEntryOf(previous, c);
      if (last !== undefined) entries.push(last);
      continue;
    }
    for (const [p, text] of out.files) files.set(p, text);
    // The typechain layout's barrels come from places, not from per-contract lines.
    entries.push([c.key, layout === "flat" ? { typeName: c.typeName, files: [...out.files.keys()], index: out.index } : { typeName: c.typeName, dir: c.dir, files: [...out.files.keys()], index: {} }]);
    regenerated++;
  }
  return { entries, files, regenerated, problems };
}

/** The entry a contract had under its last good content (its key's hash is the last good one). */
function lastEntryOf(previous: PreviousRun | null, c: PlannedContract): readonly [string, ContractEntry] | undefined {
  if (previous === null) return undefined;
  const prefix = c.key.slice(0, c.key.lastIndexOf("#") + 1);
  return Object.entries(previous.contracts).find(([key]) => key.startsWith(prefix));
}

/** What writing did. */
interface DiskChanges {
  readonly written: string[];
  readonly removed: string[];
  /** Every output this run stands for, with the stat to record. */
  readonly outputs: Record<string, string>;
}

// Stage: write what differs from the disk and remove what no contract produces any more. Only
// banner-carrying files are removed, and only those a previous run recorded as its own; without
// that record (first run, --force), a run with bad inputs removes nothing, since it cannot tell
// which outputs belonged to them.
async function writeAndPrune(out: string, emitted: Emitted, shared: ReadonlyMap<string, string>, previous: PreviousRun | null, hasProblems: boolean): Promise<DiskChanges> {
  const existing = previous === null ? existingGenerated(out) : null;
  const current = (p: string): string | undefined => {
    if (existing !== null) return existing.get(p);
    try {
      return readFileSync(join(out, p), "utf8");
    } catch {
      return undefined;
    }
  };
  const changed = [...sortedFiles([...emitted.files, ...shared])].filter(([p, text]) => current(p) !== text);
  writeOutputs(out, changed);
  const written = changed.map(([p]) => p);

  const expected = new Set<string>(shared.keys());
  for (const [, e] of emitted.entries) for (const p of e.files) expected.add(p);
  const removed: string[] = [];
  const candidates = existing !== null ? (hasProblems ? [] : [...existing.keys()]) : Object.keys(previous!.cache.outputs);
  for (const p of candidates.sort()) {
    if (expected.has(p)) continue;
    const full = join(out, p);
    let head: string;
    try {
      head = existing?.get(p) ?? readFileSync(full, "utf8").slice(0, BANNER_LINE.length);
    } catch {
      continue;
    }
    if (!head.startsWith(BANNER_LINE)) continue;
    rmSync(full, { force: true });
    pruneEmptyDirs(out, full);
    removed.push(p);
  }

  const rewritten = new Set(written);
  const outputs: Record<string, string> = {};
  for (const p of [...expected].sort()) {
    const prev = previous?.cache.outputs[p];
    outputs[p] = prev !== undefined && !rewritten.has(p) && !previous!.damaged.has(p) ? prev : (outputStatKey(out, p) ?? "");
  }
  return { written, removed, outputs };
}

// Stage: save the cache. Contracts first: a crash between the two leaves the old manifest,
// which then still matches the old contract records.
function saveCache(
  out: string,
  opts: string,
  previous: PreviousRun | null,
  inputs: ReadonlyMap<string, InputState>,
  emitted: Emitted,
  disk: DiskChanges,
  clean: boolean,
): void {
  const contracts = Object.fromEntries(emitted.entries);
  const record: CacheFile = {
    v: GENERATOR_VERSION,
    opts,
    inputs: Object.fromEntries([...inputs].map(([f, s]) => [f, s.entry])),
    outputs: disk.outputs,
    clean,
  };
  const sameSet = previous !== null && emitted.entries.length === Object.keys(previous.contracts).length && emitted.entries.every(([k]) => previous.contracts[k] !== undefined);
  if (!sameSet) writeFileAtomic(join(out, CONTRACTS_FILE), JSON.stringify({ v: GENERATOR_VERSION, opts, contracts }));
  writeFileAtomic(join(out, CACHE_FILE), JSON.stringify(record));
}

// ---------------------------------------------------------------------------------------------
// abigen's single mode: one contract added to or replaced in `out`; the others stay, and stay in
// the index. A bad input changes nothing.

/** Contracts already listed in `out`'s index.d.ts, by type name (the index format is ours). */
function listedContracts(out: string): Map<string, IndexLines> {
  const listed = new Map<string, IndexLines>();
  let text: string;
  try {
    text = readFileSync(join(out, "index.d.ts"), "utf8");
  } catch {
    return listed;
  }
  if (!text.startsWith(BANNER_LINE)) return listed;
  for (const m of text.matchAll(/^export type \{ ([^,]+), ([^,]+), ([^ ]+) \} from "\.\/([^"]+)\.js";$/gm)) {
    if (m[1] === m[4]) listed.set(m[1]!, indexLines(m[1]!, m[2]!, m[3]!));
  }
  return listed;
}

async function runSingle(req: CodegenRequest, single: SingleInput): Promise<CodegenResult> {
  let sources: ContractSource[];
  try {
    sources = readSingle(single, req.strict === true);
  } catch (e) {
    return { problems: [{ file: single.label, reason: reason(e) }], warnings: [], written: [], removed: [], cached: false, contracts: 0, regenerated: 0 };
  }
  const warnings = sources.flatMap((c) => c.skipped ?? []).map((reason) => ({ file: single.label, reason }));
  const exclude = excludeMatcher(req.exclude);
  const kept = sources.filter((s) => !exclude.matches(s)).sort(compareSources);
  checkExcludes(exclude.unused());
  checkAliases(req.aliases, sources);
  const genOpts: GenerateOptions = req.aliases !== undefined ? { aliases: req.aliases } : {};
  const listed = listedContracts(req.out);
  const files = new Map<string, string>();
  for (const { source, typeName } of assignNames(kept)) {
    let one: ContractOutput;
    try {
      one = emitContractFiles(source, typeName, genOpts);
    } catch (e) {
      if (!(e instanceof AbiFormatError)) throw e;
      return { problems: [{ file: single.label, reason: e.message }], warnings, written: [], removed: [], cached: false, contracts: 0, regenerated: 0 };
    }
    for (const [p, text] of one.files) files.set(p, text);
    listed.set(typeName, one.index);
  }
  const blocks = [...listed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, lines]) => lines);
  for (const [p, text] of assembleSharedFiles(blocks)) files.set(p, text);
  const all = sortedFiles(files);
  if (req.check === true) {
    // The other contracts in DIR are not this run's business: only this one and the index count.
    const diff = { ...diffOutput(req.out, all), extra: [] };
    if (diff.stale.length + diff.missing.length > 0) throw new CodegenStaleError(req.out, diff);
    return { problems: [], warnings, written: [], removed: [], diff, cached: false, contracts: listed.size, regenerated: kept.length };
  }
  const changed = [...all].filter(([p, text]) => {
    try {
      return readFileSync(join(req.out, p), "utf8") !== text;
    } catch {
      return true;
    }
  });
  writeOutputs(req.out, changed);
  const written = changed.map(([p]) => p);
  return { problems: [], warnings, written, removed: [], cached: written.length === 0, contracts: listed.size, regenerated: kept.length };
}

function readSingle(single: SingleInput, strict: boolean): ContractSource[] {
  const found = readInputFile(single.label, single.abiText, () => single.binText, { strict });
  if (found === null || found.length === 0) throw new AbiFormatError("no contract in this input");
  if (single.typeName !== undefined) {
    if (found.length > 1) throw new AbiFormatError("--type needs an input holding exactly one contract");
    return [{ ...found[0]!, name: single.typeName }];
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Flags that match nothing are mistakes (a typo, a contract that is gone): said before anything
// is written, as usage errors.

function checkExcludes(unused: readonly string[]): void {
  if (unused.length > 0) throw new UsageError(`--exc ${unused.join(",")}: matches no contract (forms: Name, path:Name, *:Name, path:*)`);
}

function checkAliases(aliases: ReadonlyMap<string, string> | undefined, sources: readonly ContractSource[]): void {
  if (aliases === undefined || aliases.size === 0) return;
  for (const [from, to] of aliases) {
    const overloadedIn: string[] = [];
    let bindable = false;
    for (const s of sources) {
      const n = s.abi.functions.filter((f) => f.name === from).length;
      if (n === 1) bindable = true;
      else if (n > 1) overloadedIn.push(s.name);
    }
    if (bindable) continue;
    throw new UsageError(
      overloadedIn.length > 0
        ? `--alias ${from}=${to}: ${from} is overloaded in ${[...new Set(overloadedIn)].sort().join(", ")} (use its signature key)`
        : `--alias ${from}=${to}: no contract has a function ${from}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

function reason(e: unknown): string {
  if (e instanceof AbiFormatError) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  return `cannot read (${code ?? (e as Error).message})`;
}

function hashOf(text: string, bin: string | undefined): string {
  return createHash("sha1").update(text).update(bin === undefined ? "\u0000-" : `\u0000+${bin}`).digest("hex");
}

function metaOf(c: { name: string; file: string; sourceUnit?: string | undefined; empty?: boolean | undefined }): ContractMeta {
  return { name: c.name, file: c.file, ...(c.sourceUnit !== undefined ? { sourceUnit: c.sourceUnit } : {}), ...(c.empty === true ? { empty: true as const } : {}) };
}

/**
 * Writes generated files, each atomically; a failure is a CodegenWriteError naming the file. On
 * this thread, one after another: files in one directory serialise in the kernel, so neither the
 * thread pool nor a writer thread made a cold run faster (measured: bench/RESULTS.md, "Where a
 * cold run's time goes").
 */
function writeOutputs(out: string, files: readonly (readonly [string, string])[]): void {
  for (const [p, text] of files) {
    try {
      writeFileAtomic(join(out, p), text);
    } catch (e) {
      const cause = e as NodeJS.ErrnoException;
      throw new CodegenWriteError(`${join(out, p)}: ${cause.code ?? cause.message}`, { cause });
    }
  }
}
