// Adaptive log scans against a real anvil, through the fault proxy: every scan must reproduce
// the node's own single-request answer exactly — nothing lost, nothing duplicated, in order.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect } from "../../src/connect/connect.ts";
import { type Anvil, startAnvil } from "../helpers/anvil.ts";
import { type FaultProxy, type RangeErrorStyle, startFaultProxy } from "../helpers/faultProxy.ts";
import { CALLDEMO_ABI, deployCallDemo, deployRawLogger, directLogs, key, makeHistory, UNKNOWN_TOPIC } from "./fixture.ts";
import { chunkedGetLogs, LogsIncompleteError, type RpcSender, scanLogs, type ScanProgress } from "../../src/events/chunkedGetLogs.ts";
import { LogDecoder, type RawLog } from "../../src/events/logDecoder.ts";
import { logJson } from "../../src/events/logJson.ts";
import { classifyFailure } from "../../src/events/rpcErrors.ts";

let anvil: Anvil;
let proxy: FaultProxy;
let sender: RpcSender & { destroy(): void };
let demo: string;
let logger: string;
let range: { first: number; last: number };
let expected: string[];

before(async () => {
  anvil = await startAnvil();
  demo = await deployCallDemo(anvil.http);
  logger = await deployRawLogger(anvil.http);
  range = await makeHistory(anvil.http, demo, { blocks: 40, perBlock: 3, gap: 2, rawLogger: logger });
  const ref = await directLogs(anvil.http, { fromBlock: "0x0", toBlock: "latest", address: [demo, logger] });
  expected = ref.map(key);
  proxy = await startFaultProxy(anvil.http);
  sender = (await connect(proxy.http)).provider;
});
after(async () => {
  sender.destroy();
  await proxy.close();
  await anvil.stop();
});

const keys = (logs: readonly RawLog[]): string[] => logs.map(key);
const filter = () => ({ address: [demo, logger], fromBlock: 0, toBlock: "latest" as const });

