// One watcher per process, fanned out to every stream client: node traffic follows blocks and
// events, never the number of listeners. The hub runs abibind's resumable watcher (`watchLogs` on
// the service's one client: reconnects, backfill, each log once, reorgs as removed: true) and
// writes each event to every open stream without waiting for any of them, so a slow client slows
// only itself; past its buffer cap it is disconnected and comes back with its last id.
//
// A client resuming with Last-Event-ID gets what followed that event from a bounded replay window
// of recent events, or, when the id is older than the window, from chunked eth_getLogs history up
// to where the watcher stands, then the live events that arrived meanwhile — in order, once.
import type { ServerResponse } from "node:http";
import { type Client, type DecodedLog, type LogDecoder, type Watcher, logJson, scanLogs, watchLogs } from "abibind";
import type { Logger } from "./log.ts";

/** Events kept for resuming clients (each ~0.4 KB): beyond them, history is fetched. */
const REPLAY_WINDOW = 1024;
const HEARTBEAT_MS = 15_000;

interface HubEvent {
  readonly id: string;
  readonly block: number;
  readonly logIndex: number;
  readonly removed: boolean;
  readonly frame: string;
}

/** Where a resuming client stopped: the event of its Last-Event-ID, located on the chain. */
export interface ResumePoint {
  readonly id: string;
  readonly hash: string;
  readonly logIndex: number;
  readonly block: number;
}

export interface HubOptions {
  readonly address: string;
  readonly topics: readonly (string | readonly string[] | null)[];
  readonly decoder: LogDecoder;
  readonly pollIntervalMs: number;
  /** Bytes a client may have queued before it is disconnected. */
  readonly bufferBytes: number;
  readonly log: Logger;
}

class Subscriber {
  /** Live events that arrive while its history is being fetched (null once it is live). */
  pending: HubEvent[] | null = null;
  pendingBytes = 0;
  /** Events of this block up to this index are the client's already (it resumed ahead of the watcher). */
  skip: { readonly block: number; readonly logIndex: number } | null = null;
  /** A backlog check is scheduled for after this turn's writes. */
  checkPending = false;
  readonly res: ServerResponse;
  constructor(res: ServerResponse) {
    this.res = res;
  }

  wants(e: HubEvent): boolean {
    return this.skip === null || e.removed || e.block !== this.skip.block || e.logIndex > this.skip.logIndex;
  }
}

export class EventHub {
  readonly #options: HubOptions;
  readonly #subscribers = new Set<Subscriber>();
  readonly #window: HubEvent[] = [];
  #client: Client | null = null;
  #watcher: Watcher | null = null;
  #starting: Promise<void> | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;
  /** Clients disconnected for reading too slowly (for /metrics). */
  slowDisconnects = 0;

  constructor(options: HubOptions) {
    this.#options = options;
  }

  /** Open streams. */
  get size(): number {
    return this.#subscribers.size;
  }

  /** The next block the watcher will deliver, once it runs. */
  get nextBlock(): number | null {
    return this.#watcher?.nextBlock ?? null;
  }

