// Read latency, side by side in one run against one anvil: a minimal raw JSON-RPC client, ethers'
// stock providers, abibind's client.provider (under ethers' Contract and under the generated
// bindings, with and without read batching), and viem. Prints per-read times and ratios to the raw
// client of the same transport.
//   node bench/reads.ts            BENCH_READS=2000 BENCH_ROUNDS=7
import { Agent, request as httpRequest } from "node:http";
import { createConnection } from "node:net";
import { Contract, IpcSocketProvider, JsonRpcProvider, WebSocketProvider, Wallet, type ContractRunner } from "ethers";
import { createPublicClient, http as viemHttp, webSocket as viemWs } from "viem";
import { ipc as viemIpc } from "viem/node";
import { CallDemo__factory } from "../generated/index.js";
import { connect } from "../src/index.ts";
import { ANVIL_KEY_0, startAnvil } from "../test/helpers/anvil.ts";

const N = Number(process.env.BENCH_READS ?? 2000);
const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 7));
// ethers' stock providers are slow (its HTTP provider stalls 10 ms per call): fewer reads keep the run short.
const STOCK_HTTP = Math.max(20, N / 20);
const STOCK_SOCKET = Math.max(20, N / 5);
const anvil = await startAnvil();
const setup = await connect(anvil.http);
const demo = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, setup.provider)).deploy();
await demo.waitForDeployment();
const address = (await demo.getAddress()).toLowerCase();
await setup.close();

// The raw baseline is the least a correct client does per read: one keep-alive connection (HTTP)
// or one socket (WS, IPC), JSON.stringify of a fresh request, JSON.parse of the answer, the call
// encoded and its uint256 result decoded by hand. A slower baseline would flatter every ratio.
const YEAR = "0xf3269716"; // year()
type Send = (text: string) => Promise<string>;

function httpSend(url: string): Send {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  // Options rather than a URL string: node:http would parse the string on every request.
  const { hostname, port, pathname } = new URL(url);
  return (text) =>
    new Promise((resolve, reject) => {
      const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(text) };
      const req = httpRequest({ hostname, port, path: pathname, method: "POST", agent, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve(body));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(text);
    });
}

/** One request at a time on one socket: the next answer is this request's. */
function socketSend(kind: "ipc" | "ws"): Promise<Send> {
  return new Promise((resolve, reject) => {
    let waiting: ((text: string) => void) | null = null;
    const deliver = (text: string): void => {
      const w = waiting;
      waiting = null;
      w?.(text);
    };
    if (kind === "ipc") {
      // anvil and geth end each IPC message with a newline; a message may span several chunks.
      const s = createConnection(anvil.ipc);
      let buf = "";
      s.setEncoding("utf8");
      s.on("data", (chunk: string) => {
        buf += chunk;
        for (let nl = buf.indexOf("\n"); nl !== -1; nl = buf.indexOf("\n")) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim() !== "") deliver(line);
        }
      });
      s.on("error", reject);
      s.on("connect", () => resolve((t) => new Promise((r) => ((waiting = r), s.write(t)))));
    } else {
      const ws = new WebSocket(anvil.ws);
      ws.addEventListener("message", (ev) => deliver(String(ev.data)));
      ws.addEventListener("error", reject);
      ws.addEventListener("open", () => resolve((t) => new Promise((r) => ((waiting = r), ws.send(t)))));
    }
  });
}

/** A JSON-RPC exchange over `send`, with its own ids and error check. */
function rawRpc(send: Send): (method: string, params: unknown[]) => Promise<unknown> {
  let nextId = 1;
  return async (method, params) => {
    const id = nextId++;
    const r = JSON.parse(await send(JSON.stringify({ jsonrpc: "2.0", id, method, params }))) as { id: number; result?: unknown; error?: { message: string } };
    if (r.id !== id) throw new Error(`answer ${r.id} for request ${id}`);
    if (r.error !== undefined) throw new Error(r.error.message);
    return r.result;
  };
}

/** year() by hand: calldata is the selector, the answer one uint256 word. */
function rawYear(rpc: ReturnType<typeof rawRpc>): () => Promise<bigint> {
  return async () => {
    const result = (await rpc("eth_call", [{ to: address, data: YEAR }, "latest"])) as string;
    if (typeof result !== "string" || result.length !== 66) throw new Error(`unexpected eth_call result ${result}`);
    return BigInt(result);
  };
}

