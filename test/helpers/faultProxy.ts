// A fault-injecting JSON-RPC proxy in front of a real node (anvil): every request is forwarded
// for real, and switchable faults are injected on the way — provider-style eth_getLogs range and
// size errors, HTTP 429 with Retry-After, connection resets, latency, partial batch errors, a
// server that accepts connections but never answers, and WebSocket connections that drop.
// WebSocket upgrades are piped byte for byte to the node, so drops are real TCP closes.
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";

/** How a too-large eth_getLogs is refused, after real providers. */
export type RangeErrorStyle = "infura" | "alchemy" | "quicknode" | "geth";

export interface Faults {
  /** eth_getLogs spanning more than this many blocks is refused (provider-style). */
  maxBlockRange?: number;
  /** eth_getLogs returning more than this many logs is refused (provider-style). */
  maxResults?: number;
  rangeErrorStyle?: RangeErrorStyle;
  /** The next N HTTP requests get 429 with Retry-After: retryAfterSeconds. */
  rateLimitNext?: number;
  retryAfterSeconds?: number;
  /** The next N HTTP requests get their connection destroyed without an answer. */
  resetNext?: number;
  /** Every eth_getLogs whose ordinal (1-based) is a multiple of this has its connection reset. */
  resetEveryGetLogs?: number;
  /** Added delay before forwarding each HTTP request, in ms. */
  latencyMs?: number;
  /** In a batch, every item whose index is a multiple of this (0-based, from 1) gets an error instead. */
  batchErrorEvery?: number;
  /** eth_getLogs reaching this block or beyond fails with a (non-range) internal error. */
  failGetLogsFrom?: number;
  /** Accept connections and requests, never answer. */
  hang?: boolean;
  /** Refuse WebSocket upgrades (destroy the socket) while set. */
  refuseWs?: boolean;
}

export interface FaultProxy {
  readonly port: number;
  readonly http: string;
  readonly ws: string;
  /** Mutable: change faults at any time. */
  faults: Faults;
  /** Counts of requests seen, by JSON-RPC method, and of injected faults, by kind. */
  readonly stats: { methods: Record<string, number>; injected: Record<string, number> };
  /** Point the proxy at another upstream (e.g. a restarted node on another port). */
  setTarget(http: string): void;
  /** Closes every open WebSocket connection (both sides), as a network drop would. */
  dropWs(): number;
  close(): Promise<void>;
}

interface RpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: string;
  params?: unknown[];
}

const RANGE_ERRORS: Record<RangeErrorStyle, (limit: number, kind: "range" | "results") => { code: number; message: string }> = {
  infura: (limit, kind) =>
    kind === "results"
      ? { code: -32005, message: `query returned more than ${limit} results` }
      : { code: -32005, message: `query returned more than 10000 results. Try with this block range [0x0, 0x${limit.toString(16)}].` },
  alchemy: (limit) => ({
    code: -32602,
    message: `Log response size exceeded. You can make eth_getLogs requests with up to a ${limit} block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response.`,
  }),
  quicknode: (limit) => ({ code: -32614, message: `eth_getLogs is limited to a ${limit} range` }),
  geth: (limit, kind) => (kind === "results" ? { code: -32005, message: `query returned more than ${limit} results` } : { code: -32000, message: `exceed maximum block range: ${limit}` }),
};