  /** Starts the one watcher (once; again after a failed start) on the service's client. */
  start(client: Client): Promise<void> {
    if (this.#watcher !== null) return Promise.resolve();
    this.#starting ??= this.#startWatcher(client).finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #startWatcher(client: Client): Promise<void> {
    const { log } = this.#options;
    // Only what comes after now: a client wanting the past resumes with an id, or asks the history route.
    const fromBlock = (await client.provider.getBlockNumber()) + 1;
    const watcher = await watchLogs(client, {
      address: this.#options.address,
      topics: this.#options.topics,
      decoder: this.#options.decoder,
      fromBlock,
      pollIntervalMs: this.#options.pollIntervalMs,
      onLog: (l) => this.#publish(l),
      onStatus: (s) => {
        if (s.kind === "disconnected") log.log("warn", "event watcher lost the node; reconnecting", {});
        else if (s.kind === "connected") log.log("info", "event watcher reconnected", {});
        else log.log("warn", "chain reorganisation", { forkBlock: s.forkBlock, removed: s.removed });
      },
    });
    this.#client = client;
    this.#watcher = watcher;
    this.#heartbeat = setInterval(() => this.#broadcast(": keep-alive\n\n"), HEARTBEAT_MS);
    this.#heartbeat.unref();
    watcher.done.catch((e: unknown) => {
      if (this.#closed) return;
      log.log("error", "event watcher failed; ending streams", { error: (e as Error).message?.split("\n")[0] });
      this.#watcher = null;
      if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
      for (const s of [...this.#subscribers]) this.#drop(s, false);
    });
  }

  /** Adds a stream (the response has its headers written); resumes after `resume` when given. */
  async subscribe(res: ServerResponse, resume: ResumePoint | undefined): Promise<void> {
    const sub = new Subscriber(res);
    this.#subscribers.add(sub);
    res.once("close", () => this.#subscribers.delete(sub));
    if (resume === undefined) return;
    // What the client missed goes out at its own pace; live events wait in `pending`, behind it.
    sub.pending = [];
    try {
      const at = this.#window.findIndex((e) => e.id === resume.id);
      if (at !== -1) {
        await this.#paced(sub, this.#window.slice(at + 1).map((e) => e.frame));
      } else {
        // Older than the window: history from the resumed block up to where the watcher stands.
        const frontier = (this.#watcher?.nextBlock ?? resume.block) - 1;
        if (resume.block > frontier) {
          // The client saw an event of a block this watcher has yet to deliver (another replica's stream).
          sub.skip = { block: resume.block, logIndex: resume.logIndex };
        } else {
          const { address, topics, decoder } = this.#options;
          await scanLogs(this.#client!.provider, { address, topics, fromBlock: resume.block, toBlock: frontier }, async (logs) => {
            for (const l of logs) {
              if (l.blockNumber === resume.block && l.logIndex <= resume.logIndex) continue;
              await this.#paced(sub, [frameOf(decoder.decode(l))]);
            }
          }, { retries: 2 });
        }
      }
      while (sub.pending.length > 0 && !res.destroyed && !res.writableEnded) {
        const waiting = sub.pending;
        sub.pending = [];
        sub.pendingBytes = 0;
        await this.#paced(sub, waiting.map((e) => e.frame));
      }
      sub.pending = null;
    } catch (e) {
      this.#drop(sub, false);
      throw e;
    }
  }

  /** Writes as fast as the client reads: waits for 'drain' whenever the socket's buffer is full. */
  async #paced(s: Subscriber, frames: readonly string[]): Promise<void> {
    for (const frame of frames) {
      if (s.res.destroyed || s.res.writableEnded) return;
      if (!s.res.write(frame)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            s.res.off("drain", done).off("close", done);
            resolve();
          };
          s.res.on("drain", done).on("close", done);
        });
      }
    }
  }

  #publish(l: DecodedLog): void {
    const e: HubEvent = { id: `${l.blockHash.toLowerCase()}:${l.logIndex}`, block: l.blockNumber, logIndex: l.logIndex, removed: l.removed === true, frame: frameOf(l) };
    this.#window.push(e);
    if (this.#window.length > REPLAY_WINDOW) this.#window.splice(0, this.#window.length - REPLAY_WINDOW);
    for (const s of this.#subscribers) {
      if (!s.wants(e)) continue;
      if (s.pending === null) this.#write(s, e.frame);
      else {
        s.pending.push(e);
        s.pendingBytes += e.frame.length;
        if (s.pendingBytes > this.#options.bufferBytes) this.#drop(s, true);
      }
    }
  }

  #broadcast(text: string): void {
    for (const s of this.#subscribers) if (s.pending === null) this.#write(s, text);
  }

  /** Writes without waiting; a client that lets too much queue up is cut off (it resumes with its last id). */
  #write(s: Subscriber, text: string): void {
    if (s.res.destroyed || s.res.writableEnded) return;
    s.res.write(text);
    // Measured once the writes of this turn went to the socket (Node corks a response within a
    // tick): what is still queued then is what the client has not read.
    if (!s.checkPending) {
      s.checkPending = true;
      setImmediate(() => {
        s.checkPending = false;
        if (s.res.writableLength > this.#options.bufferBytes) this.#drop(s, true);
      });
    }
  }

  #drop(s: Subscriber, slow: boolean): void {
    if (!this.#subscribers.delete(s)) return;
    if (slow) {
      this.slowDisconnects++;
      this.#options.log.log("warn", "stream client too slow: disconnected (it resumes with its last id)", { queuedBytes: s.res.writableLength + s.pendingBytes });
      s.res.destroy();
    } else s.res.end();
  }

  /** Ends every stream (clients reconnect with their last id) and stops the watcher. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    for (const s of [...this.#subscribers]) this.#drop(s, false);
    await this.#starting?.catch(() => undefined);
    await this.#watcher?.stop().catch(() => undefined);
  }
}

function frameOf(l: DecodedLog): string {
  return `id: ${l.blockHash}:${l.logIndex}\ndata: ${JSON.stringify(logJson(l, { removed: l.removed === true }))}\n\n`;
}
