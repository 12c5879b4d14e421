// abibind watch as a real process: a node killed and restarted mid-watch (anvil --state dump and
// load), graceful stops that commit the checkpoint, hard kills, and start-up failures.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Anvil, freePort, rpc, startAnvil } from "../helpers/anvil.ts";
import { startFaultProxy } from "../helpers/faultProxy.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { deployCallDemo, directLogs, key, setYear } from "./fixture.ts";

const MAIN = `${ROOT}src/cli/main.ts`;
const ABI = `${ROOT}abi/CallDemo.abi`;
const dir = mkdtempSync(join(tmpdir(), "ab-wcli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Proc {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  stderr: string;
  waitFor(n: number, ms?: number): Promise<void>;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

function watch(args: string[]): Proc {
  const child = spawn(NODE, [MAIN, "watch", ...args], { cwd: ROOT, env: { ...process.env, ABIBIND_RPC: "" }, stdio: ["ignore", "pipe", "pipe"] });
  let buf = "";
  const p: Proc = {
    child,
    lines: [],
    stderr: "",
    async waitFor(n, ms = 20_000) {
      const end = Date.now() + ms;
      while (p.lines.length < n) {
        if (Date.now() > end) throw new Error(`got ${p.lines.length} of ${n} lines; stderr: ${p.stderr}`);
        if (child.exitCode !== null) throw new Error(`watch exited ${child.exitCode}: ${p.stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop(signal) {
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill(signal);
      return exited;
    },
  };
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    buf += d;
    const parts = buf.split("\n");
    buf = parts.pop()!;
    for (const l of parts) p.lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  child.stderr!.on("data", (d: Buffer) => (p.stderr += d.toString()));
  return p;
}

const lineKey = (l: Record<string, unknown>): string => `${l.removed === true ? "-" : "+"}${l.blockHash}:${l.logIndex}`;

describe("abibind watch", () => {
  let anvil: Anvil;
  let demo: string;
  let year = 5000;
  before(async () => {
    anvil = await startAnvil();
    demo = await deployCallDemo(anvil.http);
  });
  after(async () => {
    await anvil.stop();
  });
  const latest = async (): Promise<number> => Number(BigInt(await rpc(anvil.http, "eth_blockNumber")));
  const expected = async (from: number): Promise<string[]> =>
    (await directLogs(anvil.http, { address: demo, fromBlock: `0x${from.toString(16)}`, toBlock: "latest" })).map((l) => `+${key(l)}`);

  it("graceful stop (SIGTERM, SIGINT) commits the checkpoint: every log exactly once across restarts", async () => {
    const cp = join(dir, "graceful.db");
    const from = (await latest()) + 1;
    const args = [demo, "--abi", ABI, "--rpc", anvil.ws, "--from-block", String(from), "--checkpoint", cp, "--json"];
    const all: Record<string, unknown>[] = [];
    for (const signal of ["SIGTERM", "SIGINT", "SIGTERM"] as const) {
      const w = watch(args);
      for (let i = 0; i < 3; i++) await setYear(anvil.http, demo, year++);
      // The first run sees 3; later runs also catch up the one made while none was running.
      await w.waitFor(all.length === 0 ? 3 : 4);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await w.stop(signal), 0, w.stderr);
      all.push(...w.lines);
      // Logs made while no watcher runs: the next one catches up from the checkpoint.
      await setYear(anvil.http, demo, year++);
    }
    const last = watch(args);
    await last.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await last.stop("SIGTERM"), 0);
    all.push(...last.lines);
    assert.deepEqual(all.map(lineKey), await expected(from));
    assert.deepEqual(Object.keys(all[0]!), ["blockNumber", "logIndex", "transactionHash", "blockHash", "address", "event", "signature", "args", "removed"]);
    assert.equal(all[0]!.removed, false);
  });

  it("after a hard kill: at least once, repeats carry the same blockHash + logIndex", async () => {
    const cp = join(dir, "kill.db");
    const from = (await latest()) + 1;
    const args = [demo, "--abi", ABI, "--rpc", anvil.http, "--poll-interval", "50", "--from-block", String(from), "--checkpoint", cp, "--json"];
    const w = watch(args);
    for (let i = 0; i < 4; i++) await setYear(anvil.http, demo, year++);
    await w.waitFor(4);
    await w.stop("SIGKILL");
    for (let i = 0; i < 2; i++) await setYear(anvil.http, demo, year++);
    const again = watch(args);
    const want = await expected(from);
    const end = Date.now() + 20_000;
    while (!want.every((k) => [...w.lines, ...again.lines].some((l) => lineKey(l) === k))) {
      if (Date.now() > end) throw new Error(again.stderr);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await again.stop("SIGTERM"), 0);
    const seen = [...w.lines, ...again.lines].map(lineKey);
    assert.deepEqual([...new Set(seen)], want);
  });

  it("prints logs undone by a real reorg again with removed: true (anvil_reorg)", async () => {
    const from = (await latest()) + 1;
    const w = watch([demo, "YearChanged", "--abi", ABI, "--rpc", anvil.ws, "--from-block", String(from), "--json"]);
    try {
      for (let i = 0; i < 3; i++) await setYear(anvil.http, demo, year++);
      await w.waitFor(3);
      await rpc(anvil.http, "anvil_reorg", [1, []]);
      await rpc(anvil.http, "evm_mine", []);
      await w.waitFor(4);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      assert.equal(await w.stop("SIGTERM"), 0);
    }
    const [a, b, c, gone] = w.lines;
    assert.equal(w.lines.length, 4);
    assert.deepEqual({ ...gone, removed: false }, c);
    assert.equal(gone!.removed, true);
    assert.deepEqual([a!, b!].map(lineKey), await expected(from));
    assert.match(w.stderr, /reorg after block \d+, 1 log\(s\) removed/);
  });

  it("fails within 15 s with one line when it cannot connect at start", async () => {
    const port = await freePort();
    const r = await run(NODE, [MAIN, "watch", demo, "--abi", ABI, "--rpc", `ws://u:pw12345@127.0.0.1:${port}`], { cwd: ROOT, env: { ABIBIND_RPC: "" } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^abibind watch: cannot reach the RPC endpoint ws:\/\/\*\*\*@127\.0\.0\.1:\d+\/? \(/);
    assert.ok(!r.stderr.includes("pw12345"));
    const hang = await startFaultProxy(anvil.http, { hang: true });
    try {
      const h = await run(NODE, [MAIN, "watch", demo, "--abi", ABI, "--rpc", hang.http], { cwd: ROOT, env: { ABIBIND_RPC: "" } });
      assert.equal(h.code, 1);
      assert.equal(h.stderr.trim().split("\n").length, 1, h.stderr);
      assert.ok(h.ms < 15_000, `${h.ms} ms`);
    } finally {
      await hang.close();
    }
    const help = await run(NODE, [MAIN, "watch", "--help"], { cwd: ROOT });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: abibind watch <address> \[event\]/);
  });
});

describe("abibind watch across a node restart (anvil --state)", () => {
  for (const transport of ["ws", "ipc", "http"] as const) {
    it(`survives the node being killed and restarted over ${transport}: nothing lost, nothing duplicated`, async () => {
      const port = await freePort();
      const nodeDir = mkdtempSync(join(tmpdir(), "ab-st-"));
      const state = join(nodeDir, "state.json");
      let node = await startAnvil({ port, dir: nodeDir, args: ["--state", state] });
      const demo = await deployCallDemo(node.http);
      const from = Number(BigInt(await rpc(node.http, "eth_blockNumber"))) + 1;
      const w = watch([demo, "--abi", ABI, "--rpc", node[transport], "--poll-interval", "100", "--from-block", String(from), "--checkpoint", join(nodeDir, "cp.db"), "--json"]);
      let year = 7000;
      try {
        for (let i = 0; i < 3; i++) await setYear(node.http, demo, year++);
        await w.waitFor(3);
        for (let round = 0; round < 2; round++) {
          await node.stop(); // SIGTERM: anvil dumps its state
          await new Promise((r) => setTimeout(r, 700));
          node = await startAnvil({ port, dir: nodeDir, args: ["--state", state] });
          for (let i = 0; i < 3; i++) await setYear(node.http, demo, year++);
          await w.waitFor(3 * (round + 2), 30_000);
        }
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(await w.stop("SIGTERM"), 0, w.stderr);
        const want = (await directLogs(node.http, { address: demo, fromBlock: `0x${from.toString(16)}`, toBlock: "latest" })).map((l) => `+${key(l)}`);
        assert.deepEqual(w.lines.map(lineKey), want, w.stderr);
        // Over HTTP the client's own retries ride out a restart this short; a socket is seen to drop.
        if (transport !== "http") assert.match(w.stderr, /connection lost|reconnected/);
      } finally {
        if (w.child.exitCode === null) w.child.kill("SIGKILL");
        await node.stop();
        rmSync(nodeDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    });
  }
});
