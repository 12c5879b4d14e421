// The example backend as an operator runs it: who may write (HOST, the bearer token), what it
// costs the node to serve many stream clients (one watcher, counted by a proxy in front of anvil),
// slow and idle clients, /metrics, and a clean stop on SIGTERM. Real processes and sockets only.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type Socket, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { JOURNAL_TABLE } from "../../src/tx/durableSend.ts";
import { type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { type FaultProxy, startFaultProxy } from "../helpers/faultProxy.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { calldemo } from "../events/fixture.ts";
import { FROM, deployCallDemo, http, keyFile, nonceOf, openStream, type Service, startService, until } from "./fixture.ts";

const TOKEN = "s3cret-token-0123456789abcdef";

/**
 * Makes `n` YearChanged events, in order: with mining paused, the transactions go in as JSON-RPC
 * batches with explicit nonces, then blocks are mined until the pool is empty (many events a block).
 */
async function makeEvents(anvil: Anvil, address: string, n: number, startYear: number): Promise<void> {
  await rpc(anvil.http, "evm_setAutomine", [false]);
  try {
    const first = await nonceOf(anvil, "pending");
    for (let i = 0; i < n; i += 500) {
      const batch = [];
      for (let k = i; k < Math.min(n, i + 500); k++) {
        const tx = { from: FROM, to: address, data: calldemo.encodeFunctionData("setYear", [startYear + k]), nonce: `0x${(first + k).toString(16)}`, gas: "0xc000" };
        batch.push({ jsonrpc: "2.0", id: k, method: "eth_sendTransaction", params: [tx] });
      }
      const res = await fetch(anvil.http, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(batch) });
      const out = (await res.json()) as { error?: unknown }[];
      assert.ok(out.every((r) => r.error === undefined), JSON.stringify(out.find((r) => r.error !== undefined)));
    }
    while ((await nonceOf(anvil)) < first + n) await rpc(anvil.http, "evm_mine");
  } finally {
    await rpc(anvil.http, "evm_setAutomine", [true]);
  }
}

/** Makes `n` YearChanged events in `n` blocks, one transaction each (automine). */
async function eventBlocks(anvil: Anvil, address: string, n: number, startYear: number): Promise<void> {
  for (let k = 0; k < n; k++) await rpc(anvil.http, "eth_sendTransaction", [{ from: FROM, to: address, data: calldemo.encodeFunctionData("setYear", [startYear + k]) }]);
}

