// Folds concurrent eth_calls into few node requests: Multicall3 `aggregate3` when the chain has it
// at its canonical address, else a JSON-RPC batch. Reads issued in the same turn of the event loop
// are collected, then flushed together; a lone read goes out as a plain eth_call.
import { Interface } from "ethers";

/** Multicall3's address on every chain it is deployed to (https://www.multicall3.com). */
export const MULTICALL3_ADDRESS = "0xca11bde05977b3631167028862be2a173976ca11";
const MULTICALL3 = new Interface([
  "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)",
]);
const AGGREGATE3 = MULTICALL3.getFunction("aggregate3")!;
const AGGREGATE3_SELECTOR = "82ad56cb";

// aggregate3's calldata and result are encoded by hand: ethers' ABI coder copies the whole buffer
// for every nested read, which makes a 1000-call result cost hundreds of milliseconds to decode.
/** A call as its own eth_call request. */
const ethCall = (c: BatchedCall): { method: string; params: readonly unknown[] } => ({ method: "eth_call", params: [{ to: c.to, data: c.data }, c.tag] });

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
  /** Revert data of this call alone, or an error for the whole request. */
  reject(e: { revertData: string } | { error: unknown }): void;
}

export interface ReadBatcherOptions {
  /** Calls per aggregate3 (and per JSON-RPC batch when there is no Multicall3). */
  readonly chunk?: number;
  /** Sends JSON-RPC requests (one or a batch) and returns results in order, or per-item errors. */
  readonly rpc: (requests: readonly { method: string; params: readonly unknown[] }[]) => Promise<({ result: unknown } | { error: { code: number; message: string; data?: unknown } })[]>;
}

export class ReadBatcher {
  readonly #queue: BatchedCall[] = [];
  #scheduled = false;
  #multicall: Promise<boolean> | null = null;
  readonly #chunk: number;
  readonly #rpc: ReadBatcherOptions["rpc"];
  /** Node requests sent (for benchmarks and tests). */
  requests = 0;

  constructor(options: ReadBatcherOptions) {
    this.#chunk = options.chunk ?? 200;
    this.#rpc = options.rpc;
  }

  add(call: BatchedCall): void {
    this.#queue.push(call);
    if (!this.#scheduled) {
      this.#scheduled = true;
      // setImmediate runs after the microtasks of this turn: every read started "together" is in.
      setImmediate(() => void this.#flush());
    }
  }

  #hasMulticall(): Promise<boolean> {
    this.#multicall ??= this.#rpc([{ method: "eth_getCode", params: [MULTICALL3_ADDRESS, "latest"] }])
      .then(([r]) => r !== undefined && "result" in r && typeof r.result === "string" && r.result.length > 2)
      .catch(() => {
        this.#multicall = null; // ask again next time
        return false;
      });
    return this.#multicall;
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const calls = this.#queue.splice(0);
    if (calls.length === 1) return this.#send(calls, calls.map(ethCall));
    const useMulticall = await this.#hasMulticall();
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
      const sends: Promise<void>[] = [];
      for (let i = 0; i < flat.length; i += 100) {
        const part = flat.slice(i, i + 100);
        sends.push(this.#send(part, part.map(ethCall)));
      }
      await Promise.all(sends);
      return;
    }
    // One JSON-RPC batch holding one aggregate3 per group.
    const requests = groups.map((g) => ({
      method: "eth_call",
      params: [{ to: MULTICALL3_ADDRESS, data: encodeAggregate3(g) }, g[0]!.tag],
    }));
    const results = await this.#request(calls, requests);
    if (results === null) return;
    groups.forEach((g, i) => {
      const r = results[i];
      if (r === undefined || "error" in r) {
        // The aggregate itself failed (gas cap, node error): retry these calls one by one.
        void this.#send(g, g.map(ethCall));
        return;
      }
      let decoded = decodeAggregate3(r.result as string, g.length);
      if (decoded === null) {
        try {
          decoded = MULTICALL3.decodeFunctionResult(AGGREGATE3, r.result as string)[0] as [boolean, string][];
        } catch (error) {
          for (const c of g) c.reject({ error });
          return;
        }
      }
      g.forEach((c, j) => {
        const [success, data] = decoded[j]!;
        if (success) c.resolve(data);
        else c.reject({ revertData: data });
      });
    });
  }

  /** One node request; on a transport failure every call in it fails, and null comes back. */
  async #request(calls: readonly BatchedCall[], requests: { method: string; params: readonly unknown[] }[]) {
    this.requests++;
    try {
      return await this.#rpc(requests);
    } catch (error) {
      for (const c of calls) c.reject({ error });
      return null;
    }
  }

  async #send(calls: readonly BatchedCall[], requests: { method: string; params: readonly unknown[] }[]): Promise<void> {
    const results = await this.#request(calls, requests);
    if (results === null) return;
    calls.forEach((c, i) => {
      const r = results[i];
      if (r !== undefined && "result" in r) c.resolve(r.result as string);
      else c.reject({ error: r === undefined ? new Error("missing response") : r });
    });
  }
}
