// One codegen run: inputs → files in memory → disk (or a --check comparison).
//
// Incremental by construction: each contract's files depend only on its ABI, bytecode, NatSpec and
// assigned type name, and each shared file (index.js …) is a fixed head and tail around one block
// of lines per contract in type-name order. So the cache (codegenCache.ts) keeps, per input file,
// its content hash and contract names, and per contract its file list and shared-file lines; a run
// re-reads only inputs whose stat changed, regenerates only contracts whose content or type name
// changed, and rebuilds the shared files from the cached lines. --check never reads the cache: it
// generates everything from scratch with generate() and compares.
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
  dirStats,
  inputStatKey,
  optionsKey,
  outputStatKey,
  readCache,
  readContracts,
  shownPath,
} from "./codegenCache.ts";
import { BANNER_LINE, type GenerateOptions, assignNames, generate } from "./generate.ts";
import { listInputFiles } from "./listInputs.ts";
import { type ContractSource, type InputProblem, readInputFile, readInputs } from "./readInputs.ts";
import { type OutputDiff, diffOutput, existingGenerated, pruneEmptyDirs, writeFileAtomic, writeOutput } from "./writeOutput.ts";

export { GENERATOR_VERSION };

// Builtins through getBuiltinModule: ESM imports of node:crypto and node:fs build facades that
// cost ~20 ms per run; worker_threads is loaded only when a run has enough files to write.
const { createHash } = process.getBuiltinModule("node:crypto");
const { readFileSync, rmSync, writeFileSync } = process.getBuiltinModule("node:fs");
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
  readonly check?: boolean;
  readonly single?: SingleInput;
}

export interface CodegenResult {
  readonly problems: InputProblem[];
  readonly written: string[];
  readonly removed: string[];
  /** --check only: what differs. */
  readonly diff?: OutputDiff;
  /** True when the cache showed nothing to do. */
  readonly cached: boolean;
  /** Contracts in the output; -1 when the cache answered without counting. */
  readonly contracts: number;
  /** Contracts whose files were generated this run (the rest came from the cache). */
  readonly regenerated?: number;
}

function readSingle(single: SingleInput): ContractSource[] {
  const found = readInputFile(single.label, single.abiText, () => single.binText);
  if (found === null || found.length === 0) throw new AbiFormatError("no contract in this input");
  if (single.typeName !== undefined) {
    if (found.length > 1) throw new AbiFormatError("--type needs an input holding exactly one contract");
    return [{ ...found[0]!, name: single.typeName }];
  }
  return found;
}

function reason(e: unknown): string {
  return e instanceof AbiFormatError ? e.message : `cannot read (${(e as Error).message})`;
}

export async function runCodegen(req: CodegenRequest): Promise<CodegenResult> {
  if (req.single !== undefined) {
    const problems: InputProblem[] = [];
    let contracts: ContractSource[] = [];
    try {
      contracts = readSingle(req.single);
    } catch (e) {
      problems.push({ file: req.single.label, reason: e instanceof Error ? e.message : String(e) });
    }
    const files = generate(contracts, req);
    if (req.check === true) return { problems, written: [], removed: [], diff: diffOutput(req.out, files), cached: false, contracts: contracts.length };
    return { problems, ...writeOutput(req.out, files), cached: false, contracts: contracts.length };
  }
  if (req.check === true) {
    const { contracts, problems } = readInputs(req.inputs);
    const files = generate(contracts, req);
    return { problems, written: [], removed: [], diff: diffOutput(req.out, files), cached: false, contracts: contracts.length };
  }
  return incremental(req);
}

// Mirrors generate()'s order before naming, so names (and their tie-breaks) come out the same.
function sortKey(s: ContractMeta): string {
  return `${s.sourceUnit ?? ""}\u0000${s.name}\u0000${s.file}`;
}

function lines(text: string): string[] {
  return text.split("\n");
}

/** Head and tail line counts of each shared file: what surrounds the per-contract blocks. */
type Frame = Record<string, [number, number]>;

function frameOf(empty: ReadonlyMap<string, string>, one: ReadonlyMap<string, string>): Frame | null {
  const frame: Frame = {};
  for (const [p, text] of empty) {
    const b = one.get(p);
    if (b === undefined) return null;
    const x = lines(text);
    const y = lines(b);
    let head = 0;
    while (head < x.length && head < y.length && x[head] === y[head]) head++;
    let tail = 0;
    while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
    frame[p] = [head, tail];
  }
  return frame;
}