describe("examples/backend in operation", () => {
  let dir: string;
  let anvil: Anvil;
  let proxy: FaultProxy;
  let address: string;
  let tokenFile: string;
  const services: Service[] = [];
  const start = async (env: Record<string, string>): Promise<Service> => {
    const s = await startService(env, ["--config", join(dir, "config.json")]);
    services.push(s);
    return s;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "abo-"));
    anvil = await startAnvil();
    address = await deployCallDemo(anvil);
    proxy = await startFaultProxy(anvil.http);
    tokenFile = join(dir, "token");
    writeFileSync(tokenFile, `${TOKEN}\n`);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ pollIntervalMs: 100, rpcTimeoutMs: 2000, sweepIntervalMs: 500 }));
  });
  after(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await proxy?.close();
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  const base = (): Record<string, string> => ({ ABIBIND_RPC: anvil.http, ABIBIND_ADDRESS: address, ABIBIND_JOURNAL: join(dir, `j${services.length}.db`) });

  it("refuses to start with a signer on a non-loopback HOST and no token, in one line; starts with a token", async () => {
    const env = { ...base(), ABIBIND_KEY_FILE: keyFile(dir), HOST: "0.0.0.0", PATH: process.env.PATH ?? "" };
    const r = await run(NODE, ["--conditions=abibind-source", "examples/backend/server.ts"], { cwd: ROOT, env });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "abibind backend: HOST 0.0.0.0 is not a loopback address and the service has a signer: set ABIBIND_API_TOKEN_FILE so only its owner can send, or listen on 127.0.0.1\n",
    );
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "localhost"]) {
      const ok = await run(NODE, ["--conditions=abibind-source", "-e", `import("./examples/backend/config.ts").then((m) => console.log(m.isLoopback(${JSON.stringify(host)})))`], { cwd: ROOT });
      assert.equal(ok.stdout.trim(), "true", host);
    }
    const svc = await start({ ...base(), ABIBIND_KEY_FILE: keyFile(dir), HOST: "0.0.0.0", ABIBIND_API_TOKEN_FILE: tokenFile });
    assert.match(svc.output(), /"host":"0\.0\.0\.0"/);
    assert.equal((await http("GET", `${svc.url}/health`)).status, 200);
    await svc.stop();
  });

  it("with a token, a POST without it is 401 with WWW-Authenticate before anything is simulated, signed or journaled", async () => {
    const journal = join(dir, "auth.db");
    const svc = await start({ ...base(), ABIBIND_KEY_FILE: keyFile(dir), ABIBIND_API_TOKEN_FILE: tokenFile, ABIBIND_JOURNAL: journal });
    const nonce = await nonceOf(anvil);
    const before = proxy.stats.methods.eth_call ?? 0;
    for (const headers of [{}, { authorization: "Bearer wrong-token-0123456789abcdef" }, { authorization: `Basic ${TOKEN}` }]) {
      const r = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "0" }, headers: { ...headers, "idempotency-key": "auth-1" } });
      assert.equal(r.status, 401, JSON.stringify(r.body));
      assert.equal(r.body.error.code, "UNAUTHORIZED");
      assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer realm="abibind"/);
    }
    // A malformed body of a stranger is not even read: 401, not 400.
    assert.equal((await http("POST", `${svc.url}/calldemo/year`, { body: "{not json" })).status, 401);
    assert.equal(await nonceOf(anvil), nonce);
    assert.equal(proxy.stats.methods.eth_call ?? 0, before);
    const store = SqliteStore.open(journal);
    try {
      assert.deepEqual(await store.list(JOURNAL_TABLE, {}), []);
    } finally {
      await store.close();
    }
    // Reads stay open without ABIBIND_API_TOKEN_READS; the owner writes.
    assert.equal((await http("GET", `${svc.url}/calldemo/year`)).status, 200);
    const ok = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2030" }, headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(!svc.output().includes(TOKEN), "the token is never logged");
    await svc.stop();
  });

  it("ABIBIND_API_TOKEN_READS=1 guards reads, the stream (also by ?access_token=) and /metrics; /health stays open; the token never reaches the log", async () => {
    const svc = await start({ ...base(), ABIBIND_API_TOKEN_FILE: tokenFile, ABIBIND_API_TOKEN_READS: "1" });
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const path of ["/calldemo/year", "/calldemo/events?fromBlock=0", "/metrics"]) {
      assert.equal((await http("GET", `${svc.url}${path}`)).status, 401, path);
      assert.equal((await http("GET", `${svc.url}${path}`, { headers: auth })).status, 200, path);
    }
    assert.equal((await http("GET", `${svc.url}/health`)).status, 200);
    const denied = await openStream(`${svc.url}/calldemo/events/stream`);
    assert.equal(denied.status, 401);
    assert.equal((await openStream(`${svc.url}/calldemo/events/stream?access_token=nope-nope-nope-nope`)).status, 401);
    const s = await openStream(`${svc.url}/calldemo/events/stream?access_token=${TOKEN}`);
    assert.equal(s.status, 200);
    await eventBlocks(anvil, address, 1, 3100);
    await s.waitFor(1);
    s.close();
    assert.ok(!svc.output().includes(TOKEN), "the token is never logged");
    await svc.stop();
  });

  it("many stream clients share one watcher: node requests follow blocks, not listeners; each client gets every event once, in order", { timeout: 90_000 }, async () => {
    const svc = await start({ ...base(), ABIBIND_RPC: proxy.http });
    const perBlock = async (clients: number, blocks: number, year: number): Promise<number> => {
      const streams = await Promise.all(Array.from({ length: clients }, () => openStream(`${svc.url}/calldemo/events/stream`)));
      assert.ok(streams.every((s) => s.status === 200));
      await new Promise((r) => setTimeout(r, 300));
      const count = (): number => Object.values(proxy.stats.methods).reduce((a, b) => a + b, 0);
      const before = count();
      await eventBlocks(anvil, address, blocks, year);
      await Promise.all(streams.map((s) => s.waitFor(blocks, 30_000)));
      const used = count() - before;
      for (const s of streams) {
        assert.equal(s.events.length, blocks);
        const years = s.events.map((e) => Number(e.data.args.current));
        assert.deepEqual(years, Array.from({ length: blocks }, (_, i) => year + i));
      }
      for (const s of streams) s.close();
      return used / blocks;
    };
    const one = await perBlock(1, 20, 4000);
    const many = await perBlock(200, 20, 5000);
    // Polling over HTTP adds requests with time, not with clients; 2× leaves room for timing.
    assert.ok(many <= Math.max(2 * one, one + 3), `node requests per block: 1 client ${one.toFixed(2)}, 200 clients ${many.toFixed(2)}`);
    await svc.stop();
  });

  it("a client that stops reading is cut off past ABIBIND_STREAM_BUFFER, and resumes exactly after its last event", { timeout: 120_000 }, async () => {
    // 256 KiB: above what one watcher step delivers here (≤ 250 events, ~110 KB), so only a
    // client that stops reading is cut off.
    const svc = await start({ ...base(), ABIBIND_STREAM_BUFFER: String(256 * 1024) });
    // A raw socket that reads the headers and the first events, then nothing.
    const sock: Socket = tcpConnect(svc.port, "127.0.0.1");
    let received = "";
    sock.on("data", (d: Buffer) => (received += d.toString()));
    sock.on("error", () => undefined);
    sock.write(`GET /calldemo/events/stream HTTP/1.1\r\nHost: x\r\n\r\n`);
    await until("stream headers", () => received.includes("retry: 1000"));
    await eventBlocks(anvil, address, 2, 6000);
    await until("first events", () => (received.match(/^id: /gm) ?? []).length === 2);
    sock.pause();
    const healthy = await openStream(`${svc.url}/calldemo/events/stream`);
    // Enough events to fill the kernel's socket buffers (~4 MB here), then ours past 256 KiB.
    // The server's side tells: a client that does not read never sees the close behind its data.
    const cutOff = (): boolean => svc.output().includes("stream client too slow: disconnected");
    let made = 0;
    while (!cutOff() && made < 20_000) {
      await makeEvents(anvil, address, 250, 7000 + made);
      made += 250;
      await new Promise((r) => setTimeout(r, 150));
    }
    await until("the slow client cut off", cutOff, 30_000).catch(async (e: Error) => {
      const m = await (await fetch(`${svc.url}/metrics`)).text();
      throw new Error(`${e.message}: made ${made}, healthy got ${healthy.events.length}, slow got ${received.length} bytes\n${m.split("\n").filter((l) => /^abibind_backend_(open_streams|watcher|stream_slow)/.test(l)).join("\n")}\n${svc.output().split("\n").filter((l) => !l.includes('"request"')).slice(-8).join("\n")}`);
    });
    await healthy.waitFor(made, 60_000);
    assert.ok(!healthy.ended, "the healthy client is still connected");
    // It comes back with the last id it got, and misses nothing.
    const ids = [...received.matchAll(/^id: (.+)$/gm)].map((m) => m[1]!);
    const resumed = await openStream(`${svc.url}/calldemo/events/stream`, { "last-event-id": ids.at(-1)! });
    await resumed.waitFor(made + 2 - ids.length, 60_000);
    const seen = [...ids.map((id) => healthy.events.find((e) => e.id === id)?.data.args.current ?? "early"), ...resumed.events.map((e) => e.data.args.current)];
    assert.deepEqual(seen.slice(2), Array.from({ length: made }, (_, i) => String(7000 + i)));
    resumed.close();
    healthy.close();
    sock.destroy();
    await svc.stop();
  });

  it("past ABIBIND_MAX_STREAMS, a stream is refused with 503 and Retry-After", async () => {
    const svc = await start({ ...base(), ABIBIND_MAX_STREAMS: "3" });
    const open = await Promise.all([1, 2, 3].map(() => openStream(`${svc.url}/calldemo/events/stream`)));
    assert.ok(open.every((s) => s.status === 200));
    const r = await http("GET", `${svc.url}/calldemo/events/stream`);
    assert.equal(r.status, 503);
    assert.equal(r.body.error.code, "TOO_MANY_STREAMS");
    assert.ok(Number(r.headers.get("retry-after")) > 0);
    open[0]!.close();
    await until("a free slot", async () => {
      const s = await openStream(`${svc.url}/calldemo/events/stream`);
      s.close();
      return s.status === 200;
    });
    for (const s of open) s.close();
    await svc.stop();
  });

  it("2,000 idle or half-sent connections do not delay GET /health beyond 1 s; bodies stay capped", { timeout: 60_000 }, async () => {
    const svc = await start(base());
    const sockets: Socket[] = [];
    const openOne = (payload: string): Promise<void> =>
      new Promise((resolve) => {
        const s = tcpConnect(svc.port, "127.0.0.1", () => {
          if (payload !== "") s.write(payload);
          resolve();
        });
        s.on("error", () => resolve());
        sockets.push(s);
      });
    for (let i = 0; i < 2000; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) =>
          openOne((i + k) % 2 === 0 ? "" : `POST /calldemo/year HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ye`),
        ),
      );
    }
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await http("GET", `${svc.url}/health`);
      times.push(performance.now() - t0);
      assert.equal(r.status, 200);
    }
    assert.ok(Math.max(...times) < 1000, `GET /health took ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
    const big = await http("POST", `${svc.url}/calldemo/year`, { body: `{"year":"${"1".repeat(20_000)}"}` });
    assert.equal(big.status, 413);
    for (const s of sockets) s.destroy();
    await svc.stop();
  });

  it("GET /metrics: requests by route and status, latency, node round trips, journal entries, open streams, watcher lag", async () => {
    const svc = await start({ ...base(), ABIBIND_KEY_FILE: keyFile(dir) });
    assert.equal((await http("GET", `${svc.url}/calldemo/year`)).status, 200);
    assert.equal((await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2040" } })).status, 200);
    assert.equal((await http("GET", `${svc.url}/nope`)).status, 404);
    const s = await openStream(`${svc.url}/calldemo/events/stream`);
    const res = await fetch(`${svc.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const re of [
      /^abibind_backend_http_requests_total\{method="GET",route="\/calldemo\/year",status="200"\} 1$/m,
      /^abibind_backend_http_requests_total\{method="POST",route="\/calldemo\/year",status="200"\} 1$/m,
      /^abibind_backend_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m,
      /^abibind_backend_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/calldemo\/year"\} 1$/m,
      /^abibind_backend_node_round_trips_total [1-9]\d*$/m,
      /^abibind_backend_journal_entries\{state="mined"\} 1$/m,
      /^abibind_backend_open_streams 1$/m,
      /^abibind_backend_watcher_lag_blocks \d+$/m,
      /^abibind_backend_process_resident_memory_bytes \d+/m,
    ]) {
      assert.match(text, re);
    }
    s.close();
    await svc.stop();
  });
});

