// The watcher against a real anvil: over WS, IPC and HTTP, through dropped connections (fault
// proxy), real reorgs (anvil_reorg), confirmations and checkpoints. Exact sets throughout.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Anvil, freePort, rpc, startAnvil } from "../helpers/anvil.ts";
import { type FaultProxy, startFaultProxy } from "../helpers/faultProxy.ts";
import { CALLDEMO_ABI, deployCallDemo, directLogs, key, setYear } from "./fixture.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { LogDecoder, type DecodedLog } from "../../src/events/logDecoder.ts";
import { type WatchStatus, watchLogs } from "../../src/events/watch.ts";
import { connect } from "../../src/connect/connect.ts";

let anvil: Anvil;
let proxy: FaultProxy;
let demo: string;
const decoder = new LogDecoder([CALLDEMO_ABI as never]);
const dir = mkdtempSync(join(tmpdir(), "ab-watch-"));

before(async () => {
  anvil = await startAnvil();
  demo = await deployCallDemo(anvil.http);
  proxy = await startFaultProxy(anvil.http);
});
after(async () => {
  await proxy.close();
  await anvil.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const blockNumber = async (): Promise<number> => Number(BigInt(await rpc(anvil.http, "eth_blockNumber")));
const k = (l: DecodedLog): string => `${l.removed === true ? "-" : "+"}${key(l)}`;
async function logsFrom(from: number): Promise<string[]> {
  return (await directLogs(anvil.http, { address: demo, fromBlock: `0x${from.toString(16)}`, toBlock: "latest" })).map((l) => `+${key(l)}`);
}
let year = 4000;

describe("watchLogs", () => {
  for (const transport of ["ws", "ipc", "http"] as const) {
    it(`delivers each new log once over ${transport}, decoded, in order`, async () => {
      const start = (await blockNumber()) + 1;
      const got: DecodedLog[] = [];
      const w = await watchLogs({ endpoint: anvil[transport], address: demo, fromBlock: start, decoder, pollIntervalMs: 100, onLog: (l) => void got.push(l) });
      for (let i = 0; i < 5; i++) await setYear(anvil.http, demo, year++);
      await until("5 logs", () => got.length >= 5);
      await new Promise((r) => setTimeout(r, 300));
      await w.stop();
      assert.deepEqual(got.map(k), await logsFrom(start));
      assert.ok(got.every((l) => l.event === "YearChanged" && l.removed !== true));
    });
  }

  it("backfills what happened while the WebSocket was down, nothing lost or repeated", async () => {
    const start = (await blockNumber()) + 1;
    const got: DecodedLog[] = [];
    const statuses: WatchStatus["kind"][] = [];
    const w = await watchLogs({ endpoint: proxy.ws, address: demo, fromBlock: start, decoder, onLog: (l) => void got.push(l), onStatus: (s) => statuses.push(s.kind) });
    await setYear(anvil.http, demo, year++);
    await until("first log", () => got.length === 1);
    for (let round = 0; round < 3; round++) {
      proxy.faults = { refuseWs: true };
      proxy.dropWs();
      for (let i = 0; i < 3; i++) await setYear(anvil.http, demo, year++);
      await new Promise((r) => setTimeout(r, 400));
      proxy.faults = {};
      await until(`round ${round}`, () => got.length === 1 + 3 * (round + 1));
    }
    await w.stop();
    assert.deepEqual(got.map(k), await logsFrom(start));
    assert.ok(statuses.includes("disconnected") && statuses.includes("connected"), String(statuses));
  });

  it("polls over HTTP through 429s, resets and latency", async () => {
    const start = (await blockNumber()) + 1;
    const got: DecodedLog[] = [];
    const w = await watchLogs({ endpoint: proxy.http, address: demo, fromBlock: start, decoder, pollIntervalMs: 50, onLog: (l) => void got.push(l) });
    proxy.faults = { resetEveryGetLogs: 2, latencyMs: 20 };
    for (let i = 0; i < 4; i++) await setYear(anvil.http, demo, year++);
    proxy.faults = { rateLimitNext: 2, retryAfterSeconds: 1, resetEveryGetLogs: 3 };
    for (let i = 0; i < 4; i++) await setYear(anvil.http, demo, year++);
    await until("8 logs", () => got.length >= 8);
    proxy.faults = {};
    await new Promise((r) => setTimeout(r, 300));
    await w.stop();
    assert.deepEqual(got.map(k), await logsFrom(start));
  });

  it("detects a real reorg by block hash and delivers the undone logs as removed", async () => {
    const start = (await blockNumber()) + 1;
    const got: DecodedLog[] = [];
    const reorgs: WatchStatus[] = [];
    const w = await watchLogs({ endpoint: anvil.ws, address: demo, fromBlock: start, decoder, pollIntervalMs: 100, onLog: (l) => void got.push(l), onStatus: (s) => s.kind === "reorg" && reorgs.push(s) });
    for (let i = 0; i < 4; i++) await setYear(anvil.http, demo, year++);
    await until("4 logs", () => got.length === 4);
    const before = got.map(k);
    await rpc(anvil.http, "anvil_reorg", [2, []]);
    await rpc(anvil.http, "evm_mine", []);
    await until("2 removed", () => got.filter((l) => l.removed === true).length === 2);
    await new Promise((r) => setTimeout(r, 300));
    await w.stop();
    assert.equal(reorgs.length, 1);
    // The last two blocks' logs are undone, newest first; the node no longer has them.
    const removed = got.filter((l) => l.removed === true).map(k);
    assert.deepEqual(removed, [before[3]!, before[2]!].map((s) => `-${s.slice(1)}`));
    const canonical = await logsFrom(start);
    const live = new Set(before);
    for (const r of removed) live.delete(`+${r.slice(1)}`);
    for (const l of got.slice(5)) if (l.removed !== true) live.add(k(l));
    assert.deepEqual([...live], canonical);
  });

  it("waits for confirmations before delivering", async () => {
    const got: DecodedLog[] = [];
    const w = await watchLogs({ endpoint: anvil.ws, address: demo, fromBlock: (await blockNumber()) + 1, decoder, confirmations: 3, onLog: (l) => void got.push(l) });
    await setYear(anvil.http, demo, year++);
    const logBlock = await blockNumber();
    await rpc(anvil.http, "anvil_mine", ["0x2"]);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(got.length, 0, "2 confirmations are not enough");
    await rpc(anvil.http, "evm_mine", []);
    await until("confirmed log", () => got.length === 1);
    assert.equal(got[0]!.blockNumber, logBlock);
    await w.stop();
  });

  it("resumes from its checkpoint: every log once across a stop and a restart", async () => {
    const store = new SqliteStore(join(dir, "cp.db"));
    const start = (await blockNumber()) + 1;
    const got: DecodedLog[] = [];
    const opts = { endpoint: anvil.ws, address: demo, decoder, store, checkpointKey: "t1", fromBlock: start, onLog: (l: DecodedLog) => void got.push(l) };
    const w1 = await watchLogs(opts);
    for (let i = 0; i < 3; i++) await setYear(anvil.http, demo, year++);
    await until("3 logs", () => got.length === 3);
    await w1.stop();
    for (let i = 0; i < 3; i++) await setYear(anvil.http, demo, year++);
    const w2 = await watchLogs({ ...opts, fromBlock: 0 });
    await until("6 logs", () => got.length === 6);
    await new Promise((r) => setTimeout(r, 300));
    await w2.stop();
    await store.close();
    assert.deepEqual(got.map(k), await logsFrom(start));
  });

  it("fails at start when it cannot connect, within the deadline", async () => {
    const hang = await startFaultProxy(anvil.http, { hang: true });
    const t0 = Date.now();
    await assert.rejects(watchLogs({ endpoint: hang.ws, timeoutMs: 2000, onLog: () => undefined }), (e: Error & { code?: string }) => e.code === "TIMEOUT" || e.code === "ENDPOINT_UNREACHABLE");
    await assert.rejects(watchLogs({ endpoint: hang.http, timeoutMs: 2000, onLog: () => undefined }), (e: Error & { code?: string }) => e.code === "TIMEOUT");
    assert.ok(Date.now() - t0 < 6000);
    await hang.close();
  });
});

describe("watchLogs(client, …): watchers on connect()'s client", () => {
  for (const transport of ["ws", "ipc"] as const) {
    it(`three watchers share one ${transport} client through a node restart: each gets every log once, in order`, { timeout: 60_000 }, async () => {
      const port = await freePort();
      const nodeDir = mkdtempSync(join(tmpdir(), "ab-wc-"));
      const state = join(nodeDir, "state.json");
      let node = await startAnvil({ port, dir: nodeDir, args: ["--state", state] });
      const client = await connect(node[transport], { timeoutMs: 5000 });
      try {
        const demo2 = await deployCallDemo(node.http);
        const from = Number(BigInt(await rpc(node.http, "eth_blockNumber"))) + 1;
        const got: DecodedLog[][] = [[], [], []];
        const statuses: WatchStatus["kind"][] = [];
        const watchers = await Promise.all(
          got.map((into, i) =>
            watchLogs(client, { address: demo2, fromBlock: from, decoder, onLog: (l) => void into.push(l), ...(i === 0 ? { onStatus: (s: WatchStatus) => statuses.push(s.kind) } : {}) }),
          ),
        );
        let y = 9000;
        for (let i = 0; i < 3; i++) await setYear(node.http, demo2, y++);
        await until("3 logs each", () => got.every((g) => g.length === 3));
        await node.stop(); // SIGTERM: anvil dumps its state
        await new Promise((r) => setTimeout(r, 500));
        node = await startAnvil({ port, dir: nodeDir, args: ["--state", state] });
        for (let i = 0; i < 3; i++) await setYear(node.http, demo2, y++);
        await until("6 logs each", () => got.every((g) => g.length >= 6), 30_000);
        await new Promise((r) => setTimeout(r, 300));
        await Promise.all(watchers.map((w) => w.stop()));
        const want = (await directLogs(node.http, { address: demo2, fromBlock: `0x${from.toString(16)}`, toBlock: "latest" })).map((l) => `+${key(l)}`);
        for (const g of got) assert.deepEqual(g.map(k), want);
        assert.ok(statuses.includes("disconnected") && statuses.includes("connected"), String(statuses));
        // Stopping the watchers leaves the client theirs to share: it still answers.
        assert.equal(typeof (await client.provider.getBlockNumber()), "number");
      } finally {
        await client.close();
        await node.stop();
        rmSync(nodeDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    });
  }

  it("refuses a client on another chain, and ends with one clear error when its client is closed under it", async () => {
    const client = await connect(anvil.ws);
    await assert.rejects(watchLogs(client, { chainId: 1n, onLog: () => undefined }), { code: "CHAIN_MISMATCH", name: "ChainMismatchError" });
    const w = await watchLogs(client, { address: demo, pollIntervalMs: 50, onLog: () => undefined });
    await client.close();
    await assert.rejects(w.done, { code: "USAGE", message: /the client was closed while the watcher ran; stop the watcher first/ });
  });
});
