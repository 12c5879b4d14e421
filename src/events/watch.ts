// A log watcher that survives its node: it follows the chain head (eth_subscribe newHeads over
// WS/IPC, polling over HTTP — never node-side filters, which expire), fetches each new block
// range with eth_getLogs, and after any failure retries forever and backfills from the last
// delivered block. Each log is delivered once (by blockHash + logIndex); reorgs are found by
// comparing block hashes (nodes such as anvil never send removed: true) and the undone logs are
// delivered again with removed: true. With a Store, a checkpoint is committed after each
// delivered range, so a restarted process resumes where it stopped (at least once after a kill).
//
// It runs on connect()'s client — the one stack that talks to nodes: reconnects, deadlines, 429s
// and redaction are the client's; the watcher only decides what to fetch next.
import { type BackoffPolicy, backoffDelay } from "../connect/backoff.ts";
import { type Client, connect } from "../connect/connect.ts";
import type { ConnectionEvent } from "../connect/socketTransport.ts";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { ChainMismatchError } from "../errors/ChainMismatchError.ts";
import { EndpointUnreachableError, RpcError } from "../errors/commonErrors.ts";
import type { Store } from "../store/Store.ts";
import { scanLogs } from "./chunkedGetLogs.ts";
import { type DecodedLog, type LogDecoder, orderAndDedupe, type RawLog } from "./logDecoder.ts";

export type WatchStatus =
  | { readonly kind: "connected"; readonly reconnect: boolean }
  | { readonly kind: "disconnected"; readonly error: unknown }
  | { readonly kind: "reorg"; readonly forkBlock: number; readonly removed: number };

/** What to watch and how: the options of `watchLogs(client, options)`. */
export interface WatchClientOptions {
  /** The chain the client must be on (ChainMismatchError at start otherwise). */
  readonly chainId?: bigint;
  readonly address?: string | readonly string[];
  readonly topics?: readonly (string | readonly string[] | null)[];
  /** Decodes delivered logs; without it they are delivered raw (event: null). */
  readonly decoder?: LogDecoder;
  /** First block to deliver when there is no checkpoint (default: the latest block). */
  readonly fromBlock?: number;
  /** Deliver a block's logs only once it has this many blocks on top (default 0). */
  readonly confirmations?: number;
  /** Where the checkpoint is kept; a checkpoint found there wins over fromBlock. */
  readonly store?: Store;
  readonly checkpointKey?: string;
  /** Poll interval over HTTP, and the fallback wake-up over WS/IPC (default 1000 / 4000 ms). */
  readonly pollIntervalMs?: number;
  /** How many blocks back reorgs are tracked (default 128). */
  readonly reorgDepth?: number;
  /** Blocks fetched per step of a backfill (default 5000). */
  readonly maxBlocksPerStep?: number;
  /** Receives every log in chain order; a log undone by a reorg comes again with removed: true. Awaited. */
  readonly onLog: (log: DecodedLog) => void | Promise<void>;
  readonly onStatus?: (status: WatchStatus) => void;
}

/** The options of `watchLogs({ endpoint, … })`, which opens (and on stop closes) its own client. */
export interface WatchOptions extends WatchClientOptions {
  /** http(s)://, ws(s):// or an IPC socket path. */
  readonly endpoint: string;
  /** Deadline of each request, and of the first connection (default 10 000 ms). */
  readonly timeoutMs?: number;
}

export interface Watcher {
  /** The next block to be delivered. */
  readonly nextBlock: number;
  /** Finishes the current step, commits the checkpoint and stops. */
  stop(): Promise<void>;
  /** Settles when the watcher stops: rejects if onLog threw, or if the client was closed under it. */
  readonly done: Promise<void>;
}

/**
 * Watches logs on a client (`watchLogs(client, options)`: the watcher shares the client's
 * connection; stop the watcher before closing the client), or on an endpoint
 * (`watchLogs({ endpoint, … })`: the watcher opens its own client and closes it on stop).
 * Resolves once the start point is known; rejects if the node cannot be reached by then.
 */