describe("chunkedGetLogs", () => {
  it("the history is what the test needs (many blocks, several logs a block, raw logs)", () => {
    assert.equal(expected.length, 40 * 3 + 14);
    assert.ok(range.last - range.first > 100);
  });

  it("reproduces the node's answer with no faults, ordered by (blockNumber, logIndex)", async () => {
    proxy.faults = {};
    const logs = await chunkedGetLogs(sender, filter(), { initialChunk: 17 });
    assert.deepEqual(keys(logs), expected);
    for (let i = 1; i < logs.length; i++) {
      const [p, c] = [logs[i - 1]!, logs[i]!];
      assert.ok(p.blockNumber < c.blockNumber || (p.blockNumber === c.blockNumber && p.logIndex < c.logIndex));
    }
  });

  for (const style of ["infura", "alchemy", "quicknode", "geth"] as RangeErrorStyle[]) {
    it(`halves on a ${style}-style block range error and still gets the exact set`, async () => {
      proxy.faults = { maxBlockRange: 7, rangeErrorStyle: style };
      const before = proxy.stats.injected.range ?? 0;
      const logs = await chunkedGetLogs(sender, filter(), { initialChunk: 5000, maxChunk: 5000 });
      assert.deepEqual(keys(logs), expected);
      assert.ok((proxy.stats.injected.range ?? 0) > before, "the proxy refused some ranges");
    });
  }

  it("halves on a result-count limit (-32005 query returned more than N results)", async () => {
    proxy.faults = { maxResults: 4 };
    const logs = await chunkedGetLogs(sender, filter(), { initialChunk: 1000 });
    assert.deepEqual(keys(logs), expected);
    assert.ok((proxy.stats.injected.results ?? 0) > 0);
  });

  it("grows the chunk back after successes", async () => {
    proxy.faults = { maxBlockRange: 8 };
    const sizes: number[] = [];
    await scanLogs(sender, filter(), () => undefined, { initialChunk: 64, maxChunk: 64, concurrency: 1, onProgress: (p) => sizes.push(p.chunkSize) });
    assert.ok(sizes.includes(8) || sizes.some((s) => s <= 8), `shrank: ${sizes}`);
    assert.ok(sizes.at(-1)! > Math.min(...sizes), `grew back: ${sizes}`);
  });

  it("retries rate limits (429 + Retry-After) and connection resets per chunk", async () => {
    proxy.faults = { rateLimitNext: 3, retryAfterSeconds: 1, resetEveryGetLogs: 3 };
    const before = { r: proxy.stats.injected["429"] ?? 0, x: proxy.stats.injected.reset ?? 0 };
    const logs = await chunkedGetLogs(sender, filter(), { initialChunk: 10, backoffMs: 20 });
    assert.deepEqual(keys(logs), expected);
    assert.equal((proxy.stats.injected["429"] ?? 0) - before.r, 3);
    assert.ok((proxy.stats.injected.reset ?? 0) > before.x);
  });

  it("honours Retry-After (seconds) when the client surfaces the 429", async () => {
    // A plain HTTP client that reports status and headers as they came, like a fetch-based sender.
    const plain: RpcSender = {
      async send(method, params) {
        const res = await fetch(proxy.http, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
        const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
        if (res.status !== 200 || body.error !== undefined) {
          throw Object.assign(new Error(body.error?.message ?? `HTTP ${res.status}`), { status: res.status, headers: Object.fromEntries(res.headers), error: body.error });
        }
        return body.result;
      },
    };
    proxy.faults = { rateLimitNext: 1, retryAfterSeconds: 1 };
    const t0 = Date.now();
    const logs = await chunkedGetLogs(plain, { ...filter(), fromBlock: range.first }, { initialChunk: 1000, backoffMs: 10 });
    assert.ok(Date.now() - t0 >= 950, `waited ${Date.now() - t0} ms`);
    assert.deepEqual(keys(logs), expected);
  });

  it("keeps at most `concurrency` requests in flight, reports progress up to the total", async () => {
    proxy.faults = { latencyMs: 60 };
    const progress: ScanProgress[] = [];
    const t0 = Date.now();
    const logs = await chunkedGetLogs(sender, filter(), { initialChunk: 8, maxChunk: 8, concurrency: 4, onProgress: (p) => progress.push(p) });
    const ms = Date.now() - t0;
    assert.deepEqual(keys(logs), expected);
    const chunks = progress.length;
    assert.ok(ms < chunks * 60, `parallel: ${chunks} chunks in ${ms} ms`);
    assert.ok(ms >= Math.ceil(chunks / 4) * 60 - 30, `bounded: ${chunks} chunks in ${ms} ms`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.doneBlocks > progress[i - 1]!.doneBlocks);
    assert.equal(progress.at(-1)!.doneBlocks, progress.at(-1)!.totalBlocks);
    assert.equal(progress.at(-1)!.logs, expected.length);
  });

  it("fails part-way with a complete prefix and names the block range not covered", async () => {
    proxy.faults = {};
    const got: RawLog[] = [];
    let chunksSeen = 0;
    const err = await scanLogs(
      sender,
      filter(),
      (logs) => {
        got.push(...logs);
        if (++chunksSeen === 3) proxy.faults = { resetNext: 1_000_000 };
      },
      { initialChunk: 10, maxChunk: 10, concurrency: 1, retries: 1, backoffMs: 10 },
    ).then(
      () => assert.fail("should fail"),
      (e: unknown) => e,
    );
    proxy.faults = {};
    assert.ok(err instanceof LogsIncompleteError, String(err));
    assert.equal(err.code, "LOGS_INCOMPLETE");
    assert.equal(err.missingFrom, 30);
    assert.match(err.shortMessage, /^logs of blocks 30-\d+ were not fetched: /);
    const latest = Number(BigInt(String(await sender.send("eth_blockNumber", []))));
    assert.equal(err.missingTo, latest);
    const ref = await directLogs(anvil.http, { fromBlock: "0x0", toBlock: "0x1d", address: [demo, logger] });
    assert.deepEqual(keys(got), ref.map(key));
  });

  it("decodes with the ABI, keeps undecodable logs raw, filters by event topic", async () => {
    proxy.faults = {};
    const decoder = new LogDecoder([CALLDEMO_ABI as never]);
    const all = await chunkedGetLogs(sender, filter(), { decoder });
    const raw = all.filter((l) => l.event === null);
    assert.equal(raw.length, 14);
    assert.ok(raw.every((l) => l.topics[0] === UNKNOWN_TOPIC));
    const first = all.find((l) => l.event === "YearChanged")!;
    assert.equal(first.signature, "YearChanged(uint256,uint256)");
    const j = logJson(first);
    assert.deepEqual(Object.keys(j), ["blockNumber", "logIndex", "transactionHash", "blockHash", "address", "event", "signature", "args"]);
    assert.deepEqual(j.args, { previous: "2020", current: "3000" });
    const rj = logJson(raw[0]!);
    assert.equal(rj.event, null);
    assert.deepEqual(rj.topics, [UNKNOWN_TOPIC]);
    assert.equal(rj.data, "0x");
    const only = await chunkedGetLogs(sender, { ...filter(), topics: decoder.topicsFor("YearChanged", { previous: 3005n }) }, { decoder });
    assert.equal(only.length, 1);
    assert.deepEqual(logJson(only[0]!).args, { previous: "3005", current: "3006" });
  });
});

describe("classifyFailure", () => {
  it("recognises real provider messages", () => {
    const range = [
      { code: -32005, message: "query returned more than 10000 results" },
      { code: -32602, message: "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range" },
      { code: -32614, message: "eth_getLogs is limited to a 10,000 range" },
      { code: -32000, message: "exceed maximum block range: 50000" },
      { code: -32000, message: "block range is too wide" },
      { code: -32600, message: "ranges over 10000 blocks are not supported" },
      { code: -32005, message: "limit exceeded" },
    ];
    for (const error of range) assert.equal(classifyFailure(Object.assign(new Error("x"), { error })).kind, error.message.includes("ranges over") ? "other" : "range", error.message);
    const rate = classifyFailure({ error: { code: -32005, message: "daily request count exceeded, request rate limited" } });
    assert.equal(rate.kind, "rate");
    assert.equal(classifyFailure({ status: 429, headers: { "retry-after": "3" } }).retryAfterMs, 3000);
    assert.equal(classifyFailure({ error: { code: -32005, message: "query returned more than 10000 results. Try with this block range [0x10, 0x1f]." } }).suggestedRange, 16);
  });
});

describe("faultProxy", () => {
  it("answers a batch with some items failed and the rest forwarded", async () => {
    proxy.faults = { batchErrorEvery: 2 };
    const res = await fetch(proxy.http, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([1, 2, 3, 4].map((id) => ({ jsonrpc: "2.0", id, method: "eth_chainId", params: [] }))),
    });
    const body = (await res.json()) as { id: number; result?: string; error?: unknown }[];
    proxy.faults = {};
    assert.deepEqual(body.map((b) => [b.id, b.result !== undefined]), [[1, true], [2, false], [3, true], [4, false]]);
  });
});
