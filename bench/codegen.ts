// Codegen speed, abibind vs the TypeChain CLI (ethers-v6 target), side by side in one run on the
// same machine. Every measurement is one direct process (each tool's own bin, no npx/npm run),
// timed from spawn to exit; peak memory is the process's max RSS as /usr/bin/time reports it.
//
// Corpora: the non-empty ABIs of @openzeppelin/contracts (build/contracts/*.json), a synthetic
// 3000-function ABI, and six published protocol packages in their own artifact formats
// (bench/protocols.ts). Scenarios: cold (empty output dir), no-op re-run, one input edited.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROTOCOL_PACKAGES, copyProtocolCorpus, protocolInputs } from "./protocols.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const NODE = process.execPath;
const TYPECHAIN = join(ROOT, "node_modules/typechain/dist/cli/cli.js");
const ABIBIND = join(ROOT, "bin/abibind.cjs");
const HAS_TIME = existsSync("/usr/bin/time");

export interface Sample {
  readonly ms: number;
  /** Peak resident set size in MB, when measurable. */
  readonly rssMb: number | undefined;
  /** What the tool printed on stderr, when it was allowed to report problems (exit 1). */
  readonly problems?: readonly string[];
}

/**
 * Runs one process to completion; throws if it fails, so a broken tool never posts a time. With
 * `allowProblems`, exit 1 with its problems on stderr counts as a run (abibind binds the rest and
 * reports the inputs it rejected): the time is posted with those lines beside it.
 */
