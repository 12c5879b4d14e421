// eth_getLogs over any block range: split into chunks that adapt to the provider (halve on a
// range/size error, grow back after successes), a bounded number in flight, retries per chunk
// with backoff that honours Retry-After, progress reports, and delivery in block order —
// every chunk is handed over only when all before it are, so a failure leaves a complete prefix.
import { retryDelay, sleep } from "../connect/backoff.ts";
import { AbibindError } from "../errors/AbibindError.ts";
import { RpcError } from "../errors/commonErrors.ts";
import { type DecodedLog, type LogDecoder, orderAndDedupe, parseRawLog, type RawLog } from "./logDecoder.ts";
import { classifyFailure, type Failure } from "./rpcErrors.ts";

/** The one thing a scan needs from a provider: ethers' JsonRpcApiProvider and connect()'s client both fit. */
export interface RpcSender {
  send(method: string, params: unknown[]): Promise<unknown>;
}

export type BlockTag = number | bigint | "latest" | "safe" | "finalized" | "earliest";

export interface LogFilter {
  readonly address?: string | readonly string[];
  readonly topics?: readonly (string | readonly string[] | null)[];
  readonly fromBlock: BlockTag;
  readonly toBlock: BlockTag;
}

export interface ScanProgress {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** Blocks delivered so far (a contiguous prefix). */
  readonly doneBlocks: number;
  readonly totalBlocks: number;
  readonly logs: number;
  /** The current chunk size, in blocks. */
  readonly chunkSize: number;
}

export interface ChunkedGetLogsOptions {
  /** First chunk size in blocks (default 2000). */
  readonly initialChunk?: number;
  /** Largest chunk size (default 10 000). */
  readonly maxChunk?: number;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Retries of one chunk on rate limits and transient errors (default 5). */
  readonly retries?: number;
  /** First backoff, doubled per retry (default 200 ms), capped at 10 s unless Retry-After says more (max 60 s). */
  readonly backoffMs?: number;
  readonly onProgress?: (p: ScanProgress) => void;
  readonly signal?: AbortSignal;
}