export async function watchLogs(client: Client, options: WatchClientOptions): Promise<Watcher>;
export async function watchLogs(options: WatchOptions): Promise<Watcher>;
export async function watchLogs(first: Client | WatchOptions, second?: WatchClientOptions): Promise<Watcher> {
  if (isClient(first)) {
    if (second === undefined) throw new UsageError("watchLogs(client, options): the options (with onLog) are missing");
    return LogWatcher.start(first, second, false);
  }
  const options = first;
  const client = await connect(options.endpoint, {
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.chainId !== undefined ? { chainId: options.chainId } : {}),
    batchReads: false,
  });
  try {
    return await LogWatcher.start(client, options, true);
  } catch (e) {
    await client.close();
    throw e;
  }
}

const isClient = (v: Client | WatchOptions): v is Client => "provider" in v && "subscribe" in v;

interface Checkpoint {
  next: number;
  hashes: [number, string][];
  logs: RawLog[];
}

/** After a failed step: soon after a blip, then every ~5 s while the node stays away. */
const RETRY_POLICY: BackoffPolicy = { baseMs: 250, maxMs: 5000 };

const keyOf = (l: { blockHash: string; logIndex: number }): string => `${l.blockHash.toLowerCase()}:${l.logIndex}`;
const num = (v: unknown): number => Number(BigInt(String(v)));
const hex = (n: number): string => `0x${n.toString(16)}`;

/** onLog's own failure: it ends the watcher instead of being retried as a node failure. */
class ConsumerError extends Error {}

/** A sleep that a new head, a reconnect or stop() cuts short; a wake-up during a step is kept. */
class Waker {
  #woken = false;
  #cut: (() => void) | null = null;

  wake(): void {
    this.#woken = true;
    this.#cut?.();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#cut = null;
        this.#woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#cut = done;
      if (this.#woken) done();
    });
  }
}

/** The delivered chain within reorg reach: what a checkpoint saves and a reorg check compares. */
class DeliveredChain {
  /** The next block to deliver. */
  next = 0;
  /** Block number → hash of delivered blocks: those with logs, and the end of each step. */
  readonly hashes = new Map<number, string>();
  /** Delivered logs still within reorg reach, by blockHash:logIndex. */
  readonly live = new Map<string, RawLog>();

  load(cp: Checkpoint): void {
    this.next = cp.next;
    for (const [n, h] of cp.hashes) this.hashes.set(n, h);
    for (const l of cp.logs) this.live.set(keyOf(l), l);
  }

  save(): Checkpoint {
    return { next: this.next, hashes: [...this.hashes].sort((a, b) => a[0] - b[0]), logs: orderAndDedupe([...this.live.values()]) };
  }

  /** Forgets what is deeper than `depth` blocks below `next`: reorgs that deep are not followed. */
  prune(depth: number): void {
    const horizon = this.next - depth;
    for (const n of [...this.hashes.keys()]) if (n < horizon) this.hashes.delete(n);
    for (const [k, l] of [...this.live]) if (l.blockNumber < horizon) this.live.delete(k);
  }
}

class LogWatcher implements Watcher {
  readonly #client: Client;
  readonly #options: WatchClientOptions;
  /** Whether the watcher opened the client (the { endpoint } form) and so closes it. */
  readonly #ownsClient: boolean;
  readonly #confirmations: number;
  readonly #reorgDepth: number;
  readonly #maxStep: number;
  #pollMs: number;
  readonly #chain = new DeliveredChain();
  readonly #waker = new Waker();
  #checkpointKey: string;
  #stopping = false;
  /** A failure was reported (disconnected) and no step has succeeded since. */
  #failing = false;
  #unsubscribe: (() => Promise<void>) | null = null;
  #stopListening: () => void = () => undefined;
  done: Promise<void> = Promise.resolve();

