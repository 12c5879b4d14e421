// Where a cold `abibind codegen` of the OpenZeppelin corpus spends its time, three ways:
//   1. whole processes (medians): bare Node, the CLI answering --version, a no-op run, a cold run;
//   2. the generator's stages one by one in a fresh process (bench/codegenStages.ts);
//   3. a V8 CPU profile (--cpu-prof) of a real cold CLI run, main thread and writer thread, each
//      sample charged to the nearest abibind source frame on its stack.
// `node --conditions=abibind-source bench/codegenProfile.ts` prints the Markdown section that
// `npm run bench` records in bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyOzCorpus } from "./codegen.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const NODE = process.execPath;
const ABIBIND = join(ROOT, "bin/abibind.cjs");
const STAGES = join(ROOT, "bench/codegenStages.ts");

function wall(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(NODE, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  return ms;
}

/** Milliseconds to create `n` files of 8 KB in a new directory under `parent` (the write stage's unit of cost). */
function createFiles(parent: string, n: number): number {
  const dir = mkdtempSync(join(parent, "abibind-fs-"));
  try {
    const text = "x".repeat(8192);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `F${i}.d.ts`), text);
    return performance.now() - t0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

// ---------------------------------------------------------------------------------------------
// CPU profile analysis

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What a sample's time is spent on, from the nearest abibind frame on its stack (file and function). */
function category(file: string | undefined, fn: string, leaf: string): string {
  if (file === undefined) {
    if (leaf === "(idle)") return "idle (waiting on the other thread or on I/O)";
    if (leaf === "(garbage collector)") return "garbage collection";
    if (leaf === "(program)") return "V8 / Node native work";
    return "Node: bootstrap, module loading, type stripping";
  }
  const base = file.slice(file.lastIndexOf("/") + 1);
  if (base === "runCodegen.ts" && fn === "hashOf") return "hash inputs";
  if (["listInputs.ts", "readInputs.ts", "abiModel.ts"].includes(base)) return "read & validate inputs (JSON.parse, ABI model)";
  if (base === "checkIdentifiers.ts") return "identifier check (checkIdentifiers)";
  if (["emitContract.ts", "emitFactory.ts", "emitCommon.ts", "typeMapper.ts", "natspec.ts"].includes(base)) return "emit (emitContract, emitFactory, typeMapper, natspec)";
  if (["names.ts", "generate.ts", "typechainLayout.ts", "exclude.ts"].includes(base)) return "name & assemble (names, generate)";
  if (["writeFileAtomic.ts", "writeOutput.ts"].includes(base)) return "write files (open, write, rename)";
  if (base === "codegenCache.ts") return "cache (stat, save)";
  return "orchestration (runCodegen, CLI)";
}

interface ThreadBreakdown {
  readonly spanMs: number;
  readonly byCategory: Map<string, number>;
  /** Main thread: idle after its last generation sample, i.e. waiting for the writer thread. */
  readonly idleTailMs: number;
}

function analyse(profile: CpuProfile): ThreadBreakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const leaf = byId.get(id)!.callFrame.functionName;
    let cur: number | undefined = id;
    let cat: string | undefined;
    while (cur !== undefined) {
      const f = byId.get(cur)!.callFrame;
      const m = /\/(src|bench|bin)\/(.+)$/.exec(f.url);
      if (m !== null) {
        cat = category(m[2], f.functionName, leaf);
        break;
      }
      cur = parent.get(cur);
    }
    const c = cat ?? category(undefined, "", leaf);
    owner.set(id, c);
    return c;
  };
  const byCategory = new Map<string, number>();
  let t = 0;
  let lastWork = 0;
  const times: [number, string][] = [];
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i]! / 1000;
    t += dt;
    const c = categoryOf(profile.samples[i]!);
    byCategory.set(c, (byCategory.get(c) ?? 0) + dt);
    times.push([t, c]);
    if (c.startsWith("emit") || c.startsWith("name") || c.startsWith("identifier")) lastWork = t;
  }
  // The idle samples after the last generation sample: the writer thread's tail.
  let idleTailMs = 0;
  let prev = 0;
  for (const [at, c] of times) {
    if (at > lastWork && c.startsWith("idle")) idleTailMs += at - prev;
    prev = at;
  }
  return { spanMs: (profile.endTime - profile.startTime) / 1000, byCategory, idleTailMs };
}

// ---------------------------------------------------------------------------------------------

export interface CodegenProfile {
  readonly markdown: string;
}

