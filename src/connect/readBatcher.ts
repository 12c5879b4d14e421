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
    if (calls.length === 1) return this.#send(calls, [{ method: "eth_call", params: [{ to: calls[0]!.to, data: calls[0]!.data }, calls[0]!.tag] }]);
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
        sends.push(this.#send(part, part.map((c) => ({ method: "eth_call", params: [{ to: c.to, data: c.data }, c.tag] }))));
      }
      await Promise.all(sends);
      return;
    }
    // One JSON-RPC batch holding one aggregate3 per group.
    const requests = groups.map((g) => ({
      method: "eth_call",
      params: [{ to: MULTICALL3_ADDRESS, data: MULTICALL3.encodeFunctionData(AGGREGATE3, [g.map((c) => [c.to, true, c.data])]) }, g[0]!.tag],
    }));
    this.requests++;
    let results;
    try {
      results = await this.#rpc(requests);
    } catch (error) {
      for (const c of calls) c.reject({ error });
      return;
    }
    groups.forEach((g, i) => {
      const r = results[i];
      if (r === undefined || "error" in r) {
        // The aggregate itself failed (gas cap, node error): retry these calls one by one.
        void this.#send(g, g.map((c) => ({ method: "eth_call", params: [{ to: c.to, data: c.data }, c.tag] })));
        return;
      }
      let decoded;
      try {
        decoded = MULTICALL3.decodeFunctionResult(AGGREGATE3, r.result as string)[0] as [boolean, string][];
      } catch (error) {
        for (const c of g) c.reject({ error });
        return;
      }
      g.forEach((c, j) => {
        const [success, data] = decoded[j]!;
        if (success) c.resolve(data);
        else c.reject({ revertData: data });
      });
    });
  }

  async #send(calls: readonly BatchedCall[], requests: { method: string; params: readonly unknown[] }[]): Promise<void> {
    this.requests++;
    let results;
    try {
      results = await this.#rpc(requests);
    } catch (error) {
      for (const c of calls) c.reject({ error });
      return;
    }
    calls.forEach((c, i) => {
      const r = results[i];
      if (r !== undefined && "result" in r) c.resolve(r.result as string);
      else c.reject({ error: r === undefined ? new Error("missing response") : r });
    });
  }
}
