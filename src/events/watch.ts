// A log watcher that survives its node: it follows the chain head (eth_subscribe newHeads over
// WS/IPC, polling over HTTP — never node-side filters, which expire), fetches each new block
// range with eth_getLogs, and after any disconnect reconnects forever and backfills from the
// last delivered block. Each log is delivered once (by blockHash + logIndex); reorgs are found
// by comparing block hashes (nodes such as anvil never send removed: true) and the undone logs
// are delivered again with removed: true. With a Store, a checkpoint is committed after each
// delivered range, so a restarted process resumes where it stopped (at least once after a kill).
import { AbibindError } from "../errors/AbibindError.ts";
import { resolveEndpoint } from "../connect/resolveEndpoint.ts";
import type { Store } from "../store/Store.ts";
import { scanLogs } from "./chunkedGetLogs.ts";
import { type DecodedLog, type LogDecoder, orderAndDedupe, type RawLog } from "./logDecoder.ts";
import { RpcConnection } from "./rpcConnection.ts";

export type WatchStatus =
  | { readonly kind: "connected"; readonly reconnect: boolean }
  | { readonly kind: "disconnected"; readonly error: unknown }
  | { readonly kind: "reorg"; readonly forkBlock: number; readonly removed: number };

export interface WatchOptions {
  /** http(s)://, ws(s):// or an IPC socket path. */
  readonly endpoint: string;
  /** The chain the endpoint must be on: checked on every (re)connection. */
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
  /** Deadline of each request, and of the first connection (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Blocks fetched per step of a backfill (default 5000). */
  readonly maxBlocksPerStep?: number;
  /** Receives every log in chain order; a log undone by a reorg comes again with removed: true. Awaited. */
  readonly onLog: (log: DecodedLog) => void | Promise<void>;
  readonly onStatus?: (status: WatchStatus) => void;
}

export interface Watcher {
  /** The next block to be delivered. */
  readonly nextBlock: number;
  /** Finishes the current step, commits the checkpoint and stops. */
  stop(): Promise<void>;
  /** Settles when the watcher stops: rejects if onLog threw. */
  readonly done: Promise<void>;
}

interface Checkpoint {
  next: number;
  hashes: [number, string][];
  logs: RawLog[];
}

const keyOf = (l: { blockHash: string; logIndex: number }): string => `${l.blockHash.toLowerCase()}:${l.logIndex}`;
const num = (v: unknown): number => Number(BigInt(String(v)));

class ConsumerError extends Error {}