/** One contract's output, split into its own files and its block of lines in each shared file. */
function splitOne(files: ReadonlyMap<string, string>, empty: ReadonlyMap<string, string>, frame: Frame): ContractEntry | null {
  const own: string[] = [];
  const frags: Record<string, string> = {};
  for (const [p, text] of files) {
    const f = frame[p];
    if (f === undefined) {
      own.push(p);
      continue;
    }
    const e = empty.get(p)!;
    // common.d.ts and the like do not depend on the contracts at all.
    if (text === e) {
      frags[p] = "";
      continue;
    }
    const x = lines(e);
    const y = lines(text);
    const [head, tail] = f;
    if (y.length < head + tail) return null;
    for (let i = 0; i < head; i++) if (x[i] !== y[i]) return null;
    for (let i = 1; i <= tail; i++) if (x[x.length - i] !== y[y.length - i]) return null;
    frags[p] = y.slice(head, y.length - tail).join("\n");
  }
  return { files: own, frags };
}

function assembleShared(empty: ReadonlyMap<string, string>, frame: Frame, blocks: readonly ContractEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, text] of empty) {
    if (blocks.length === 0) {
      out.set(p, text);
      continue;
    }
    const x = lines(text);
    const [head, tail] = frame[p]!;
    const body = blocks.map((b) => b.frags[p]!).filter((f) => f !== "");
    out.set(p, [...x.slice(0, head), ...body, ...x.slice(x.length - tail)].join("\n"));
  }
  return out;
}

function hashOf(text: string, bin: string | undefined): string {
  return createHash("sha1").update(text).update(bin === undefined ? "\u0000-" : `\u0000+${bin}`).digest("hex");
}

interface Named {
  readonly meta: ContractMeta;
  readonly input: string;
  readonly index: number;
  readonly hash: string;
  typeName: string;
}

