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

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const us = ((performance.now() - t0) / N) * 1000;
  return us;
}

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
for (const kind of ["http", "ipc", "ws"] as const) {
  const floor = floors[kind];
  const raw = await time("raw", () => floor());
  const add = (label: string, us: number) => rows.push([kind, label, us, us / raw]);
  add("raw JSON-RPC", raw);
  const bare = new Contract(address, CallDemo__factory.abi, bareRunner(floor));
  const bareUs = await time("bare", () => bare.getFunction("year")());
  add("ethers Contract on a bare runner", bareUs);
  const client = await connect(anvil[kind]);
  const onClient = new Contract(address, CallDemo__factory.abi, client.provider);
  const clientUs = await time("client", () => onClient.getFunction("year")());
  add("ethers Contract on client.provider", clientUs);
  rows.push([kind, "  client.provider / bare runner", clientUs / bareUs, 0]);
  const typed = CallDemo__factory.connect(address, client.provider);
  add("generated binding on client.provider", await time("typed", () => typed.year()));
  const stock = kind === "http" ? new JsonRpcProvider(anvil.http, undefined, { staticNetwork: true }) : kind === "ws" ? new WebSocketProvider(anvil.ws) : new IpcSocketProvider(anvil.ipc);
  const onStock = new Contract(address, CallDemo__factory.abi, stock);
  add("ethers Contract on ethers' stock provider", await time("stock", () => onStock.getFunction("year")()));
  stock.destroy();
  const viem = createPublicClient({ transport: kind === "http" ? viemHttp(anvil.http) : kind === "ws" ? viemWs(anvil.ws) : viemIpc(anvil.ipc) });
  add("viem readContract", await time("viem", () => viem.readContract({ address: address as `0x${string}`, abi: CallDemo__factory.abi, functionName: "year" })));
  await client.close();
}

console.log(`\nSequential reads of CallDemo.year() (${N} each), µs per read and ratio to raw JSON-RPC on the same transport:\n`);
console.log("| transport | path | µs/read | × raw |\n|---|---|---:|---:|");
for (const [k, l, us, ratio] of rows) console.log(l.startsWith("  ") ? `| ${k} | ${l.trim()} | | ${us.toFixed(2)}× |` : `| ${k} | ${l} | ${us.toFixed(1)} | ${ratio.toFixed(2)} |`);
await anvil.stop();
process.exit(0);
