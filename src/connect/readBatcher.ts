// Folds concurrent eth_calls into few node requests: Multicall3 `aggregate3` when the chain has it
// at its canonical address, else a JSON-RPC batch. A lone read goes out as a plain eth_call.
//
// When to flush decides what a sequential read pays. With nothing in flight, the queue is flushed
// on a microtask: a lone read leaves in the turn it was made (no event-loop turn of latency), and
// reads started together (one synchronous run, e.g. Promise.all over a map) are all queued before
// that microtask runs, so they still fold. With requests in flight, the node is busy anyway: the
// flush waits for setImmediate, after this turn's I/O callbacks, so reads arriving from many
// callbacks at once (a server's concurrent requests) fold into one request too. Once such a flush
// has folded reads from several callbacks, reads keep arriving that way (a server under load):
// the flush then waits for setImmediate even when nothing is in flight, until one catches a lone read.
import { Interface } from "ethers";
import type { JsonRpcRequest, JsonRpcResponse } from "./transport.ts";

/** Multicall3's address on every chain it is deployed to (https://www.multicall3.com). */
export const MULTICALL3_ADDRESS = "0xca11bde05977b3631167028862be2a173976ca11";
const MULTICALL3 = new Interface([
  "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)",
]);
const AGGREGATE3 = MULTICALL3.getFunction("aggregate3")!;
const AGGREGATE3_SELECTOR = "82ad56cb";

// aggregate3's calldata and result are encoded by hand: ethers' ABI coder copies the whole buffer
// for every nested read, which makes a 1000-call result cost hundreds of milliseconds to decode.
const word = (n: number): string => n.toString(16).padStart(64, "0");

/** aggregate3((address target, bool allowFailure, bytes callData)[]) with allowFailure true. */
export function encodeAggregate3(calls: readonly { to: string; data: string }[]): string {
  const elements = calls.map((c) => {
    const body = c.data.slice(2);
    const padded = body + "0".repeat((64 - (body.length % 64)) % 64);
    return `${"0".repeat(24)}${c.to.slice(2).toLowerCase()}${word(1)}${word(0x60)}${word(body.length / 2)}${padded}`;
  });
  let offset = 32 * calls.length;
  let heads = "";
  for (const e of elements) {
    heads += word(offset);
    offset += e.length / 2;
  }
  return `0x${AGGREGATE3_SELECTOR}${word(0x20)}${word(calls.length)}${heads}${elements.join("")}`;
}

/** The (bool success, bytes returnData)[] aggregate3 returns; null if the data is not shaped so. */
export function decodeAggregate3(hex: string, expected: number): [boolean, string][] | null {
  const d = hex.startsWith("0x") ? hex.slice(2) : hex;
  const at = (byte: number): number | null => {
    if (byte < 0 || 2 * byte + 64 > d.length) return null;
    const w = d.slice(2 * byte, 2 * byte + 64);
    if (!/^0{48}/.test(w)) return null; // offsets and lengths fit in 64 bits
    return Number.parseInt(w.slice(48), 16);
  };
  const arrayStart = at(0);
  if (arrayStart === null) return null;
  const n = at(arrayStart);
  if (n !== expected) return null;
  const base = arrayStart + 32;
  const out: [boolean, string][] = [];
  for (let i = 0; i < n; i++) {
    const off = at(base + 32 * i);
    if (off === null) return null;
    const el = base + off;
    const ok = at(el);
    const dataOff = at(el + 32);
    if ((ok !== 0 && ok !== 1) || dataOff === null) return null;
    const len = at(el + dataOff);
    if (len === null) return null;
    const start = 2 * (el + dataOff + 32);
    if (start + 2 * len > d.length) return null;
    out.push([ok === 1, `0x${d.slice(start, start + 2 * len)}`]);
  }
  return out;
}

export interface BatchedCall {
  readonly to: string;
  readonly data: string;
  readonly tag: string;
  resolve(result: string): void;
  /** With what ReadBatcherOptions.failure made of the failure. */
  reject(error: unknown): void;
}

/** Why a call failed: its own revert (inside an aggregate3), or the failure of the request it was in. */
export type CallFailure = { revertData: string } | { error: unknown };

export interface ReadBatcherOptions {
  /** Calls per aggregate3 (and per JSON-RPC batch when there is no Multicall3). */
  readonly chunk?: number;
  /** Sends one JSON-RPC request or a batch (Transport.request): a batch's answers in request order. */
  readonly rpc: (payload: JsonRpcRequest | readonly JsonRpcRequest[]) => Promise<JsonRpcResponse | JsonRpcResponse[]>;
  /** The error a failed call rejects with (shared by all calls: no closure per call). */
  readonly failure: (call: BatchedCall, why: CallFailure) => unknown;
}

export class ReadBatcher {
  #queue: BatchedCall[] = [];
  #scheduled = false;
  /** The last setImmediate flush folded several reads: they come from many I/O callbacks. */
  #crowded = false;
  /** Node requests sent and not answered yet, the Multicall3 probe included. */
  #inFlight = 0;
  #multicall: Promise<boolean> | null = null;
  // Ids need only be unique within one batch (socket transports put their own on the wire).
  #nextId = 1;
  readonly #chunk: number;
  readonly #rpc: ReadBatcherOptions["rpc"];
  readonly #failure: ReadBatcherOptions["failure"];
  /** Node requests sent (for benchmarks and tests). */
  requests = 0;

