// One codegen run: inputs → files in memory → disk (or a --check comparison). A content
// fingerprint cache makes a no-op re-run cost little more than listing and stat-ing the inputs.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { AbiFormatError } from "./abiModel.ts";
import { type GenerateOptions, generate } from "./generate.ts";
import { type ContractSource, type InputProblem, listInputFiles, readInputFile, readInputs } from "./readInputs.ts";
import { type OutputDiff, diffOutput, writeFileAtomic, writeOutput } from "./writeOutput.ts";

/** Bump when generated output changes shape, so caches written by older versions are ignored. */
export const GENERATOR_VERSION = "abibind-codegen-1";
const CACHE_FILE = ".abibind-cache.json";

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
  readonly contracts: number;
}

interface CacheFile {
  readonly key: string;
  readonly outputs: Record<string, [number, number]>;
}

function fingerprint(req: CodegenRequest): string | null {
  const { files, problems } = listInputFiles(req.inputs);
  if (problems.length > 0) return null;
  const h = createHash("sha256");
  h.update(JSON.stringify([GENERATOR_VERSION, req.exclude ?? [], [...(req.aliases ?? [])]]));
  for (const f of files) {
    const st = statSync(f);
    h.update(`\n${f}\u0000${st.size}\u0000${st.mtimeMs}`);
    // A sibling .bin is part of the input too.
    if (f.endsWith(".abi") || f.endsWith(".json")) {
      try {
        const b = statSync(f.replace(/\.(abi|json)$/, ".bin"));
        h.update(`\u0000bin${b.size}\u0000${b.mtimeMs}`);
      } catch {
        // no sibling
      }
    }
  }
  return h.digest("hex");
}

function readCache(out: string): CacheFile | null {
  try {
    return JSON.parse(readFileSync(join(out, CACHE_FILE), "utf8")) as CacheFile;
  } catch {
    return null;
  }
}

function cacheStillValid(out: string, cache: CacheFile, key: string): boolean {
  if (cache.key !== key) return false;
  for (const [p, [size, mtime]] of Object.entries(cache.outputs)) {
    try {
      const st = statSync(join(out, p));
      if (st.size !== size || st.mtimeMs !== mtime) return false;
    } catch {
      return false;
    }
  }
  return true;
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

export function runCodegen(req: CodegenRequest): CodegenResult {
  const key = req.single === undefined && req.check !== true ? fingerprint(req) : null;
  if (key !== null) {
    const cache = readCache(req.out);
    if (cache !== null && cacheStillValid(req.out, cache, key)) {
      return { problems: [], written: [], removed: [], cached: true, contracts: -1 };
    }
  }
  let contracts: ContractSource[];
  let problems: InputProblem[];
  if (req.single !== undefined) {
    problems = [];
    try {
      contracts = readSingle(req.single);
    } catch (e) {
      contracts = [];
      problems.push({ file: req.single.label, reason: e instanceof Error ? e.message : String(e) });
    }
  } else {
    ({ contracts, problems } = readInputs(req.inputs));
  }
  const files = generate(contracts, req);
  if (req.check === true) {
    return { problems, written: [], removed: [], diff: diffOutput(req.out, files), cached: false, contracts: contracts.length };
  }
  const { written, removed } = writeOutput(req.out, files);
  // Only a clean run is cached: a run with bad inputs must report them again next time.
  if (key !== null && problems.length === 0) {
    const outputs: Record<string, [number, number]> = {};
    for (const p of files.keys()) {
      const st = statSync(join(req.out, p));
      outputs[p] = [st.size, st.mtimeMs];
    }
    writeFileAtomic(join(req.out, CACHE_FILE), `${JSON.stringify({ key, outputs })}\n`);
  }
  return { problems, written, removed, cached: false, contracts: contracts.length };
}
