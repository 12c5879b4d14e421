// GET /calldemo/events/stream: new YearChanged events as server-sent events. Each stream runs the
// events module's resumable watcher (reconnects forever, backfills from its last block, delivers
// each log once by blockHash:logIndex), so a node restart costs no event and repeats none. The
// event id is <blockHash>:<logIndex>; a client that comes back with Last-Event-ID resumes right
// after that event (EventSource does this by itself).
import type { IncomingMessage, ServerResponse } from "node:http";
import { type DecodedLog, logJson, watchLogs } from "abibind";
import type { BackendContext } from "../context.ts";
import { HttpError } from "../http.ts";

const EVENT_ID = /^(0x[0-9a-fA-F]{64}):([0-9]{1,9})$/;
const HEARTBEAT_MS = 15_000;

export async function streamEvents(ctx: BackendContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  // The header (EventSource's reconnect), or ?lastEventId= for clients that cannot set headers.
  const raw = req.headers["last-event-id"] ?? url.searchParams.get("lastEventId") ?? undefined;
  let resume: { hash: string; logIndex: number; block: number } | undefined;
  const client = await ctx.chain.client();
  if (raw !== undefined && raw !== "") {
    const m = typeof raw === "string" ? EVENT_ID.exec(raw) : null;
    if (m === null) throw new HttpError(400, "INVALID_LAST_EVENT_ID", "Last-Event-ID must be an id this stream sent: <blockHash>:<logIndex>");
    const block = (await client.provider.send("eth_getBlockByHash", [m[1], false])) as { number?: string } | null;
    if (block?.number === undefined) {
      throw new HttpError(410, "EVENT_GONE", `block ${m[1]} of Last-Event-ID is not on the chain (reorganised away, or another chain): resume with GET /calldemo/events?fromBlock=…`);
    }
    resume = { hash: m[1]!.toLowerCase(), logIndex: Number(m[2]), block: Number(BigInt(block.number)) };
  }
  // Without a resume point, only what comes after now.
  const fromBlock = resume?.block ?? (await client.provider.getBlockNumber()) + 1;

  let ended = false;
  const send = async (text: string): Promise<void> => {
    if (ended) return;
    if (!res.write(text)) await new Promise<void>((r) => res.once("drain", r).once("close", r));
  };
  const onLog = async (log: DecodedLog): Promise<void> => {
    // The resumed block again: skip what the client already has (same block hash, up to its index).
    if (resume !== undefined && log.blockNumber === resume.block && log.blockHash.toLowerCase() === resume.hash && log.logIndex <= resume.logIndex && log.removed !== true) return;
    const data = JSON.stringify(logJson(log, { removed: log.removed === true }));
    await send(`id: ${log.blockHash}:${log.logIndex}\ndata: ${data}\n\n`);
  };
  const watcher = await watchLogs({
    endpoint: ctx.config.rpc,
    address: ctx.config.address,
    topics: ctx.decoder.topicsFor("YearChanged"),
    decoder: ctx.decoder,
    fromBlock,
    pollIntervalMs: ctx.config.pollIntervalMs,
    timeoutMs: ctx.config.rpcTimeoutMs,
    onLog,
    onStatus: (s) => {
      if (s.kind === "disconnected") ctx.log.log("warn", "event stream lost the node; reconnecting", { endpoint: ctx.chain.endpoint });
      else if (s.kind === "connected") ctx.log.log("info", "event stream reconnected", { endpoint: ctx.chain.endpoint });
      else ctx.log.log("warn", "chain reorganisation", { forkBlock: s.forkBlock, removed: s.removed });
    },
  });
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
  res.write("retry: 1000\n\n");
  const heartbeat = setInterval(() => void send(": keep-alive\n\n"), HEARTBEAT_MS);
  const end = async (): Promise<void> => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    ctx.streams.delete(end);
    await watcher.stop().catch(() => undefined);
    res.end();
  };
  ctx.streams.add(end);
  res.once("close", () => void end());
  watcher.done.then(
    () => void end(),
    (e: unknown) => {
      ctx.log.log("error", "event stream failed", { error: (e as Error).message });
      void end();
    },
  );
}