/** The pending transactions of FROM in a txpool_content answer (keys in any case). */
function pendingOf(pool: { pending: Record<string, Record<string, { hash: string }>> }): { hash: string }[] {
  const mine = Object.entries(pool.pending).find(([a]) => a.toLowerCase() === FROM.toLowerCase());
  return mine === undefined ? [] : Object.values(mine[1]);
}

describe("examples/backend on SIGTERM", () => {
  let dir: string;
  let anvil: Anvil;
  let address: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "abt-"));
    // No automine: a POST waits for its receipt until the test mines a block.
    anvil = await startAnvil({ args: ["--no-mining"] });
    await rpc(anvil.http, "evm_setAutomine", [true]);
    address = await deployCallDemo(anvil);
    await rpc(anvil.http, "evm_setAutomine", [false]);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ pollIntervalMs: 100, rpcTimeoutMs: 2000, sweepIntervalMs: 500 }));
  });
  after(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    ABIBIND_RPC: anvil.http,
    ABIBIND_ADDRESS: address,
    ABIBIND_KEY_FILE: keyFile(dir),
    ABIBIND_JOURNAL: join(dir, "journal.db"),
    ...extra,
  });
  const exitOf = (svc: Service): Promise<number | null> =>
    new Promise((r) => (svc.process.exitCode !== null ? r(svc.process.exitCode) : svc.process.once("exit", (code) => r(code))));

  it("ends streams, stops accepting, lets an in-flight POST finish within ABIBIND_SHUTDOWN_MS, and exits 0", { timeout: 60_000 }, async () => {
    const svc = await startService(env({ ABIBIND_SHUTDOWN_MS: "20000" }), ["--config", join(dir, "config.json")]);
    const stream = await openStream(`${svc.url}/calldemo/events/stream`);
    const post = http("POST", `${svc.url}/calldemo/year`, { body: { year: "2050" }, headers: { "idempotency-key": "term-1" } });
    await until("the POST in flight", async () => (pendingOf(await rpc(anvil.http, "txpool_content")).length > 0 ? true : null));
    const exited = exitOf(svc);
    svc.process.kill("SIGTERM");
    await until("the stream ended", () => stream.ended);
    await until("no new connections", async () => (await fetch(`${svc.url}/health`).then(() => "open", () => "closed")) === "closed");
    await rpc(anvil.http, "evm_mine");
    const r = await post;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.year, "2050");
    assert.equal(await exited, 0, svc.output());
    stream.close();
  });

  it("a POST still running at the deadline answers 503 SHUTTING_DOWN, exits 0, and the same key later returns its transaction", { timeout: 60_000 }, async () => {
    const svc = await startService(env({ ABIBIND_SHUTDOWN_MS: "500" }), ["--config", join(dir, "config.json")]);
    const post = http("POST", `${svc.url}/calldemo/year`, { body: { year: "2051" }, headers: { "idempotency-key": "term-2" } });
    await until("the POST in flight", async () => (pendingOf(await rpc(anvil.http, "txpool_content")).length > 0 ? true : null));
    const exited = exitOf(svc);
    svc.process.kill("SIGTERM");
    const r = await post;
    assert.equal(r.status, 503);
    assert.equal(r.body.error.code, "SHUTTING_DOWN");
    assert.equal(await exited, 0, svc.output());
    const pending = pendingOf(await rpc(anvil.http, "txpool_content"));
    assert.equal(pending.length, 1);
    await rpc(anvil.http, "evm_mine");
    const again = await startService(env(), ["--config", join(dir, "config.json")]);
    try {
      const r2 = await http("POST", `${again.url}/calldemo/year`, { body: { year: "2051" }, headers: { "idempotency-key": "term-2" } });
      assert.equal(r2.status, 200, JSON.stringify(r2.body));
      assert.equal(r2.body.transactionHash, pending[0]!.hash);
    } finally {
      await again.stop();
    }
  });
});