/** Thrown when a scan stops part-way: everything before `missingFrom` was delivered. */
export class LogsIncompleteError extends AbibindError {
  override name = "LogsIncompleteError";
  readonly missingFrom: number;
  readonly missingTo: number;
  constructor(missingFrom: number, missingTo: number, reason: string, cause: unknown) {
    super("LOGS_INCOMPLETE", `logs of blocks ${missingFrom}-${missingTo} were not fetched: ${reason}`, { cause });
    this.missingFrom = missingFrom;
    this.missingTo = missingTo;
  }
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/** Resolves a block tag to a number ("latest", "safe", "finalized" ask the node). */
export async function resolveBlock(sender: RpcSender, tag: BlockTag): Promise<number> {
  if (typeof tag === "number") return tag;
  if (typeof tag === "bigint") return Number(tag);
  if (tag === "earliest") return 0;
  if (tag === "latest") return Number(BigInt(String(await sender.send("eth_blockNumber", []))));
  const block = (await sender.send("eth_getBlockByNumber", [tag, false])) as { number?: string } | null;
  if (block?.number === undefined) throw new RpcError(`the node has no "${tag}" block`);
  return Number(BigInt(block.number));
}

/** Exponential backoff with jitter (at most 10 s), or longer when Retry-After asks (at most 60 s). */
const chunkRetryDelay = (f: Failure, attempt: number, backoffMs: number): number =>
  retryDelay(attempt, { baseMs: backoffMs, maxMs: 10_000 }, f.retryAfterMs);

function describe(f: Failure): string {
  const code = f.code === undefined ? "" : ` ${f.code}`;
  return `${f.kind === "rate" ? "rate limited" : "error"}${code}: ${f.message.split("\n")[0]!.slice(0, 200)}`;
}

/**
 * Scans [fromBlock, toBlock] and calls `onChunk` with each chunk's raw logs, ordered and
 * deduplicated, strictly in block order (awaited before the next). Returns the block range covered.
 */
export async function scanLogs(
  sender: RpcSender,
  filter: LogFilter,
  onChunk: (logs: RawLog[], range: { fromBlock: number; toBlock: number }) => void | Promise<void>,
  options: ChunkedGetLogsOptions = {},
): Promise<{ fromBlock: number; toBlock: number }> {
  const retries = options.retries ?? 5;
  const backoff = options.backoffMs ?? 200;
  const resolve = async (tag: BlockTag): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await resolveBlock(sender, tag);
      } catch (e) {
        if (options.signal?.aborted === true || attempt >= retries || e instanceof AbibindError) throw e;
        await sleep(chunkRetryDelay(classifyFailure(e), attempt, backoff), options.signal);
      }
    }
  };
  const from = await resolve(filter.fromBlock);
  const to = await resolve(filter.toBlock);
  if (to < from) return { fromBlock: from, toBlock: to };
  const maxChunk = Math.max(1, options.maxChunk ?? 10_000);
  let size = Math.min(maxChunk, Math.max(1, options.initialChunk ?? 2000));
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const total = to - from + 1;

  // Ranges split off after a range error, waiting to be fetched (kept sorted by start).
  const requeued: { a: number; b: number }[] = [];
  let nextStart = from;
  const done = new Map<number, { b: number; logs: RawLog[] }>();
  let frontier = from;
  let delivered = 0;
  let successes = 0;
  let failed: LogsIncompleteError | undefined;
  let delivering = Promise.resolve();

  const take = (): { a: number; b: number } | undefined => {
    if (requeued.length > 0) return requeued.shift();
    if (nextStart > to) return undefined;
    const a = nextStart;
    const b = Math.min(to, a + size - 1);
    nextStart = b + 1;
    return { a, b };
  };

  const fetchRange = async (a: number, b: number): Promise<RawLog[]> => {
    const params: Record<string, unknown> = { fromBlock: hex(a), toBlock: hex(b) };
    if (filter.address !== undefined) params.address = filter.address;
    if (filter.topics !== undefined) params.topics = filter.topics;
    const res = await sender.send("eth_getLogs", [params]);
    if (!Array.isArray(res)) throw new RpcError(`eth_getLogs answered ${JSON.stringify(res)?.slice(0, 100)}`);
    return res.map(parseRawLog);
  };

  const deliver = (): Promise<void> => {
    delivering = delivering.then(async () => {
      for (let c = done.get(frontier); c !== undefined; c = done.get(frontier)) {
        done.delete(frontier);
        const range = { fromBlock: frontier, toBlock: c.b };
        await onChunk(orderAndDedupe(c.logs), range);
        delivered += c.logs.length;
        frontier = c.b + 1;
        options.onProgress?.({ fromBlock: from, toBlock: to, doneBlocks: frontier - from, totalBlocks: total, logs: delivered, chunkSize: size });
      }
    });
    return delivering;
  };

  const worker = async (): Promise<void> => {
    for (let r = take(); r !== undefined && failed === undefined; r = take()) {
      const { a, b } = r;
      for (let attempt = 0; ; attempt++) {
        if (failed !== undefined) return;
        options.signal?.throwIfAborted();
        try {
          const logs = await fetchRange(a, b);
          done.set(a, { b, logs });
          if (++successes >= 3 && size < maxChunk) {
            size = Math.min(maxChunk, size * 2);
            successes = 0;
          }
          await deliver();
          break;
        } catch (e) {
          if (options.signal?.aborted === true) throw e;
          const f = classifyFailure(e);
          if (f.kind === "range" && b > a) {
            successes = 0;
            const half = Math.max(1, Math.floor((b - a + 1) / 2));
            const next = Math.max(1, Math.min(half, f.suggestedRange ?? half));
            size = Math.min(size, next);
            const parts: { a: number; b: number }[] = [];
            for (let s = a; s <= b; s += next) parts.push({ a: s, b: Math.min(b, s + next - 1) });
            requeued.push(...parts);
            requeued.sort((x, y) => x.a - y.a);
            break;
          }
          if (attempt >= retries) {
            failed ??= new LogsIncompleteError(a, to, describe(f), e);
            return;
          }
          await sleep(chunkRetryDelay(f, attempt, backoff), options.signal);
        }
      }
    }
  };

  const workers = Array.from({ length: concurrency }, () => worker());
  const results = await Promise.allSettled(workers);
  await delivering.catch(() => undefined);
  for (const r of results) if (r.status === "rejected") throw r.reason;
  await delivering;
  if (failed !== undefined) {
    // Name exactly what was not delivered: from the first undelivered block on.
    throw new LogsIncompleteError(frontier, to, failed.shortMessage.replace(/^logs of blocks \d+-\d+ were not fetched: /, ""), failed.cause);
  }
  return { fromBlock: from, toBlock: to };
}

/** All logs of a filter, ordered by (blockNumber, logIndex), deduplicated, decoded when a decoder is given. */
export async function chunkedGetLogs(sender: RpcSender, filter: LogFilter, options?: ChunkedGetLogsOptions): Promise<RawLog[]>;
export async function chunkedGetLogs(sender: RpcSender, filter: LogFilter, options: ChunkedGetLogsOptions & { decoder: LogDecoder }): Promise<DecodedLog[]>;
export async function chunkedGetLogs(sender: RpcSender, filter: LogFilter, options: ChunkedGetLogsOptions & { decoder?: LogDecoder } = {}): Promise<RawLog[] | DecodedLog[]> {
  const out: RawLog[] = [];
  await scanLogs(sender, filter, (logs) => void out.push(...logs), options);
  const ordered = orderAndDedupe(out);
  const decoder = options.decoder;
  return decoder === undefined ? ordered : ordered.map((l) => decoder.decode(l));
}
