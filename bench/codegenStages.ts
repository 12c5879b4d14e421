// One cold codegen, stage by stage, in a fresh process: `node bench/codegenStages.ts INPUT OUT`
// prints the milliseconds of each stage as JSON. The stages call the generator's own functions in
// the order runCodegen does (list, read, hash, parse, name, emit, assemble, write), but one after
// the other and all writes synchronous on this thread, so each stage's cost stands alone; the CLI
// overlaps writing with emitting on a writer thread, and adds its cache bookkeeping.
// Only builtins are imported statically: the generator's modules load under the timer.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { join, relative } from "node:path";

// performance.now() counts from the process's start: this is Node's own start-up.
const nodeStart = performance.now();
// As the bin launcher does: without it each start re-strips the TypeScript sources.
enableCompileCache();

const [input, out] = process.argv.slice(2);
if (input === undefined || out === undefined) throw new Error("usage: node bench/codegenStages.ts INPUT OUT");

const stages: Record<string, number> = { "Node start (process start to first line)": nodeStart };
let last = performance.now();
const lap = (name: string): void => {
  const now = performance.now();
  stages[name] = now - last;
  last = now;
};

const { listInputFiles } = await import("../src/codegen/listInputs.ts");
const { readInputFile } = await import("../src/codegen/readInputs.ts");
const { assembleSharedFiles, byStem, compareSources, emitContractFiles, placeContracts } = await import("../src/codegen/generate.ts");
const { checkIdentifiers } = await import("../src/codegen/checkIdentifiers.ts");
const { writeFileAtomic } = await import("../src/files/writeFileAtomic.ts");
// What the CLI's first run with work loads besides (cache, prune, exclusions): runCodegen's graph.
await import("../src/codegen/runCodegen.ts");
lap("load the generator's modules");

const { files } = listInputFiles([input]);
lap("list inputs");
const texts = files.map((f) => readFileSync(f, "utf8"));
lap("read inputs");
for (const t of texts) createHash("sha1").update(t).update("\u0000-").digest("hex");
lap("hash inputs (sha1, the cache key)");
for (const t of texts) JSON.parse(t);
lap("JSON.parse inputs");
const sources = files.flatMap((f, i) => readInputFile(relative(process.cwd(), f), texts[i]!, () => undefined) ?? []);
lap("readInputFile (JSON.parse again + ABI model)");
// readInputFile parses each file again: its ABI-model share is the difference.
stages["ABI model (readInputFile less JSON.parse)"] = stages["readInputFile (JSON.parse again + ABI model)"]! - stages["JSON.parse inputs"]!;
delete stages["readInputFile (JSON.parse again + ABI model)"];

const all = sources.map((s) => (s.abi.normalized.length + s.abi.skipped.length === 0 ? { ...s, empty: true } : s));
const placed = placeContracts([...all].sort(compareSources), all, "flat").sort(byStem);
lap("name contracts");
const outputs: ReturnType<typeof emitContractFiles>[] = [];
for (const { source, typeName, dir } of placed) outputs.push(emitContractFiles(source, typeName, {}, dir));
lap("emit contract files (checkIdentifiers included)");
// The identifier net again, alone, over the same files: its share of the emit stage.
for (const o of outputs) checkIdentifiers(o.files);
lap("of which checkIdentifiers (run again alone)");
const shared = assembleSharedFiles(outputs.map((o) => o.index));
lap("assemble shared files");
let n = 0;
let bytes = 0;
for (const [p, text] of [...outputs.flatMap((o) => [...o.files]), ...shared]) {
  writeFileAtomic(join(out, p), text);
  n++;
  bytes += text.length;
}
lap(`write ${n} files (${(bytes / 1e6).toFixed(1)} MB), synchronous`);

process.stdout.write(`${JSON.stringify({ contracts: outputs.length, inputs: files.length, stages })}\n`);