async function incremental(req: CodegenRequest): Promise<CodegenResult> {
  const cwd = process.cwd();
  const opts = optionsKey(req.exclude, req.aliases);
  let cache = readCache(req.out, opts);
  // An output edited or deleted by hand since the last run: start over (outputs are rewritten
  // only where they differ, so this costs generation time, not churn).
  if (cache !== null && changedOutputs(req.out, cache).length > 0) cache = null;
  const known = cache === null ? {} : readContracts(req.out, opts);
  const { files: inputFiles, problems } = listInputFiles(req.inputs);

  // 1. Inputs: reuse what the cache knows of untouched files; read and parse the rest.
  const inputs: Record<string, InputEntry> = {};
  const parsed = new Map<string, ContractSource[]>();
  const parse = (file: string): { entry: Omit<InputEntry, "st">; contracts: ContractSource[] } => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      return { entry: { hash: "", contracts: null, problem: reason(e) }, contracts: [] };
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
      const found = readInputFile(shownPath(file, cwd), text, readSibling);
      const metas = found === null ? null : found.map((c) => meta(c));
      return { entry: { hash: hashOf(text, bin), contracts: metas, ...(bare ? { bare } : {}) }, contracts: found ?? [] };
    } catch (e) {
      return { entry: { hash: hashOf(text, bin), contracts: null, problem: reason(e), ...(bare ? { bare } : {}) }, contracts: [] };
    }
  };
  for (const f of inputFiles) {
    const prev = cache?.inputs[f];
    if (prev !== undefined && prev.st === inputStatKey(f, cwd, prev.bare === true)) {
      inputs[f] = prev;
    } else {
      // Stat before reading, so an edit racing this run shows up as a change next time.
      const before = inputStatKey(f, cwd, true) ?? "";
      const { entry, contracts } = parse(f);
      const st = entry.bare === true ? before : before.replace(/\|[^|]*\|/, "|-|");
      // A touch that changed nothing keeps the cached entry (and so every cached output).
      inputs[f] = prev !== undefined && prev.hash === entry.hash && entry.hash !== "" ? { ...prev, st } : { ...entry, st };
      if (inputs[f] !== prev) parsed.set(f, contracts);
    }
    const problem = inputs[f]!.problem;
    if (problem !== undefined) problems.push({ file: shownPath(f, cwd), reason: problem });
  }

  // 2. Names, over every contract, as generate() assigns them.
  const exclude = new Set(req.exclude ?? []);
  const all: Named[] = [];
  for (const f of inputFiles) {
    const e = inputs[f]!;
    (e.contracts ?? []).forEach((m, index) => {
      if (exclude.has(m.name) || (m.sourceUnit !== undefined && exclude.has(`${m.sourceUnit}:${m.name}`))) return;
      all.push({ meta: m, input: f, index, hash: e.hash, typeName: "" });
    });
  }
  all.sort((a, b) => (sortKey(a.meta) < sortKey(b.meta) ? -1 : sortKey(a.meta) > sortKey(b.meta) ? 1 : 0));
  const stubs = all.map((n) => ({ ...n.meta, abi: undefined, links: [] }) as unknown as ContractSource);
  assignNames(stubs).forEach((r, i) => (all[i]!.typeName = r.typeName));
  all.sort((a, b) => (a.typeName < b.typeName ? -1 : a.typeName > b.typeName ? 1 : 0));

  // 3. Per contract: the cached entry, or generation on its own (under its final type name).
  const genOpts: GenerateOptions = req.aliases !== undefined ? { aliases: req.aliases } : {};
  const empty = generate([], genOpts);
  const cachedFrame = cache?.frame;
  let frame: Frame | null = cachedFrame !== undefined && [...empty.keys()].every((p) => cachedFrame[p] !== undefined) ? { ...cachedFrame } : null;
  const contracts: Record<string, ContractEntry> = {};
  // Without a cache there is no record of what is on disk: compare with it (banner files only).
  const existing = cache === null ? existingGenerated(req.out) : null;
  const writer = new AsyncWriter();
  const written: string[] = [];
  const put = (p: string, text: string): void => {
    let cur: string | undefined;
    if (existing !== null) cur = existing.get(p);
    else {
      try {
        cur = readFileSync(join(req.out, p), "utf8");
      } catch {
        cur = undefined;
      }
    }
    if (cur === text) return;
    writer.write(join(req.out, p), text);
    written.push(p);
  };
  const sourceOf = (n: Named): ContractSource => {
    let list = parsed.get(n.input);
    if (list === undefined) {
      list = parse(n.input).contracts;
      parsed.set(n.input, list);
    }
    return list[n.index]!;
  };
  const renamed = (n: Named): ContractSource => {
    const { sourceUnit: _unit, ...src } = sourceOf(n);
    return { ...src, name: n.typeName, file: n.typeName };
  };
  let regenerated = 0;
  for (const n of all) {
    const key = keyOf(n);
    const hit = known[key];
    if (hit !== undefined && frame !== null) {
      contracts[key] = hit;
      continue;
    }
    const files = generate([renamed(n)], genOpts);
    frame ??= frameOf(empty, files);
    const entry = frame === null ? null : splitOne(files, empty, frame);
    if (entry === null || !entry.files.includes(`${n.typeName}.d.ts`)) return await fullRun(req);
    contracts[key] = entry;
    regenerated++;
    // Written while the next contracts are generated: the write syscalls run on libuv's
    // threads, so disk time overlaps generation instead of adding to it.
    for (const p of entry.files) put(p, files.get(p)!);
  }
  const blocks = all.map((n) => contracts[keyOf(n)]!);
  const shared = assembleShared(empty, frame ?? {}, blocks);
  // Without a cache, prove the model on a few contracts together before trusting it for all.
  if (cache === null && all.length > 1) {
    const few = all.slice(0, 3);
    const together = generate(few.map(renamed), genOpts);
    const parts = assembleShared(empty, frame ?? {}, few.map((n) => contracts[keyOf(n)]!));
    for (const [p, text] of parts) if (together.get(p) !== text) return await fullRun(req);
  }

  // 4. Disk: the shared files, then removal of what no contract produces any more.
  for (const [p, text] of shared) put(p, text);
  const expected = new Set<string>(shared.keys());
  for (const e of Object.values(contracts)) for (const p of e.files) expected.add(p);
  await writer.done();
  written.sort();
  const removed: string[] = [];
  const candidates = existing !== null ? [...existing.keys()] : Object.keys(cache?.outputs ?? {});
  for (const p of candidates.sort()) {
    if (expected.has(p)) continue;
    const full = join(req.out, p);
    let head = "";
    try {
      head = existing?.get(p) ?? readFileSync(full, "utf8").slice(0, BANNER_LINE.length);
    } catch {
      continue;
    }
    // Only files carrying the banner are ever removed.
    if (!head.startsWith(BANNER_LINE)) continue;
    rmSync(full, { force: true });
    pruneEmptyDirs(req.out, full);
    removed.push(p);
  }

  // 5. The cache, with the stat of every output as it now is.
  const outputs: Record<string, string> = {};
  const writtenSet = new Set(written);
  for (const p of [...expected].sort()) {
    const prev = cache?.outputs[p];
    outputs[p] = prev !== undefined && !writtenSet.has(p) ? prev : (outputStatKey(req.out, p) ?? "");
  }
  const next: CacheFile = { v: GENERATOR_VERSION, opts, ...(frame !== null ? { frame } : {}), inputs, outputs, clean: problems.length === 0 };
  // Contracts first: a crash between the two leaves the old manifest, which then still matches.
  if (regenerated > 0 || cache === null) writeFileAtomic(join(req.out, CONTRACTS_FILE), JSON.stringify({ v: GENERATOR_VERSION, opts, contracts }));
  writeFileAtomic(join(req.out, CACHE_FILE), JSON.stringify(next));
  // Now that every file (the manifest too) is in place, record the directories' stats, rewriting
  // the manifest in place: an in-place write leaves the directory's own mtime alone.
  writeFileSync(join(req.out, CACHE_FILE), JSON.stringify({ ...next, dirs: dirStats(req.out, expected) }));
  return { problems, written, removed, cached: written.length + removed.length === 0 && regenerated === 0, contracts: all.length, regenerated };
}

