// Read latency, side by side in one run against one anvil: raw JSON-RPC, ethers' stock providers,
// abibind's client.provider (under ethers' Contract and under the generated bindings), and viem.
// Prints per-read times and ratios to the raw floor of the same transport.
import { request as httpRequest, Agent } from "node:http";
import { createConnection } from "node:net";
import { Contract, Interface, IpcSocketProvider, JsonRpcProvider, WebSocketProvider, Wallet, type ContractRunner } from "ethers";
import { createPublicClient, http as viemHttp, webSocket as viemWs } from "viem";
import { ipc as viemIpc } from "viem/node";
import { CallDemo__factory } from "../generated/index.js";
import { connect } from "../src/index.ts";
import { ANVIL_KEY_0, startAnvil } from "../test/helpers/anvil.ts";

const N = Number(process.env.BENCH_READS ?? 2000);
const anvil = await startAnvil();
const setup = await connect(anvil.http);
const demo = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, setup.provider)).deploy();
await demo.waitForDeployment();
const address = await demo.getAddress();
await setup.close();
const data = new Interface(CallDemo__factory.abi).encodeFunctionData("year");

// Raw floors: one JSON-RPC request per read, straight to the socket.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: address, data }, "latest"] });
const rawHttp = (payload = body) =>
  new Promise<string>((resolve, reject) => {
    const req = httpRequest(anvil.http, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
      let t = "";
      res.on("data", (c) => (t += c));
      res.on("end", () => resolve(t));
    });
    req.on("error", reject);
    req.end(payload);
  });
function socketFloor(kind: "ipc" | "ws"): Promise<(payload?: string) => Promise<string>> {
  return new Promise((resolve) => {
    let pending: ((t: string) => void) | null = null;
    if (kind === "ipc") {
      const s = createConnection(anvil.ipc);
      s.setEncoding("utf8");
      s.on("data", (t: string) => pending?.(t));
      s.on("connect", () => resolve((p = body) => new Promise((r) => ((pending = r), s.write(p)))));
    } else {
      const ws = new WebSocket(anvil.ws);
      ws.addEventListener("message", (ev) => pending?.(String(ev.data)));
      ws.addEventListener("open", () => resolve((p = body) => new Promise((r) => ((pending = r), ws.send(p)))));
    }
  });
}
/** A runner that writes straight to the socket: the floor for ethers' Contract. */
function bareRunner(send: (p: string) => Promise<string>): ContractRunner {
  return {
    provider: null,
    async call(tx) {
      const r = JSON.parse(await send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_call", params: [{ to: tx.to, data: tx.data }, "latest"] })));
      return r.result;
    },
  } as ContractRunner;
}

const rows: [string, string, number, number][] = [];
const floors = { http: rawHttp, ipc: await socketFloor("ipc"), ws: await socketFloor("ws") };
const ROUNDS = 9;
for (const kind of ["http", "ipc", "ws"] as const) {
  const floor = floors[kind];
  const client = await connect(anvil[kind]);
  const stock = kind === "http" ? new JsonRpcProvider(anvil.http, undefined, { staticNetwork: true }) : kind === "ws" ? new WebSocketProvider(anvil.ws) : new IpcSocketProvider(anvil.ipc);
  const viem = createPublicClient({ transport: kind === "http" ? viemHttp(anvil.http) : kind === "ws" ? viemWs(anvil.ws) : viemIpc(anvil.ipc) });
  const bare = new Contract(address, CallDemo__factory.abi, bareRunner(floor));
  const onClient = new Contract(address, CallDemo__factory.abi, client.provider);
  const typed = CallDemo__factory.connect(address, client.provider);
  const onStock = new Contract(address, CallDemo__factory.abi, stock);
  const paths: [string, () => Promise<unknown>, number][] = [
    ["raw JSON-RPC", () => floor(), N],
    ["ethers Contract on a bare runner", () => bare.getFunction("year")(), N],
    ["ethers Contract on client.provider", () => onClient.getFunction("year")(), N],
    ["generated binding on client.provider", () => typed.year(), N],
    // ethers' stock HTTP provider stalls 10 ms per call: fewer reads keep the run short.
    ["ethers Contract on ethers' stock provider", () => onStock.getFunction("year")(), kind === "http" ? Math.max(20, N / 20) : N],
    ["viem readContract", () => viem.readContract({ address: address as `0x${string}`, abi: CallDemo__factory.abi, functionName: "year" }), N],
  ];
  // Rounds interleave the paths, so a load spike on this shared machine hits all of them alike;
  // each path's figure is its median round.
  const samples = new Map<string, number[]>(paths.map(([l]) => [l, []]));
  for (const [, fn] of paths) for (let i = 0; i < 50; i++) await fn();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, fn, n] of paths) {
      const per = Math.max(1, Math.floor(n / ROUNDS));
      const t0 = performance.now();
      for (let i = 0; i < per; i++) await fn();
      samples.get(label)!.push(((performance.now() - t0) / per) * 1000);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const raw = median(samples.get("raw JSON-RPC")!);
  for (const [label] of paths) {
    const us = median(samples.get(label)!);
    rows.push([kind, label, us, us / raw]);
    if (label === "ethers Contract on client.provider") {
      rows.push([kind, "  client.provider / bare runner (goal ≤ 1.15)", us / median(samples.get("ethers Contract on a bare runner")!), 0]);
    }
  }
  stock.destroy();
  await client.close();
}

console.log(`\nSequential reads of CallDemo.year() (${N} per path, ${ROUNDS} interleaved rounds, median), µs per read and ratio to raw JSON-RPC on the same transport. Goals: generated binding ≤ 1.3× raw over HTTP, ≤ 1.5× over IPC and WS.\n`);
console.log("| transport | path | µs/read | × raw |\n|---|---|---:|---:|");
for (const [k, l, us, ratio] of rows) console.log(l.startsWith("  ") ? `| ${k} | ${l.trim()} | | ${us.toFixed(2)}× |` : `| ${k} | ${l} | ${us.toFixed(1)} | ${ratio.toFixed(2)} |`);
await anvil.stop();
process.exit(0);