  private constructor(client: Client, options: WatchClientOptions, ownsClient: boolean) {
    this.#client = client;
    this.#options = options;
    this.#ownsClient = ownsClient;
    this.#confirmations = options.confirmations ?? 0;
    this.#reorgDepth = Math.max(1, options.reorgDepth ?? 128);
    this.#maxStep = Math.max(1, options.maxBlocksPerStep ?? 5000);
    this.#pollMs = options.pollIntervalMs ?? (client.kind === "http" ? 1000 : 4000);
    this.#checkpointKey =
      options.checkpointKey ??
      `watch:${client.chainId}:${[options.address ?? "*"].flat().map((a) => a.toLowerCase()).sort().join(",")}:${JSON.stringify(options.topics ?? [])}`;
  }

  static async start(client: Client, options: WatchClientOptions, ownsClient: boolean): Promise<LogWatcher> {
    if (client.closed) throw new UsageError("watchLogs: the client is closed");
    if (options.chainId !== undefined && options.chainId !== client.chainId) throw new ChainMismatchError(client.endpoint, options.chainId, client.chainId);
    const w = new LogWatcher(client, options, ownsClient);
    try {
      await w.#resume();
      await w.#followHead();
    } catch (e) {
      w.#stopListening();
      await w.#unsubscribe?.().catch(() => undefined);
      throw e instanceof AbibindError ? e : new RpcError(`cannot start watching: ${(e as Error).message.split("\n")[0]}`, { cause: e });
    }
    w.done = w.#run();
    w.done.catch(() => undefined);
    return w;
  }

  get nextBlock(): number {
    return this.#chain.next;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#waker.wake();
    await this.done;
  }

  // Stage 1: where to start — the checkpoint, else fromBlock, else the head.
  async #resume(): Promise<void> {
    const saved = this.#options.store !== undefined ? await this.#options.store.getCheckpoint<Checkpoint>(this.#checkpointKey) : undefined;
    if (saved !== undefined) this.#chain.load(saved);
    else if (this.#options.fromBlock !== undefined) this.#chain.next = this.#options.fromBlock;
    else this.#chain.next = Math.max(0, (await this.#head()) - this.#confirmations);
  }

  // Stage 2: learn of new blocks as they come — a newHeads subscription (re-created by the client
  // after a reconnect), and a wake-up on reconnect to backfill what happened meanwhile.
  async #followHead(): Promise<void> {
    this.#stopListening = this.#client.addConnectionListener((e) => this.#onConnectionEvent(e));
    if (this.#client.kind === "http") return;
    try {
      this.#unsubscribe = await this.#client.subscribe(["newHeads"], () => this.#waker.wake());
    } catch (e) {
      // A node or provider without eth_subscribe over this socket: poll it as over HTTP.
      if (e instanceof AbibindError && e.code !== "RPC_ERROR") throw e;
      this.#pollMs = this.#options.pollIntervalMs ?? 1000;
    }
  }

