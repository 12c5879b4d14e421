// GET /calldemo/events/stream: new YearChanged events as server-sent events, from the process's
// one watcher (eventHub.ts). The event id is <blockHash>:<logIndex>; a client that comes back with
// Last-Event-ID resumes right after that event (EventSource does this by itself).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BackendContext } from "../context.ts";
import type { ResumePoint } from "../eventHub.ts";
import { HttpError } from "../http.ts";

const EVENT_ID = /^(0x[0-9a-fA-F]{64}):([0-9]{1,9})$/;

export async function streamEvents(ctx: BackendContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (ctx.hub.size >= ctx.config.maxStreams) {
    throw new HttpError(503, "TOO_MANY_STREAMS", `this service holds its maximum of ${ctx.config.maxStreams} event streams (ABIBIND_MAX_STREAMS): retry later`, { "retry-after": "5" });
  }
  // The header (EventSource's reconnect), or ?lastEventId= for clients that cannot set headers.
  const raw = req.headers["last-event-id"] ?? url.searchParams.get("lastEventId") ?? undefined;
  const client = await ctx.chain.client();
  let resume: ResumePoint | undefined;
  if (raw !== undefined && raw !== "") {
    const m = typeof raw === "string" ? EVENT_ID.exec(raw) : null;
    if (m === null) throw new HttpError(400, "INVALID_LAST_EVENT_ID", "Last-Event-ID must be an id this stream sent: <blockHash>:<logIndex>");
    const block = (await client.provider.send("eth_getBlockByHash", [m[1], false])) as { number?: string } | null;
    if (block?.number === undefined) {
      throw new HttpError(410, "EVENT_GONE", `block ${m[1]} of Last-Event-ID is not on the chain (reorganised away, or another chain): resume with GET /calldemo/events?fromBlock=…`);
    }
    resume = { id: `${m[1]!.toLowerCase()}:${Number(m[2])}`, hash: m[1]!.toLowerCase(), logIndex: Number(m[2]), block: Number(BigInt(block.number)) };
  }
  await ctx.hub.start(client);
  if (ctx.stopping) throw new HttpError(503, "SHUTTING_DOWN", "the service is shutting down");
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
  res.write("retry: 1000\n\n");
  await ctx.hub.subscribe(res, resume);
}
