// Load on the example backend: many concurrent clients GET /calldemo/year from the service (a real
// process) in front of a real anvil with Multicall3. A counting proxy between the service and the
// node counts what reaches the node — HTTP requests and JSON-RPC calls inside them — so "node
// round trips per request" is measured from outside, not taken from the service's word. The same
// load runs with read batching off (config batchReads: false) for comparison.
//   node bench/backend.ts            BENCH_SECONDS=5 BENCH_CLIENTS=16,64,256
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
const counts = { http: 0, calls: 0 };
const upstream = new Agent({ keepAlive: true, maxSockets: 64 });
const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    counts.http++;
    try {
      const msg = JSON.parse(body.toString()) as unknown;
      counts.calls += Array.isArray(msg) ? msg.length : 1;
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
        res.on("end", () => (res.statusCode === 200 && t === '{"year":"2020"}' ? resolve(200) : reject(new Error(`${res.statusCode} ${t}`))));
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
process.stdout.write(`${lines.join("\n")}\n`);