  #onConnectionEvent(e: ConnectionEvent): void {
    if (e.type === "reconnected") this.#waker.wake();
    else if (e.type === "disconnected") this.#reportFailure(new EndpointUnreachableError(`lost the connection to ${this.#client.endpoint} (${e.reason})`));
    // A reconnect that lands on another chain is refused by the client: always worth saying.
    else if (e.error instanceof ChainMismatchError) this.#options.onStatus?.({ kind: "disconnected", error: e.error });
  }

  #reportFailure(error: unknown): void {
    if (this.#failing || this.#stopping) return;
    this.#failing = true;
    this.#options.onStatus?.({ kind: "disconnected", error });
  }

  // Stage 3: the loop — step until caught up, sleep until the next head; on failure, back off and retry.
  async #run(): Promise<void> {
    let failures = 0;
    try {
      while (!this.#stopping) {
        try {
          const caughtUp = await this.#step();
          failures = 0;
          if (this.#failing) {
            this.#failing = false;
            this.#options.onStatus?.({ kind: "connected", reconnect: true });
          }
          if (caughtUp && !this.#stopping) await this.#waker.sleep(this.#pollMs);
        } catch (e) {
          if (e instanceof ConsumerError) throw e.cause;
          if (this.#stopping) break;
          if (this.#client.closed) throw new UsageError("watchLogs: the client was closed while the watcher ran; stop the watcher first", { cause: e });
          this.#reportFailure(e);
          await this.#waker.sleep(backoffDelay(failures++, RETRY_POLICY));
        }
      }
      await this.#commit();
    } finally {
      this.#stopListening();
      if (!this.#client.closed) await this.#unsubscribe?.().catch(() => undefined);
      if (this.#ownsClient) await this.#client.close();
    }
  }

  /** One step: undo a reorg if there was one, then catch up by at most maxStep blocks. True when caught up. */
  async #step(): Promise<boolean> {
    await this.#undoReorg();
    const target = (await this.#head()) - this.#confirmations;
    const from = this.#chain.next;
    if (target < from) return true;
    const end = Math.min(target, from + this.#maxStep - 1);
    const endHash = await this.#blockHash(end);
    const found = await this.#fetchLogs(from, end);
    // The chain must not have moved under the scan: same end block before and after.
    if (endHash === null || (await this.#blockHash(end)) !== endHash) return false;
    await this.#deliverRange(found, end, endHash);
    return end === target;
  }

  async #fetchLogs(fromBlock: number, toBlock: number): Promise<RawLog[]> {
    const found: RawLog[] = [];
    const { address, topics } = this.#options;
    await scanLogs(
      this.#client.provider,
      { ...(address !== undefined ? { address } : {}), ...(topics !== undefined ? { topics } : {}), fromBlock, toBlock },
      (logs) => void found.push(...logs),
      { concurrency: 2, retries: 2, backoffMs: 100 },
    );
    return orderAndDedupe(found);
  }

  async #deliverRange(logs: readonly RawLog[], end: number, endHash: string): Promise<void> {
    const chain = this.#chain;
    for (const l of logs) {
      const k = keyOf(l);
      if (chain.live.has(k)) continue;
      await this.#deliver(this.#decode(l));
      chain.live.set(k, l);
      chain.hashes.set(l.blockNumber, l.blockHash.toLowerCase());
    }
    chain.hashes.set(end, endHash);
    chain.next = end + 1;
    chain.prune(this.#reorgDepth);
    await this.#commit();
  }

  /** Finds where the delivered chain and the node's chain part, and delivers what follows again as removed. */
  async #undoReorg(): Promise<void> {
    const chain = this.#chain;
    if (chain.hashes.size === 0) return;
    const recorded = [...chain.hashes.keys()].sort((a, b) => b - a);
    const top = recorded[0]!;
    if ((await this.#blockHash(top)) === chain.hashes.get(top)) return;
    let fork = recorded.at(-1)! - 1;
    for (const n of recorded.slice(1)) {
      if ((await this.#blockHash(n)) === chain.hashes.get(n)) {
        fork = n;
        break;
      }
    }
    const gone = orderAndDedupe([...chain.live.values()].filter((l) => l.blockNumber > fork)).reverse();
    for (const l of gone) {
      await this.#deliver({ ...this.#decode(l), removed: true });
      chain.live.delete(keyOf(l));
    }
    for (const n of recorded) if (n > fork) chain.hashes.delete(n);
    chain.next = fork + 1;
    await this.#commit();
    this.#options.onStatus?.({ kind: "reorg", forkBlock: fork, removed: gone.length });
  }

  async #deliver(l: DecodedLog): Promise<void> {
    try {
      await this.#options.onLog(l);
    } catch (e) {
      throw new ConsumerError("onLog threw", { cause: e });
    }
  }

  #decode(l: RawLog): DecodedLog {
    return this.#options.decoder?.decode(l) ?? { ...l, event: null, signature: null, fragment: null, args: null };
  }

  async #commit(): Promise<void> {
    await this.#options.store?.setCheckpoint(this.#checkpointKey, this.#chain.save());
  }

  async #head(): Promise<number> {
    return num(await this.#client.provider.send("eth_blockNumber", []));
  }

  async #blockHash(n: number): Promise<string | null> {
    const b = (await this.#client.provider.send("eth_getBlockByNumber", [hex(n), false])) as { hash?: string } | null;
    return b?.hash?.toLowerCase() ?? null;
  }
}