export async function watchLogs(options: WatchOptions): Promise<Watcher> {
  const endpoint = resolveEndpoint(options.endpoint);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const confirmations = options.confirmations ?? 0;
  const reorgDepth = Math.max(1, options.reorgDepth ?? 128);
  const maxStep = Math.max(1, options.maxBlocksPerStep ?? 5000);
  const poll = options.pollIntervalMs ?? (endpoint.kind === "http" ? 1000 : 4000);
  const decode = (l: RawLog): DecodedLog => options.decoder?.decode(l) ?? { ...l, event: null, signature: null, fragment: null, args: null };

  let next = 0;
  /** Block number → hash of delivered blocks: those with logs, and the end of each step. */
  const hashes = new Map<number, string>();
  /** Delivered logs still within reorg reach, by blockHash:logIndex. */
  const live = new Map<string, RawLog>();
  let stopping = false;
  let wakeUp: () => void = () => undefined;
  /** A wake-up that came while busy (a new head during a step) is not lost. */
  let woken = false;
  const wake = (): void => {
    woken = true;
    wakeUp();
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        wakeUp = () => undefined;
        woken = false;
        resolve();
      }
      wakeUp = done;
      if (stopping || woken) done();
    });

  const deliver = async (l: DecodedLog): Promise<void> => {
    try {
      await options.onLog(l);
    } catch (e) {
      throw new ConsumerError("onLog threw", { cause: e });
    }
  };

  let checkpointKey = options.checkpointKey;
  const commit = async (): Promise<void> => {
    if (options.store === undefined || checkpointKey === undefined) return;
    const cp: Checkpoint = { next, hashes: [...hashes].sort((a, b) => a[0] - b[0]), logs: orderAndDedupe([...live.values()]) };
    await options.store.setCheckpoint(checkpointKey, cp);
  };

  const blockHash = async (conn: RpcConnection, n: number): Promise<string | null> => {
    const b = (await conn.send("eth_getBlockByNumber", [`0x${n.toString(16)}`, false])) as { hash?: string } | null;
    return b?.hash?.toLowerCase() ?? null;
  };

  /** Finds where the chain we delivered and the node's chain part, and undoes what follows. */
  const checkReorg = async (conn: RpcConnection): Promise<void> => {
    if (hashes.size === 0) return;
    const recorded = [...hashes.keys()].sort((a, b) => b - a);
    const top = recorded[0]!;
    if ((await blockHash(conn, top)) === hashes.get(top)) return;
    let fork = recorded.at(-1)! - 1;
    for (const n of recorded.slice(1)) {
      if ((await blockHash(conn, n)) === hashes.get(n)) {
        fork = n;
        break;
      }
    }
    const gone = orderAndDedupe([...live.values()].filter((l) => l.blockNumber > fork)).reverse();
    for (const l of gone) {
      await deliver({ ...decode(l), removed: true });
      live.delete(keyOf(l));
    }
    for (const n of recorded) if (n > fork) hashes.delete(n);
    next = fork + 1;
    await commit();
    options.onStatus?.({ kind: "reorg", forkBlock: fork, removed: gone.length });
  };

  /** One step: catch up by at most maxStep blocks. Returns true when caught up with the head. */
  const step = async (conn: RpcConnection): Promise<boolean> => {
    await checkReorg(conn);
    const head = num(await conn.send("eth_blockNumber", []));
    const target = head - confirmations;
    if (target < next) return true;
    const end = Math.min(target, next + maxStep - 1);
    const endHash = await blockHash(conn, end);
    const found: RawLog[] = [];
    await scanLogs(
      conn,
      {
        ...(options.address !== undefined ? { address: options.address } : {}),
        ...(options.topics !== undefined ? { topics: options.topics } : {}),
        fromBlock: next,
        toBlock: end,
      },
      (logs) => void found.push(...logs),
      { concurrency: 2, retries: 2, backoffMs: 100 },
    );
    // The chain must not have moved under the scan: same end block before and after.
    if (endHash === null || (await blockHash(conn, end)) !== endHash) return false;
    for (const l of orderAndDedupe(found)) {
      const k = keyOf(l);
      if (live.has(k)) continue;
      await deliver(decode(l));
      live.set(k, l);
      hashes.set(l.blockNumber, l.blockHash.toLowerCase());
    }
    hashes.set(end, endHash);
    next = end + 1;
    const horizon = next - reorgDepth;
    for (const n of [...hashes.keys()]) if (n < horizon) hashes.delete(n);
    for (const [k, l] of [...live]) if (l.blockNumber < horizon) live.delete(k);
    await commit();
    return end === target;
  };

  const connect = async (): Promise<RpcConnection> => {
    const conn = await RpcConnection.open(endpoint, timeoutMs);
    try {
      conn.onClose = wake;
      const chainId = num(await conn.send("eth_chainId", []));
      if (options.chainId !== undefined && BigInt(chainId) !== options.chainId) {
        throw new AbibindError("CHAIN_MISMATCH", `the RPC endpoint ${endpoint.redacted} is on chain ${chainId}, expected chain ${options.chainId}`);
      }
      checkpointKey ??= `watch:${chainId}:${[options.address ?? "*"].flat().map((a) => a.toLowerCase()).sort().join(",")}:${JSON.stringify(options.topics ?? [])}`;
      if (conn.streaming) {
        conn.onNotification = wake;
        await conn.send("eth_subscribe", ["newHeads"]);
      }
      return conn;
    } catch (e) {
      conn.close();
      throw e;
    }
  };

  // The first connection must work: a watcher that cannot start says so.
  const first = await connect();
  try {
    const saved = options.store !== undefined ? await options.store.getCheckpoint<Checkpoint>(checkpointKey!) : undefined;
    if (saved !== undefined) {
      next = saved.next;
      for (const [n, h] of saved.hashes) hashes.set(n, h);
      for (const l of saved.logs) live.set(keyOf(l), l);
    } else if (options.fromBlock !== undefined) next = options.fromBlock;
    else next = Math.max(0, num(await first.send("eth_blockNumber", [])) - confirmations);
  } catch (e) {
    first.close();
    throw e instanceof AbibindError ? e : new AbibindError("RPC_ERROR", `cannot start watching: ${(e as Error).message.split("\n")[0]}`, { cause: e });
  }

  const loop = async (): Promise<void> => {
    let conn: RpcConnection | undefined = first;
    let failures = 0;
    let reconnect = false;
    while (!stopping) {
      try {
        conn ??= await connect();
        if (reconnect) options.onStatus?.({ kind: "connected", reconnect: true });
        reconnect = false;
        while (!stopping && !conn.closed) {
          const caughtUp = await step(conn);
          failures = 0;
          if (caughtUp && !stopping) await sleep(poll);
        }
        if (!stopping) throw new AbibindError("ENDPOINT_UNREACHABLE", `lost the connection to ${endpoint.redacted}`);
      } catch (e) {
        if (e instanceof ConsumerError) throw e.cause;
        if (stopping) break;
        if (!reconnect) options.onStatus?.({ kind: "disconnected", error: e });
        reconnect = true;
        conn?.close();
        conn = undefined;
        await sleep(Math.min(5000, 250 * 2 ** Math.min(failures++, 5)));
      }
    }
    conn?.close();
    await commit();
  };

  const done = loop();
  done.catch(() => undefined);
  return {
    get nextBlock() {
      return next;
    },
    async stop() {
      stopping = true;
      wake();
      await done;
    },
    done,
  };
}
