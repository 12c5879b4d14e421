// Load on the example backend: many concurrent clients GET /calldemo/year from the service (a real
// process) in front of a real anvil with Multicall3. A counting proxy between the service and the
// node counts what reaches the node — HTTP requests and JSON-RPC calls inside them — so "node
// round trips per request" is measured from outside, not taken from the service's word. The same
// load runs with read batching off (config batchReads: false) for comparison.
// A second scenario opens 1, 100 and 1,000 event streams and counts the watcher's node calls per block.
//   node bench/backend.ts            BENCH_SECONDS=5 BENCH_CLIENTS=16,64,256 BENCH_STREAM_CLIENTS=1,100,1000
import { Agent, createServer, request } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployCallDemo, startService } from "../test/backend/fixture.ts";
import { startAnvil } from "../test/helpers/anvil.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = (process.env.BENCH_CLIENTS ?? "16,64,256").split(",").map(Number);

const anvil = await startAnvil();
const address = await deployCallDemo(anvil);
const dir = mkdtempSync(join(tmpdir(), "abb-"));

// The counting proxy: forwards every request to anvil unchanged.
const counts = { http: 0, calls: 0, byMethod: new Map<string, number>() };
const upstream = new Agent({ keepAlive: true, maxSockets: 64 });
const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    counts.http++;
    try {
      const msg = JSON.parse(body.toString()) as { method?: string } | { method?: string }[];
      const items = Array.isArray(msg) ? msg : [msg];
      counts.calls += items.length;
      for (const m of items) counts.byMethod.set(m.method ?? "?", (counts.byMethod.get(m.method ?? "?") ?? 0) + 1);
    } catch {
      counts.calls++;
    }
    const up = request(anvil.http, { method: "POST", agent: upstream, headers: { "content-type": "application/json", "content-length": body.length } }, (r) => {
      res.writeHead(r.statusCode ?? 502, { "content-type": "application/json" });
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    up.end(body);
  });
});
await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

interface Row {
  batching: boolean;
  clients: number;
  requests: number;
  errors: number;
  rps: number;
  nodeHttp: number;
  nodeCalls: number;
  p50: number;
  p99: number;
}

async function load(url: string, clients: number): Promise<Omit<Row, "batching" | "nodeHttp" | "nodeCalls">> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const get = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(`${url}/calldemo/year`, { agent }, (res) => {
        let t = "";
        res.on("data", (c: Buffer) => (t += c.toString()));
        res.on("end", () => (res.statusCode === 200 && /^\{"year":"\d+"\}$/.test(t) ? resolve(200) : reject(new Error(`${res.statusCode} ${t}`))));
      });
      req.on("error", reject);
      req.end();
    });
  // Warm-up: sockets open, the service connected.
  await Promise.all(Array.from({ length: clients }, () => get()));
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await get();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    clients,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