/** A runner over the raw client: the floor for ethers' Contract. */
function bareRunner(rpc: ReturnType<typeof rawRpc>): ContractRunner {
  return { provider: null, call: async (tx) => (await rpc("eth_call", [{ to: tx.to, data: tx.data }, "latest"])) as string } as ContractRunner;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: [string, string, number, number][] = [];
const RAW = "raw JSON-RPC client";
const STOCK = "ethers Contract on ethers' stock provider";
const SLICES = 10;
for (const kind of ["http", "ipc", "ws"] as const) {
  const rpc = rawRpc(kind === "http" ? httpSend(anvil.http) : await socketSend(kind));
  const raw = rawYear(rpc);
  const client = await connect(anvil[kind]);
  const unbatched = await connect(anvil[kind], { batchReads: false });
  const stock = kind === "http" ? new JsonRpcProvider(anvil.http, undefined, { staticNetwork: true }) : kind === "ws" ? new WebSocketProvider(anvil.ws) : new IpcSocketProvider(anvil.ipc);
  const viem = createPublicClient({ transport: kind === "http" ? viemHttp(anvil.http) : kind === "ws" ? viemWs(anvil.ws) : viemIpc(anvil.ipc) });
  const bare = new Contract(address, CallDemo__factory.abi, bareRunner(rpc));
  const onClient = new Contract(address, CallDemo__factory.abi, client.provider);
  const typed = CallDemo__factory.connect(address, client.provider);
  const typedUnbatched = CallDemo__factory.connect(address, unbatched.provider);
  const onStock = new Contract(address, CallDemo__factory.abi, stock);
  const paths: [string, () => Promise<unknown>, number][] = [
    [RAW, raw, N],
    ["generated binding, connect() defaults", () => typed.year(), N],
    ["generated binding, batchReads: false", () => typedUnbatched.year(), N],
    ["ethers Contract on a bare runner", () => bare.getFunction("year")(), N],
    ["ethers Contract on client.provider", () => onClient.getFunction("year")(), N],
    [STOCK, () => onStock.getFunction("year")(), kind === "http" ? STOCK_HTTP : STOCK_SOCKET],
    ["viem readContract", () => viem.readContract({ address: address as `0x${string}`, abi: CallDemo__factory.abi, functionName: "year" }), N],
  ];
  for (const [label, fn] of paths) if ((await fn()) !== 2020n) throw new Error(`${label} did not read 2020`);
  // A round reads n times on every path, in SLICES slices that take turns (each slice starting
  // one path later), so a load spike on this shared machine hits all paths alike. A path's figure
  // is its median round; its ratio, the median of its per-round ratios to the raw client.
  const perRound = new Map<string, number[]>(paths.map(([l]) => [l, []]));
  for (const [, fn] of paths) for (let i = 0; i < 200; i++) await fn();
  for (let r = 0; r < ROUNDS; r++) {
    const spent = new Map<string, number>(paths.map(([l]) => [l, 0]));
    for (let s = 0; s < SLICES; s++) {
      for (let p = 0; p < paths.length; p++) {
        const [label, fn, n] = paths[(p + s + r) % paths.length]!;
        const reads = Math.max(1, Math.round(n / SLICES));
        const t0 = performance.now();
        for (let i = 0; i < reads; i++) await fn();
        spent.set(label, spent.get(label)! + performance.now() - t0);
      }
    }
    for (const [label, , n] of paths) perRound.get(label)!.push((spent.get(label)! / (Math.max(1, Math.round(n / SLICES)) * SLICES)) * 1000);
  }
  const rawRounds = perRound.get(RAW)!;
  const ratio = (label: string, to: number[]): number => median(perRound.get(label)!.map((us, r) => us / to[r]!));
  for (const [label] of paths) {
    rows.push([kind, label, median(perRound.get(label)!), ratio(label, rawRounds)]);
    if (label === "ethers Contract on client.provider") {
      rows.push([kind, "  client.provider / bare runner (goal ≤ 1.15)", ratio(label, perRound.get("ethers Contract on a bare runner")!), 0]);
    }
  }
  stock.destroy();
  await client.close();
  await unbatched.close();
}

console.log(
  `\nSequential reads of CallDemo.year(): ${ROUNDS} rounds of ${N} reads per path (ethers' stock provider: ${STOCK_HTTP} over HTTP, ${STOCK_SOCKET} over IPC and WS), the paths taking turns in ${SLICES} slices per round. ` +
    "µs per read: the median round; × raw: the median of per-round ratios to the raw client on the same transport. " +
    "The raw client: one keep-alive HTTP connection or one socket, JSON.stringify/JSON.parse per call, eth_call encoded and its result decoded by hand. " +
    "Goal: generated binding with connect() defaults ≤ 1.15× raw on every transport.\n",
);
console.log("| transport | path | µs/read | × raw |\n|---|---|---:|---:|");
for (const [k, l, us, ratio] of rows) console.log(l.startsWith("  ") ? `| ${k} | ${l.trim()} | | ${us.toFixed(2)}× |` : `| ${k} | ${l} | ${us.toFixed(1)} | ${ratio.toFixed(2)} |`);
await anvil.stop();
process.exit(0);