// The writer thread's code: plain CommonJS, so starting it costs no module loading.
const WRITER_THREAD = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const dirs = new Set();
let error = null;
parentPort.on("message", (m) => {
  if (m === null) return parentPort.postMessage(error);
  for (const [file, text, tmp] of m) write(file, text, tmp);
});
function write(file, text, tmp) {
  if (error !== null) return;
  try {
    const dir = path.dirname(file);
    if (!dirs.has(dir)) { fs.mkdirSync(dir, { recursive: true }); dirs.add(dir); }
    try {
      // A new file needs no temp file: nothing could read a half-old, half-new version of it.
      fs.writeFileSync(file, text, { flag: "wx" });
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, file);
    }
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }); } catch {}
    error = file + ": " + (e && e.message ? e.message : String(e));
  }
}
`;

/**
 * Atomic writes (temp file, then rename). The first few go straight to disk; past that, a writer
 * thread takes them, so on a big run the disk time (a third of a cold run) overlaps generation on
 * the other core instead of adding to it. done() waits for every write.
 */
class AsyncWriter {
  #worker: import("node:worker_threads").Worker | null = null;
  #direct = 0;
  #n = 0;

  write(path: string, text: string): void {
    if (this.#worker === null && this.#direct < 16) {
      this.#direct++;
      writeFileAtomic(path, text);
      return;
    }
    this.#worker ??= new (process.getBuiltinModule("node:worker_threads").Worker)(WRITER_THREAD, { eval: true });
    // Batched: one message per file costs more in messaging than the write itself.
    this.#batch.push([path, text, `${path}.${process.pid}.${this.#n++}.tmp`]);
    if (this.#batch.length >= 32) this.#flush();
  }

  #batch: [string, string, string][] = [];

  #flush(): void {
    if (this.#batch.length === 0) return;
    this.#worker!.postMessage(this.#batch);
    this.#batch = [];
  }

  async done(): Promise<void> {
    const w = this.#worker;
    if (w === null) return;
    this.#flush();
    const error = await new Promise<string | null>((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
      w.postMessage(null);
    });
    await w.terminate();
    if (error !== null) throw new Error(`cannot write ${error}`);
  }
}

function keyOf(n: Named): string {
  return `${n.hash}#${n.index}#${n.typeName}`;
}

function meta(c: ContractSource): ContractMeta {
  return c.sourceUnit !== undefined ? { name: c.name, file: c.file, sourceUnit: c.sourceUnit } : { name: c.name, file: c.file };
}

/** The safety net when the shared-file model does not hold: everything, uncached. */
async function fullRun(req: CodegenRequest): Promise<CodegenResult> {
  const { contracts, problems } = readInputs(req.inputs);
  const files = generate(contracts, req);
  const { written, removed } = writeOutput(req.out, files);
  rmSync(join(req.out, CACHE_FILE), { force: true });
  rmSync(join(req.out, CONTRACTS_FILE), { force: true });
  return { problems, written, removed, cached: false, contracts: contracts.length, regenerated: contracts.length };
}
