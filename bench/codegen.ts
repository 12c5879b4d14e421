// Codegen speed, abibind vs the TypeChain CLI (ethers-v6 target), side by side in one run on the
// same machine. Every measurement is one direct process (each tool's own bin, no npx/npm run),
// timed from spawn to exit; peak memory is the process's max RSS as /usr/bin/time reports it.
//
// Corpus: the non-empty ABIs of @openzeppelin/contracts (build/contracts/*.json), plus a synthetic
// 3000-function ABI. Scenarios: cold (empty output dir), no-op re-run, one input edited.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../", import.meta.url).pathname;
const NODE = process.execPath;
const TYPECHAIN = join(ROOT, "node_modules/typechain/dist/cli/cli.js");
const ABIBIND = join(ROOT, "bin/abibind.cjs");
const HAS_TIME = existsSync("/usr/bin/time");

export interface Sample {
  readonly ms: number;
  /** Peak resident set size in MB, when measurable. */
  readonly rssMb: number | undefined;
}

/** Runs one process to completion; throws if it fails, so a broken tool never posts a time. */
function timed(args: string[], cwd: string): Sample {
  const memFile = join(cwd, ".maxrss");
  const [cmd, argv] = HAS_TIME ? ["/usr/bin/time", ["-f", "%M", "-o", memFile, NODE, ...args]] : [NODE, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  let rssMb: number | undefined;
  if (HAS_TIME) {
    const kb = Number(readFileSync(memFile, "utf8").trim().split("\n").pop());
    rssMb = Number.isFinite(kb) ? kb / 1024 : undefined;
    rmSync(memFile, { force: true });
  }
  return { ms, rssMb };
}

/** Median time (the lower middle for an even count); peak memory is the worst run's. */
function median(xs: readonly Sample[]): Sample {
  const s = [...xs].sort((a, b) => a.ms - b.ms);
  const m = s[Math.floor((s.length - 1) / 2)]!;
  return { ms: m.ms, rssMb: Math.max(...xs.map((x) => x.rssMb ?? 0)) || undefined };
}

export function copyOzCorpus(dest: string): number {
  const src = join(ROOT, "node_modules/@openzeppelin/contracts/build/contracts");
  mkdirSync(dest, { recursive: true });
  let n = 0;
  for (const f of readdirSync(src).sort()) {
    if (!f.endsWith(".json")) continue;
    const art = JSON.parse(readFileSync(join(src, f), "utf8")) as { abi?: unknown[] };
    if (!Array.isArray(art.abi) || art.abi.length === 0) continue;
    copyFileSync(join(src, f), join(dest, f));
    n++;
  }
  return n;
}

const TYPES = ["uint256", "address", "bool", "bytes32", "string", "bytes", "uint8[]", "int64", "address[]"];

/** A deterministic ABI with `n` functions of varied shapes (scalars, arrays, structs), plus events and errors. */
export function syntheticAbi(n: number): unknown[] {
  const abi: unknown[] = [];
  const param = (i: number, j: number): Record<string, unknown> =>
    (i + j) % 7 === 0
      ? {
          name: `s${j}`,
          type: "tuple",
          internalType: `struct Big.S${i % 5}`,
          components: [
            { name: "a", type: "uint256", internalType: "uint256" },
            { name: "b", type: "address", internalType: "address" },
            { name: "c", type: "bytes32[]", internalType: "bytes32[]" },
          ],
        }
      : { name: `p${j}`, type: TYPES[(i * 3 + j) % TYPES.length]!, internalType: TYPES[(i * 3 + j) % TYPES.length]! };
  for (let i = 0; i < n; i++) {
    const mut = ["view", "nonpayable", "payable", "pure"][i % 4]!;
    abi.push({
      type: "function",
      name: `fn${i}`,
      stateMutability: mut,
      inputs: Array.from({ length: i % 4 }, (_, j) => param(i, j)),
      outputs: mut === "view" || mut === "pure" ? Array.from({ length: (i % 3) + 1 }, (_, j) => param(i + 1, j)) : [],
    });
  }
  for (let i = 0; i < n / 30; i++) {
    abi.push({ type: "event", name: `Ev${i}`, anonymous: false, inputs: [{ name: "who", type: "address", indexed: true }, { name: "v", type: "uint256", indexed: false }] });
    abi.push({ type: "error", name: `Err${i}`, inputs: [{ name: "code", type: "uint256" }] });
  }
  return abi;
}

export interface Row {
  readonly scenario: string;
  readonly typechain: Sample;
  readonly abibind: Sample;
  readonly goal: number;
}

export function benchCodegen(log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Row[] {
  const work = mkdtempSync(join(tmpdir(), "abibind-bench-"));
  try {
    const corpus = join(work, "oz");
    const n = copyOzCorpus(corpus);
    log(`corpus: ${n} non-empty ABIs from @openzeppelin/contracts (copied to ${corpus})`);
    const tcOut = join(work, "tc");
    const abOut = join(work, "ab");
    const tc = (out: string, glob: string): Sample => timed([TYPECHAIN, "--target", "ethers-v6", "--out-dir", out, glob], work);
    const ab = (input: string, out: string): Sample => timed([ABIBIND, "codegen", input, "--out", out], work);

    // Warm both tools' module loading (OS file cache, Node's compile cache) on a one-file input.
    const warm = join(work, "warm");
    mkdirSync(warm);
    copyFileSync(join(corpus, "ERC20.json"), join(warm, "ERC20.json"));
    tc(join(work, "warm-tc"), "warm/*.json");
    ab(warm, join(work, "warm-ab"));

    // TypeChain and abibind runs alternate, so a load spike from other processes on the machine
    // hits both sides of a ratio rather than one.
    const rows: Row[] = [];
    const clear = (d: string) => () => rmSync(d, { recursive: true, force: true });
    const pair = (rounds: number, perRound: number, tcBefore: () => void, tcRun: () => Sample, abBefore: () => void, abRun: () => Sample): [Sample, Sample] => {
      const t: Sample[] = [];
      const a: Sample[] = [];
      for (let r = 0; r < rounds; r++) {
        tcBefore();
        t.push(tcRun());
        for (let i = 0; i < perRound; i++) {
          abBefore();
          a.push(abRun());
        }
      }
      return [median(t), median(a)];
    };
    const [tcCold, abCold] = pair(2, 3, clear(tcOut), () => tc(tcOut, "oz/*.json"), clear(abOut), () => ab(corpus, abOut));
    rows.push({ scenario: `cold, ${n} ABIs`, typechain: tcCold, abibind: abCold, goal: 15 });
    log("cold done");
    const [tcNoop, abNoop] = pair(2, 4, () => {}, () => tc(tcOut, "oz/*.json"), () => {}, () => ab(corpus, abOut));
    rows.push({ scenario: "no-op re-run", typechain: tcNoop, abibind: abNoop, goal: 50 });
    log("no-op done");

    // A real edit, not just a new mtime: one contract gains a function.
    const target = join(corpus, "ERC20.json");
    const original = readFileSync(target, "utf8");
    let k = 0;
    const edit = (): void => {
      const art = JSON.parse(original) as { abi: unknown[] };
      art.abi.push({ type: "function", name: `benchEdit${k++}`, stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint256" }] });
      writeFileSync(target, JSON.stringify(art, null, 2));
    };
    const [tcTouch, abTouch] = pair(2, 4, edit, () => tc(tcOut, "oz/*.json"), edit, () => ab(corpus, abOut));
    rows.push({ scenario: "one ABI edited", typechain: tcTouch, abibind: abTouch, goal: 30 });
    log("touch-one done");

    const big = join(work, "big");
    mkdirSync(big);
    writeFileSync(join(big, "Big.json"), JSON.stringify(syntheticAbi(3000)));
    const tcBigOut = join(work, "tc-big");
    const abBigOut = join(work, "ab-big");
    const [tcBig, abBig] = pair(1, 3, clear(tcBigOut), () => tc(tcBigOut, "big/*.json"), clear(abBigOut), () => ab(big, abBigOut));
    rows.push({ scenario: "one 3000-function ABI, cold", typechain: tcBig, abibind: abBig, goal: 15 });
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function table(rows: readonly Row[]): string {
  const ms = (s: Sample): string => `${Math.round(s.ms)} ms`;
  const mb = (s: Sample): string => (s.rssMb === undefined ? "n/a" : `${Math.round(s.rssMb)} MB`);
  const lines = [
    "| scenario | TypeChain 8.3.2 + ethers-v6 | abibind | ratio | goal | peak RSS TypeChain / abibind |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const ratio = r.typechain.ms / r.abibind.ms;
    lines.push(
      `| ${r.scenario} | ${ms(r.typechain)} | ${ms(r.abibind)} | ${ratio.toFixed(1)}× | ≥ ${r.goal}× ${ratio >= r.goal ? "✓" : "✗"} | ${mb(r.typechain)} / ${mb(r.abibind)} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const rows = benchCodegen();
  process.stdout.write(`${table(rows)}\n`);
}