function timed(args: string[], cwd: string, allowProblems = false): Sample {
  const memFile = join(cwd, ".maxrss");
  const [cmd, argv] = HAS_TIME ? ["/usr/bin/time", ["-f", "%M", "-o", memFile, NODE, ...args]] : [NODE, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const problems = r.status === 1 && allowProblems && r.stderr.trim() !== "" ? r.stderr.trim().split("\n") : undefined;
  if (r.status !== 0 && problems === undefined) throw new Error(`${args.join(" ")} exited ${r.status}\n${r.stderr}`);
  let rssMb: number | undefined;
  if (HAS_TIME) {
    const kb = Number(readFileSync(memFile, "utf8").trim().split("\n").pop());
    rssMb = Number.isFinite(kb) ? kb / 1024 : undefined;
    rmSync(memFile, { force: true });
  }
  return { ms, rssMb, ...(problems !== undefined ? { problems } : {}) };
}

/** Median time (the lower middle for an even count); peak memory is the worst run's. */
function median(xs: readonly Sample[]): Sample {
  const s = [...xs].sort((a, b) => a.ms - b.ms);
  const m = s[Math.floor((s.length - 1) / 2)]!;
  const problems = xs.find((x) => x.problems !== undefined)?.problems;
  return { ms: m.ms, rssMb: Math.max(...xs.map((x) => x.rssMb ?? 0)) || undefined, ...(problems !== undefined ? { problems } : {}) };
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
  /** Absent where TypeChain cannot read the inputs. */
  readonly typechain?: Sample;
  readonly abibind: Sample;
  /** The speed-up goal; absent where the row reports a ratio only. */
  readonly goal?: number;
  /** TypeChain's time over abibind's, round by round, where each round ran both once. */
  readonly rounds?: readonly number[];
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
    const pair = (rounds: number, perRound: number, tcBefore: () => void, tcRun: () => Sample, abBefore: () => void, abRun: () => Sample): [Sample, Sample, number[]] => {
      const t: Sample[] = [];
      const a: Sample[] = [];
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        tcBefore();
        const tcSample = tcRun();
        t.push(tcSample);
        const mine: Sample[] = [];
        for (let i = 0; i < perRound; i++) {
          abBefore();
          mine.push(abRun());
        }
        a.push(...mine);
        ratios.push(tcSample.ms / median(mine).ms);
      }
      return [median(t), median(a), ratios];
    };
    // Five rounds of one run each, so the goal can be judged round by round, not only on medians.
    const [tcCold, abCold, coldRounds] = pair(5, 1, clear(tcOut), () => tc(tcOut, "oz/*.json"), clear(abOut), () => ab(corpus, abOut));
    rows.push({ scenario: `cold, ${n} ABIs`, typechain: tcCold, abibind: abCold, goal: 15, rounds: coldRounds });
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
    log("3000-function ABI done");

    rows.push(...benchProtocols(work, tc, (inputs, out) => timed([ABIBIND, "codegen", ...inputs, "--out", out], work, true), pair, clear));
    log("protocols done");
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Counts the bindings a run wrote (one `<Name>__factory.js` per contract). */
function bindingsIn(out: string): number {
  return readdirSync(join(out, "factories")).filter((f) => f.endsWith("__factory.js")).length;
}

/**
 * The published protocol packages: side by side on the files both tools read (a copy, since
 * TypeChain's globs skip node_modules), then abibind alone on the packages as published, cold and
 * no-op. Ratios only: no goal is set for these rows.
 */
function benchProtocols(
  work: string,
  tc: (out: string, glob: string) => Sample,
  ab: (inputs: readonly string[], out: string) => Sample,
  pair: (rounds: number, perRound: number, tcBefore: () => void, tcRun: () => Sample, abBefore: () => void, abRun: () => Sample) => [Sample, Sample, number[]],
  clear: (d: string) => () => void,
): Row[] {
  const shared = copyProtocolCorpus(join(work, "proto"));
  const tcOut = join(work, "tc-proto");
  const abOut = join(work, "ab-proto");
  const [tcShared, abShared, rounds] = pair(3, 1, clear(tcOut), () => tc(tcOut, "proto/**/*.json"), clear(abOut), () => ab([shared], abOut));
  const sharedCount = bindingsIn(abOut);
  const published = protocolInputs();
  const pubOut = join(work, "ab-published");
  const cold: Sample[] = [];
  for (let i = 0; i < 5; i++) {
    rmSync(pubOut, { recursive: true, force: true });
    cold.push(ab(published, pubOut));
  }
  const pubCount = bindingsIn(pubOut);
  const noop = Array.from({ length: 5 }, () => ab(published, pubOut));
  return [
    { scenario: `${PROTOCOL_PACKAGES.length} protocol packages, cold, ${sharedCount} contracts (the files both tools read)`, typechain: tcShared, abibind: abShared, rounds },
    { scenario: `${PROTOCOL_PACKAGES.length} protocol packages as published, cold, ${pubCount} contracts (abibind only)`, abibind: median(cold) },
    { scenario: `${PROTOCOL_PACKAGES.length} protocol packages as published, no-op re-run`, abibind: median(noop) },
  ];
}

export function table(rows: readonly Row[]): string {
  const ms = (s: Sample | undefined): string => (s === undefined ? "n/a" : `${Math.round(s.ms)} ms`);
  const mb = (s: Sample | undefined): string => (s?.rssMb === undefined ? "n/a" : `${Math.round(s.rssMb)} MB`);
  const lines = [
    "| scenario | TypeChain 8.3.2 + ethers-v6 | abibind | ratio | goal | peak RSS TypeChain / abibind |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const notes: string[] = [];
  for (const r of rows) {
    const ratio = r.typechain === undefined ? undefined : r.typechain.ms / r.abibind.ms;
    const goal = r.goal === undefined || ratio === undefined ? "—" : `≥ ${r.goal}× ${ratio >= r.goal ? "✓" : "✗"}`;
    const flag = r.abibind.problems !== undefined ? " ¹" : "";
    lines.push(`| ${r.scenario} | ${ms(r.typechain)} | ${ms(r.abibind)}${flag} | ${ratio === undefined ? "—" : `${ratio.toFixed(1)}×`} | ${goal} | ${mb(r.typechain)} / ${mb(r.abibind)} |`);
    if (r.rounds !== undefined && r.rounds.length > 1) {
      const met = r.goal === undefined ? "" : `; ${r.rounds.filter((x) => x >= r.goal!).length} of ${r.rounds.length} rounds ≥ ${r.goal}×`;
      notes.push(`- ${r.scenario}: ratio round by round ${r.rounds.map((x) => `${x.toFixed(1)}×`).join(", ")}${met}.`);
    }
  }
  const problems = rows.find((r) => r.abibind.problems !== undefined)?.abibind.problems;
  if (problems !== undefined) {
    notes.push(`- ¹ abibind exited 1: it bound every other contract and reported (stderr):\n${problems.map((l) => `  \`${l}\``).join("\n")}`);
  }
  return notes.length === 0 ? lines.join("\n") : `${lines.join("\n")}\n\n${notes.join("\n")}`;
}

/** The codegen section of bench/RESULTS.md: how it was measured, the table, and where a cold run's time goes. */
export function codegenSection(rows: readonly Row[], profile: string): string {
  const packages = PROTOCOL_PACKAGES.map((p) => `\`${p.pkg}\``).join(", ");
  return (
    "Each cell is one direct process (`node node_modules/typechain/dist/cli/cli.js --target ethers-v6`, `node bin/abibind.cjs codegen`), timed from spawn to exit. " +
    "TypeChain and abibind runs alternate, so load from other jobs hits both sides of a ratio: the cold run is 5 rounds of one run each (the goal is judged round by round, below the table); " +
    "no-op and one-edit 2 rounds of TypeChain once and abibind 4 times; the 3000-function ABI TypeChain once, abibind 3 times; the protocol packages 3 rounds of one run each. " +
    "Each cell is the median (the lower middle for an even count, so TypeChain gets its faster run), peak RSS the worst run. Both tools are warmed once on a one-file input first. " +
    "\"One ABI edited\" adds a function to `ERC20.json` before each run.\n\n" +
    `Protocol packages (pinned devDependencies, bench/protocols.ts): ${packages}: Waffle and solc --combined-json, Hardhat 2, Foundry (with build-info), Hardhat artifacts of solc 0.4–0.7 with the same contract names in four folders, \`{contractName, abi}\` files, and Hardhat-built OpenZeppelin. ` +
    "Side by side on the files both tools read (TypeChain stops the whole run with \"Not a valid ABI\" on v2-core's combined-json and on v4-core's build-info, and its globs skip node_modules, so both read a copy); " +
    "then abibind alone on the packages as published (the paths a user passes, from node_modules), cold and no-op. These rows report ratios; they set no goal.\n\n" +
    `${table(rows)}\n\n` +
    "### Where a cold run's time goes\n\n" +
    `${profile}\n`
  );
}

if (import.meta.main) {
  const rows = benchCodegen();
  process.stdout.write(`${table(rows)}\n`);
}