export async function startFaultProxy(upstreamHttp: string, initial: Faults = {}): Promise<FaultProxy> {
  let upstream = new URL(upstreamHttp);
  const stats = { methods: {} as Record<string, number>, injected: {} as Record<string, number> };
  const wsSockets = new Set<Duplex>();
  const pending = new Set<ServerResponse>();
  let getLogsCount = 0;
  const bump = (o: Record<string, number>, k: string): void => {
    o[k] = (o[k] ?? 0) + 1;
  };

  const forward = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        upstream,
        { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  let latestCache: { at: number; value: bigint } | undefined;
  const blockNumberOf = async (tag: unknown): Promise<bigint> => {
    if (typeof tag === "string" && /^0x[0-9a-f]+$/i.test(tag)) return BigInt(tag);
    if (tag === "earliest") return 0n;
    if (latestCache !== undefined && Date.now() - latestCache.at < 50) return latestCache.value;
    const r = JSON.parse((await forward(JSON.stringify({ jsonrpc: "2.0", id: 0, method: "eth_blockNumber", params: [] }))).text) as { result: string };
    latestCache = { at: Date.now(), value: BigInt(r.result) };
    return latestCache.value;
  };

  /** An injected error for one call, or undefined to forward it. */
  const callFault = async (call: RpcRequest): Promise<{ code: number; message: string } | undefined> => {
    const f = proxy.faults;
    if (call.method !== "eth_getLogs") return undefined;
    const filter = (call.params?.[0] ?? {}) as { fromBlock?: unknown; toBlock?: unknown; blockHash?: unknown };
    if (f.failGetLogsFrom !== undefined && filter.blockHash === undefined && (await blockNumberOf(filter.toBlock ?? "latest")) >= BigInt(f.failGetLogsFrom)) {
      bump(stats.injected, "getLogs-fail");
      return { code: -32603, message: "internal error: header not found" };
    }
    if (f.maxBlockRange !== undefined && filter.blockHash === undefined) {
      const from = await blockNumberOf(filter.fromBlock ?? "latest");
      const to = await blockNumberOf(filter.toBlock ?? "latest");
      if (to - from + 1n > BigInt(f.maxBlockRange)) {
        bump(stats.injected, "range");
        return RANGE_ERRORS[f.rangeErrorStyle ?? "infura"](f.maxBlockRange, "range");
      }
    }
    return undefined;
  };

  const resultFault = (call: RpcRequest, result: unknown): { code: number; message: string } | undefined => {
    const f = proxy.faults;
    if (call.method === "eth_getLogs" && f.maxResults !== undefined && Array.isArray(result) && result.length > f.maxResults) {
      bump(stats.injected, "results");
      return RANGE_ERRORS[f.rangeErrorStyle ?? "infura"](f.maxResults, "results");
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = "";
    for await (const c of req) body += String(c);
    const f = proxy.faults;
    let parsed: RpcRequest | RpcRequest[];
    try {
      parsed = JSON.parse(body) as RpcRequest | RpcRequest[];
    } catch {
      parsed = {};
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    for (const c of calls) bump(stats.methods, String(c.method));
    if (f.hang === true) {
      bump(stats.injected, "hang");
      pending.add(res);
      return;
    }
    if (f.latencyMs !== undefined && f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    if ((f.resetNext ?? 0) > 0) {
      f.resetNext = (f.resetNext ?? 0) - 1;
      bump(stats.injected, "reset");
      req.socket.destroy();
      return;
    }
    if (calls.some((c) => c.method === "eth_getLogs")) {
      getLogsCount++;
      if (f.resetEveryGetLogs !== undefined && getLogsCount % f.resetEveryGetLogs === 0) {
        bump(stats.injected, "reset");
        req.socket.destroy();
        return;
      }
    }
    if ((f.rateLimitNext ?? 0) > 0) {
      f.rateLimitNext = (f.rateLimitNext ?? 0) - 1;
      bump(stats.injected, "429");
      const payload = JSON.stringify({ jsonrpc: "2.0", id: (calls[0]?.id ?? null), error: { code: 429, message: "Too Many Requests" } });
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(f.retryAfterSeconds ?? 1) });
      res.end(payload);
      return;
    }
    const answers: unknown[] = [];
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      if (Array.isArray(parsed) && f.batchErrorEvery !== undefined && (i + 1) % f.batchErrorEvery === 0) {
        bump(stats.injected, "batch");
        answers.push({ jsonrpc: "2.0", id: call.id ?? null, error: { code: -32603, message: "internal error: batch item failed" } });
        continue;
      }
      const injected = await callFault(call);
      if (injected !== undefined) {
        answers.push({ jsonrpc: "2.0", id: call.id ?? null, error: injected });
        continue;
      }
      let up: { status: number; text: string };
      try {
        up = await forward(JSON.stringify(call));
      } catch {
        // Upstream down: the client sees a reset, as it would from a real gateway dropping it.
        req.socket.destroy();
        return;
      }
      let msg: { result?: unknown; error?: unknown };
      try {
        msg = JSON.parse(up.text) as typeof msg;
      } catch {
        res.writeHead(up.status, { "content-type": "application/json" });
        res.end(up.text);
        return;
      }
      const late = "result" in msg ? resultFault(call, msg.result) : undefined;
      answers.push(late !== undefined ? { jsonrpc: "2.0", id: call.id ?? null, error: late } : msg);
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("upgrade", (req: IncomingMessage, client: Duplex, head: Buffer) => {
    if (proxy.faults.refuseWs === true || proxy.faults.hang === true) {
      bump(stats.injected, "ws-refused");
      if (proxy.faults.hang === true) {
        wsSockets.add(client);
        return;
      }
      client.destroy();
      return;
    }
    const up: Socket = connect(Number(upstream.port), upstream.hostname);
    wsSockets.add(client);
    wsSockets.add(up);
    const close = (): void => {
      wsSockets.delete(client);
      wsSockets.delete(up);
      client.destroy();
      up.destroy();
    };
    up.on("connect", () => {
      let head0 = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const k = req.rawHeaders[i]!;
        head0 += `${k}: ${k.toLowerCase() === "host" ? `${upstream.hostname}:${upstream.port}` : req.rawHeaders[i + 1]}\r\n`;
      }
      up.write(`${head0}\r\n`);
      if (head.length > 0) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on("error", close);
    client.on("error", close);
    up.on("close", close);
    client.on("close", close);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;

  const proxy: FaultProxy = {
    port,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    faults: { ...initial },
    stats,
    setTarget(http: string) {
      upstream = new URL(http);
      latestCache = undefined;
    },
    dropWs() {
      const n = wsSockets.size;
      for (const s of [...wsSockets]) s.destroy();
      wsSockets.clear();
      bump(stats.injected, "ws-drop");
      return n;
    },
    async close() {
      proxy.dropWs();
      for (const r of pending) r.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