const rows: Row[] = [];
for (const batching of [true, false]) {
  const config = join(dir, `config-${batching}.json`);
  writeFileSync(config, JSON.stringify({ batchReads: batching }));
  const svc = await startService({ ABIBIND_RPC: proxyUrl, ABIBIND_ADDRESS: address, ABIBIND_JOURNAL: join(dir, `j-${batching}.db`) }, ["--config", config]);
  try {
    for (const clients of CLIENTS) {
      const before = { ...counts };
      const r = await load(svc.url, clients);
      // The warm-up's node traffic is in the counts too; it is small next to the run and only raises the ratio.
      rows.push({ batching, ...r, nodeHttp: counts.http - before.http, nodeCalls: counts.calls - before.calls });
    }
  } finally {
    await svc.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Streams: N clients on GET /calldemo/events/stream while 20 blocks with one YearChanged each are
// mined (one every 250 ms, sent to anvil directly so only the service's traffic is counted). The
// service runs one watcher whatever N is: node calls per block should not grow with N. Then GET
// /calldemo/year under load while the N streams stay open: its p99.
const STREAM_CLIENTS = (process.env.BENCH_STREAM_CLIENTS ?? "1,100,1000").split(",").map(Number);
const BLOCKS = 20;
const calldemoIface = (await import("../generated/index.js")).CallDemo__factory.createInterface();

interface StreamClient {
  readonly years: string[];
  close(): void;
}

function openStreamClient(url: string, agent: Agent): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const years: string[] = [];
    const req = request(`${url}/calldemo/events/stream`, { agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream: HTTP ${res.statusCode}`));
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        for (let i = buf.indexOf("\n\n"); i !== -1; i = buf.indexOf("\n\n")) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (data !== undefined) years.push((JSON.parse(data.slice(6)) as { args: { current: string } }).args.current);
        }
      });
      resolve({ years, close: () => req.destroy() });
    });
    req.on("error", (e) => (years.length === 0 ? reject(e) : undefined));
    req.end();
  });
}

interface StreamRow {
  clients: number;
  watcherCalls: number;
  perBlock: number;
  complete: number;
  ordered: boolean;
  getP99: number;
  getRps: number;
}

const streamRows: StreamRow[] = [];
let year = 10_000;
for (const n of STREAM_CLIENTS) {
  const config = join(dir, "config-stream.json");
  writeFileSync(config, JSON.stringify({ pollIntervalMs: 200 }));
  const svc = await startService({ ABIBIND_RPC: proxyUrl, ABIBIND_ADDRESS: address, ABIBIND_JOURNAL: join(dir, `j-stream-${n}.db`), ABIBIND_MAX_STREAMS: String(Math.max(1000, n)) }, ["--config", config]);
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  try {
    const clients: StreamClient[] = [];
    for (let i = 0; i < n; i += 100) clients.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => openStreamClient(svc.url, agent)))));
    await new Promise((r) => setTimeout(r, 500));
    const watcherCalls = (): number => [...counts.byMethod].filter(([m]) => m !== "eth_call").reduce((a, [, c]) => a + c, 0);
    const before = watcherCalls();
    const first = year;
    for (let b = 0; b < BLOCKS; b++) {
      const data = calldemoIface.encodeFunctionData("setYear", [year++]);
      await fetch(anvil.http, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendTransaction", params: [{ from: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", to: address, data }] }) });
      await new Promise((r) => setTimeout(r, 250));
    }
    const deadline = Date.now() + 30_000;
    while (clients.some((c) => c.years.length < BLOCKS) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const used = watcherCalls() - before;
    const want = Array.from({ length: BLOCKS }, (_, i) => String(first + i));
    const complete = clients.filter((c) => c.years.length === BLOCKS).length;
    const ordered = clients.every((c) => c.years.join() === want.join());
    const get = await load(svc.url, 16);
    streamRows.push({ clients: n, watcherCalls: used, perBlock: used / BLOCKS, complete, ordered, getP99: get.p99, getRps: get.rps });
    for (const c of clients) c.close();
  } finally {
    agent.destroy();
    await svc.stop();
  }
}
proxy.close();
upstream.destroy();
await anvil.stop();
rmSync(dir, { recursive: true, force: true });

const lines = [
  `GET /calldemo/year, ${SECONDS} s per row, service and anvil on this machine; node traffic counted by a proxy in front of anvil`,
  "",
  "| read batching | clients | requests | errors | requests/s | p50 ms | p99 ms | node HTTP requests | node round trips per request | JSON-RPC calls per request |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.batching ? "Multicall3 (default)" : "off"} | ${r.clients} | ${r.requests} | ${r.errors} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.nodeHttp} | ${(r.nodeHttp / Math.max(1, r.requests)).toFixed(3)} | ${(r.nodeCalls / Math.max(1, r.requests)).toFixed(3)} |`,
  ),
];
const base = streamRows[0]?.perBlock ?? 0;
lines.push(
  "",
  `Event streams: N clients on GET /calldemo/events/stream, ${BLOCKS} blocks with one YearChanged each (one every 250 ms); the watcher's node calls (everything but eth_call) counted by the proxy; then GET /calldemo/year with 16 clients for ${SECONDS} s while the N streams stay open. Goal: 1,000 clients within 1.2× the node calls per block of 1 client, every client every event once, in order.`,
  "",
  "| stream clients | node calls (watcher) | node calls per block | × 1 client | clients with all events, once, in order | GET /calldemo/year p99 ms (16 clients) | GET requests/s |",
  "|---:|---:|---:|---:|---:|---:|---:|",
  ...streamRows.map(
    (r) => `| ${r.clients} | ${r.watcherCalls} | ${r.perBlock.toFixed(2)} | ${base > 0 ? (r.perBlock / base).toFixed(2) : "—"} | ${r.complete} of ${r.clients}${r.ordered ? "" : " (order broken)"} | ${r.getP99.toFixed(1)} | ${r.getRps.toFixed(0)} |`,
  ),
);
process.stdout.write(`${lines.join("\n")}\n`);