export function profileCodegen(log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): CodegenProfile {
  // Where bench/codegen.ts works too, so the two sections' figures compare.
  const work = mkdtempSync(join(tmpdir(), "abibind-profile-"));
  try {
    const corpus = join(work, "oz");
    const n = copyOzCorpus(corpus);
    const out = (): string => mkdtempSync(join(work, "out-"));
    // Warm the OS file cache and Node's compile cache (both tools' benchmarks do the same).
    wall([ABIBIND, "codegen", corpus, "--out", out()], work);
    wall([STAGES, corpus, out()], work);
    const RUNS = 7;
    // Cold runs alternate between the disk and, where there is one, a RAM file system: file
    // creation on this shared machine's disk swings by 10× with other jobs, memory does not.
    const shm = existsSync("/dev/shm") ? mkdtempSync("/dev/shm/abibind-profile-") : undefined;
    const cold: number[] = [];
    const coldShm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      cold.push(wall([ABIBIND, "codegen", corpus, "--out", out()], work));
      if (shm !== undefined) coldShm.push(wall([ABIBIND, "codegen", corpus, "--out", mkdtempSync(join(shm, "out-"))], work));
    }
    if (shm !== undefined) rmSync(shm, { recursive: true, force: true });
    const proc = {
      bare: median(Array.from({ length: RUNS }, () => wall(["-e", "0"], work))),
      version: median(Array.from({ length: RUNS }, () => wall([ABIBIND, "--version"], work))),
      noop: 0,
      cold: median(cold),
      coldShm: coldShm.length > 0 ? median(coldShm) : undefined,
    };
    const noopDir = out();
    wall([ABIBIND, "codegen", corpus, "--out", noopDir], work);
    proc.noop = median(Array.from({ length: RUNS }, () => wall([ABIBIND, "codegen", corpus, "--out", noopDir], work)));
    log("profile: process timings done");

    const stageRuns: Record<string, number>[] = [];
    for (let i = 0; i < 5; i++) {
      const r = spawnSync(NODE, ["--conditions=abibind-source", STAGES, corpus, out()], { cwd: work, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`codegenStages exited ${r.status}\n${r.stderr}`);
      stageRuns.push((JSON.parse(r.stdout) as { stages: Record<string, number> }).stages);
    }
    const stageNames = Object.keys(stageRuns[0]!).filter((s) => !s.startsWith("Node start"));
    const stages = stageNames.map((s) => [s, stageRuns.map((r) => r[s]!)] as const);
    log("profile: stages done");

    // The same file count in a few places, interleaved: how much the write stage owes to where it writes.
    // One cold run's file count: three per contract and five shared.
    const files = n * 3 + 5;
    const checkout = join(ROOT, ".bench");
    mkdirSync(checkout, { recursive: true });
    const places = [...new Set([tmpdir(), "/var/tmp", checkout, "/dev/shm"])].filter((d) => existsSync(d));
    const creates = new Map<string, number[]>(places.map((d) => [d, []]));
    for (let i = 0; i < 5; i++) for (const d of places) creates.get(d)!.push(createFiles(d, files));
    log("profile: file creation done");

    const profDir = join(work, "prof");
    const t0 = performance.now();
    const r = spawnSync(NODE, ["--cpu-prof", `--cpu-prof-dir=${profDir}`, "--cpu-prof-interval=250", ABIBIND, "codegen", corpus, "--out", out()], { cwd: work, encoding: "utf8" });
    const profiledMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`profiled run exited ${r.status}\n${r.stderr}`);
    // One profile per thread, named CPU.<date>.<time>.<pid>.<thread>.<seq>: thread 0 is the main one.
    const profiles = readdirSync(profDir)
      .sort()
      .map((f) => analyse(JSON.parse(readFileSync(join(profDir, f), "utf8")) as CpuProfile));
    log("profile: CPU profile done");

    const ms = (x: number): string => `${x.toFixed(0)} ms`;
    const lines: string[] = [];
    lines.push(
      `Corpus: the ${n} OpenZeppelin ABIs of the cold scenario. Medians of ${RUNS} runs after a warm-up.`,
      "",
      "| whole process | wall |",
      "|---|---:|",
      `| \`node -e 0\` (Node start) | ${ms(proc.bare)} |`,
      `| \`abibind --version\` (Node + launcher + CLI entry, compile cache warm) | ${ms(proc.version)} |`,
      `| \`abibind codegen\` no-op (cache answers: stats only) | ${ms(proc.noop)} |`,
      `| \`abibind codegen\` cold | ${ms(proc.cold)} (${ms(Math.min(...cold))}–${ms(Math.max(...cold))}) |`,
      ...(proc.coldShm !== undefined ? [`| \`abibind codegen\` cold, output on /dev/shm (RAM) | ${ms(proc.coldShm)} (${ms(Math.min(...coldShm))}–${ms(Math.max(...coldShm))}) |`] : []),
      "",
      `Creating ${files} files of 8 KB (one cold run's count) with plain synchronous writes, median of 5 interleaved rounds: ${places.map((d) => `${d === checkout ? "the checkout (.bench/)" : d} ${ms(median(creates.get(d)!))}`).join(", ")}. Where the write stage costs far more than on /dev/shm, the file system, not the generator, is the difference.`,
      "",
      "Stage by stage in one fresh process (bench/codegenStages.ts, median of 5; no cache bookkeeping, which the CLI adds):",
      "",
      "| stage | ms | range |",
      "|---|---:|---:|",
      ...stages.map(([s, v]) => `| ${s} | ${median(v).toFixed(1)} | ${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)} |`),
      "",
    );
    const [main, ...workers] = profiles;
    if (main !== undefined) {
      const cats = new Set([...main.byCategory.keys(), ...workers.flatMap((w) => [...w.byCategory.keys()])]);
      const order = [...cats].sort((a, b) => (main.byCategory.get(b) ?? 0) - (main.byCategory.get(a) ?? 0));
      const threads = workers.length > 0;
      lines.push(
        `CPU profile of one cold CLI run (\`--cpu-prof\`, 250 µs sampling, which slows the run: ${ms(profiledMs)} wall). Each sample is charged to the nearest abibind frame on its stack; time outside any is Node's.`,
        "",
        threads ? `| where | main thread (${ms(main.spanMs)}) | other threads |` : `| where | main thread (${ms(main.spanMs)}) |`,
        threads ? "|---|---:|---:|" : "|---|---:|",
        ...order.map((c) => `| ${c} | ${ms(main.byCategory.get(c) ?? 0)} |${threads ? ` ${ms(workers.reduce((a, w) => a + (w.byCategory.get(c) ?? 0), 0))} |` : ""}`),
      );
      if (threads) lines.push("", `Main thread idle after its last generation sample (waiting for the other threads): ${ms(main.idleTailMs)}.`);
    }
    return { markdown: lines.join("\n") };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) process.stdout.write(`${profileCodegen().markdown}\n`);