  constructor(options: ReadBatcherOptions) {
    this.#chunk = options.chunk ?? 200;
    this.#rpc = options.rpc;
    this.#failure = options.failure;
  }

  add(call: BatchedCall): void {
    this.#queue.push(call);
    if (this.#scheduled) return;
    this.#scheduled = true;
    if (this.#inFlight === 0 && !this.#crowded) queueMicrotask(this.#flush);
    else setImmediate(this.#flushAfterIo);
  }

  #ethCall(to: string, data: string, tag: string): JsonRpcRequest {
    return { jsonrpc: "2.0", id: this.#nextId++, method: "eth_call", params: [{ to, data }, tag] };
  }

  #fail(c: BatchedCall, why: CallFailure): void {
    c.reject(this.#failure(c, why));
  }

  #hasMulticall(): Promise<boolean> {
    this.#multicall ??= this.#rpc({ jsonrpc: "2.0", id: this.#nextId++, method: "eth_getCode", params: [MULTICALL3_ADDRESS, "latest"] })
      .then((r) => !Array.isArray(r) && typeof r.result === "string" && r.result.length > 2)
      .catch(() => {
        this.#multicall = null; // ask again next time
        return false;
      });
    return this.#multicall;
  }

  readonly #flushAfterIo = (): void => {
    this.#crowded = this.#queue.length > 1;
    this.#flush();
  };

  readonly #flush = (): void => {
    this.#scheduled = false;
    const calls = this.#queue;
    this.#queue = [];
    if (calls.length === 1) this.#sendOne(calls[0]!);
    else void this.#fold(calls);
  };

  async #fold(calls: BatchedCall[]): Promise<void> {
    // The probe counts as in flight: reads arriving meanwhile wait for the next turn's flush.
    this.#inFlight++;
    const useMulticall = await this.#hasMulticall();
    this.#inFlight--;
    const byTag = new Map<string, BatchedCall[]>();
    for (const c of calls) {
      const list = byTag.get(c.tag) ?? [];
      list.push(c);
      byTag.set(c.tag, list);
    }
    const groups: BatchedCall[][] = [];
    for (const list of byTag.values()) for (let i = 0; i < list.length; i += this.#chunk) groups.push(list.slice(i, i + this.#chunk));
    if (!useMulticall) {
      // Providers cap JSON-RPC batch sizes (commonly 100): one batch request per 100 reads.
      const flat = groups.flat();
      for (let i = 0; i < flat.length; i += 100) this.#sendEach(flat.slice(i, i + 100));
      return;
    }
    // One JSON-RPC batch holding one aggregate3 per group.
    const requests = groups.map((g) => this.#ethCall(MULTICALL3_ADDRESS, encodeAggregate3(g), g[0]!.tag));
    this.#request(calls, requests, (answers) => {
      groups.forEach((g, i) => {
        const r = answers[i];
        if (r === undefined || typeof r.result !== "string") {
          // The aggregate itself failed (gas cap, node error): retry these calls one by one.
          this.#sendEach(g);
          return;
        }
        let decoded = decodeAggregate3(r.result, g.length);
        if (decoded === null) {
          try {
            decoded = MULTICALL3.decodeFunctionResult(AGGREGATE3, r.result)[0] as [boolean, string][];
          } catch (error) {
            for (const c of g) this.#fail(c, { error });
            return;
          }
        }
        g.forEach((c, j) => {
          const [success, data] = decoded[j]!;
          if (success) c.resolve(data);
          else this.#fail(c, { revertData: data });
        });
      });
    });
  }

  /**
   * One node request; `answered` gets its answers in request order, or on a transport failure every
   * call in it fails. Not async: each await would add microtask hops to every read's latency.
   */
  #request(calls: readonly BatchedCall[], payload: JsonRpcRequest | JsonRpcRequest[], answered: (answers: readonly (JsonRpcResponse | undefined)[]) => void): void {
    this.requests++;
    this.#inFlight++;
    // Settled before any caller resumes, so a read made in reaction to an answer sees nothing in flight.
    this.#rpc(payload).then(
      (answers) => {
        this.#inFlight--;
        try {
          answered(Array.isArray(answers) ? answers : [answers]);
        } catch (error) {
          for (const c of calls) this.#fail(c, { error }); // calls already answered ignore it
        }
      },
      (error: unknown) => {
        this.#inFlight--;
        for (const c of calls) this.#fail(c, { error });
      },
    );
  }

  /** The common case, kept lean: one read, one plain eth_call. */
  #sendOne(c: BatchedCall): void {
    this.#request([c], this.#ethCall(c.to, c.data, c.tag), (answers) => this.#settle(c, answers[0]));
  }

  /** Each call as its own eth_call, in one JSON-RPC batch. */
  #sendEach(calls: readonly BatchedCall[]): void {
    const payload = calls.map((c) => this.#ethCall(c.to, c.data, c.tag));
    this.#request(calls, payload.length === 1 ? payload[0]! : payload, (answers) => {
      for (let i = 0; i < calls.length; i++) this.#settle(calls[i]!, answers[i]);
    });
  }

  #settle(c: BatchedCall, r: JsonRpcResponse | undefined): void {
    if (r !== undefined && "result" in r && r.error === undefined) c.resolve(r.result as string);
    else this.#fail(c, { error: r === undefined ? new Error("missing response") : r });
  }
}
