// JSON-RPC over a WebSocket or an IPC socket that reconnects on drop, with backoff, re-verifies
// the chain and re-creates subscriptions. ethers v6's socket providers do none of this.
import { type Socket, createConnection } from "node:net";
import type { AbibindError } from "../errors/AbibindError.ts";
import { ChainMismatchError } from "../errors/ChainMismatchError.ts";
import { EndpointUnreachableError, RpcError, TimeoutError } from "../errors/commonErrors.ts";
import { type BackoffPolicy, backoffDelay } from "./backoff.ts";
import { Deadlines } from "./deadlines.ts";
import { JsonStreamSplitter } from "./jsonStream.ts";
import type { Endpoint } from "./resolveEndpoint.ts";
import { type JsonRpcRequest, type JsonRpcResponse, type Transport, isRetryable } from "./transport.ts";

export interface SocketTransportOptions {
  readonly timeoutMs: number;
  readonly onEvent?: (event: ConnectionEvent) => void;
}

export type ConnectionEvent =
  | { readonly type: "disconnected"; readonly reason: string }
  | { readonly type: "reconnected" }
  | { readonly type: "error"; readonly error: AbibindError };

interface Wire {
  send(text: string): void;
  close(): void;
}

/** A request on the wire: its items carry the consecutive ids first, first + 1, … */
interface Pending {
  readonly first: number;
  /** The caller's ids, put back on the answers. */
  readonly callerIds: readonly JsonRpcResponse["id"][];
  /** Batch answers by position (null for a single request). */
  readonly responses: JsonRpcResponse[] | null;
  left: number;
  readonly body: string;
  readonly retryable: boolean;
  resolve(v: JsonRpcResponse | JsonRpcResponse[]): void;
  reject(e: unknown): void;
}

export interface Subscription {
  readonly params: readonly unknown[];
  readonly onMessage: (result: unknown) => void;
  /** The node's current id for it (changes on reconnect). */
  id: string | null;
}

/** Reconnects: soon after a blip, then every ~5 s while the node stays away. */
const RECONNECT_POLICY: BackoffPolicy = { baseMs: 100, maxMs: 5000 };

export class SocketTransport implements Transport {
  readonly endpoint: Endpoint;
  readonly #options: SocketTransportOptions;
  #wire: Wire | null = null;
  #connecting: Promise<void> | null = null;
  #closed = false;
  #nextId = 1_000_000;
  readonly #pending = new Map<number, Pending>();
  readonly #deadlines = new Deadlines<Pending>((p) => {
    this.#forget(p);
    p.reject(new TimeoutError(`the RPC endpoint ${this.endpoint.redacted} did not answer within ${Math.round(this.#options.timeoutMs / 1000)} s`));
  });
  readonly #subs = new Set<Subscription>();
  readonly #subById = new Map<string, Subscription>();
  #attempt = 0;
  /** The chain the socket must stay on, checked after every reconnect (null: not known yet). */
  #chainId: bigint | null = null;

  readonly #listeners = new Set<(event: ConnectionEvent) => void>();

  constructor(endpoint: Endpoint, options: SocketTransportOptions) {
    this.endpoint = endpoint;
    this.#options = options;
    if (options.onEvent !== undefined) this.#listeners.add(options.onEvent);
  }

  /** Adds a listener of connection events; returns the function that removes it. */
  addListener(listener: (event: ConnectionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #emit(event: ConnectionEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch (e) {
        // A listener's bug must not stop the reconnect loop; it surfaces as an emitter's would.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  pinChain(chainId: bigint): void {
    this.#chainId = chainId;
  }

  /** Opens the first connection; rejects (within the deadline) if the endpoint cannot be reached. */
  async open(): Promise<void> {
    await this.#withDeadline(this.#dial(), `cannot reach the RPC endpoint ${this.endpoint.redacted} within ${Math.round(this.#options.timeoutMs / 1000)} s`);
  }

  #withDeadline<T>(p: Promise<T>, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(message)), this.#options.timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  #dial(): Promise<void> {
    return new Promise((resolve, reject) => {
      let opened = false;
      const onOpen = (wire: Wire): void => {
        opened = true;
        this.#wire = wire;
        this.#attempt = 0;
        resolve();
      };
      const onClose = (reason: string): void => {
        if (!opened) {
          reject(new EndpointUnreachableError(`cannot reach the RPC endpoint ${this.endpoint.redacted} (${reason})`));
          return;
        }
        this.#wire = null;
        this.#lost(reason);
      };
      if (this.endpoint.kind === "ipc") this.#dialIpc(onOpen, onClose);
      else this.#dialWs(onOpen, onClose);
    });
  }

  #dialIpc(onOpen: (w: Wire) => void, onClose: (reason: string) => void): void {
    const sock: Socket = createConnection(this.endpoint.target);
    let reason = "connection closed";
    const splitter = new JsonStreamSplitter((text) => this.#onMessage(text));
    sock.setEncoding("utf8");
    sock.on("connect", () => onOpen({ send: (t) => sock.write(t), close: () => sock.destroy() }));
    sock.on("data", (chunk: string) => splitter.push(chunk));
    sock.on("error", (e: NodeJS.ErrnoException) => {
      reason = e.code ?? e.message;
    });
    sock.on("close", () => onClose(reason));
  }

  #dialWs(onOpen: (w: Wire) => void, onClose: (reason: string) => void): void {
    const ws = new WebSocket(this.endpoint.target);
    let reason = "connection closed";
    ws.addEventListener("open", () => onOpen({ send: (t) => ws.send(t), close: () => ws.close() }));
    ws.addEventListener("message", (ev) => this.#onMessage(String(ev.data)));
    ws.addEventListener("error", () => {
      reason = "WebSocket error";
    });
    ws.addEventListener("close", (ev) => onClose(ev.code === 1006 ? "connection refused or dropped" : reason));
  }

  #onMessage(text: string): void {
    let msg: JsonRpcResponse | JsonRpcResponse[] | { method?: string; params?: { subscription?: string; result?: unknown } };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    const list = Array.isArray(msg) ? msg : [msg];
    for (const m of list) {
      if ("method" in m && m.method === "eth_subscription") {
        const sub = m.params?.subscription !== undefined ? this.#subById.get(m.params.subscription) : undefined;
        sub?.onMessage(m.params?.result);
        continue;
      }
      const r = m as { id: JsonRpcResponse["id"] };
      if (typeof r.id !== "number") continue;
      const p = this.#pending.get(r.id);
      if (p === undefined) continue;
      this.#pending.delete(r.id);
      const at = r.id - p.first;
      r.id = p.callerIds[at]!; // the parsed answer is ours to adjust
      if (p.responses !== null) p.responses[at] = r as JsonRpcResponse;
      if (--p.left === 0) {
        this.#deadlines.delete(p);
        p.resolve(p.responses ?? (r as JsonRpcResponse));
      }
    }
  }

  #lost(reason: string): void {
    if (this.#closed) return;
    this.#emit({ type: "disconnected", reason });
    // Reads in flight are replayed after the reconnect; a send's outcome is unknown, so it fails.
    const seen = new Set<Pending>();
    for (const p of this.#pending.values()) {
      if (seen.has(p)) continue;
      seen.add(p);
      if (!p.retryable) {
        this.#forget(p);
        p.reject(new EndpointUnreachableError(`the connection to ${this.endpoint.redacted} dropped before the node answered; the request's outcome is unknown`));
      }
    }
    this.#reconnect();
  }

  #reconnect(): void {
    if (this.#connecting !== null || this.#closed) return;
    this.#connecting = (async () => {
      while (!this.#closed) {
        const wait = backoffDelay(this.#attempt, RECONNECT_POLICY);
        this.#attempt++;
        await new Promise((r) => setTimeout(r, wait).unref());
        if (this.#closed) return;
        try {
          await this.#dial();
        } catch {
          continue;
        }
        try {
          const chain = await this.#call("eth_chainId", []);
          if (this.#chainId !== null && BigInt(chain as string) !== this.#chainId) {
            this.#emit({ type: "error", error: new ChainMismatchError(this.endpoint.redacted, this.#chainId, BigInt(chain as string)) });
            this.#wire?.close();
            continue;
          }
          this.#subById.clear();
          for (const sub of this.#subs) {
            sub.id = (await this.#call("eth_subscribe", sub.params)) as string;
            this.#subById.set(sub.id, sub);
          }
        } catch {
          this.#wire?.close();
          continue;
        }
        // Replay reads that were in flight when the connection dropped.
        const replay = new Set(this.#pending.values());
        for (const p of replay) this.#wire?.send(p.body);
        this.#emit({ type: "reconnected" });
        return;
      }
    })().finally(() => {
      this.#connecting = null;
    });
  }

  async #call(method: string, params: readonly unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    const r = (await this.request({ jsonrpc: "2.0", id, method, params })) as JsonRpcResponse;
    if (r.error !== undefined) throw new RpcError(`${method} failed: ${r.error.message}`);
    return r.result;
  }

  request(payload: JsonRpcRequest | readonly JsonRpcRequest[]): Promise<JsonRpcResponse | JsonRpcResponse[]> {
    if (this.#closed) return Promise.reject(new EndpointUnreachableError(`the connection to ${this.endpoint.redacted} is closed`));
    // Ids are ours on this socket: rewrite them so concurrent callers never collide.
    const batch = Array.isArray(payload);
    const items: readonly JsonRpcRequest[] = batch ? payload : [payload as JsonRpcRequest];
    const first = this.#nextId;
    this.#nextId += items.length;
    const text = batch
      ? JSON.stringify(items.map((i, k) => ({ jsonrpc: "2.0", id: first + k, method: i.method, params: i.params })))
      : JSON.stringify({ jsonrpc: "2.0", id: first, method: items[0]!.method, params: items[0]!.params });
    return new Promise<JsonRpcResponse | JsonRpcResponse[]>((resolve, reject) => {
      const p: Pending = {
        first,
        callerIds: items.map((i) => i.id),
        responses: batch ? new Array<JsonRpcResponse>(items.length) : null,
        left: items.length,
        body: text,
        retryable: isRetryable(payload),
        resolve,
        reject,
      };
      for (let k = 0; k < items.length; k++) this.#pending.set(first + k, p);
      this.#deadlines.add(p, this.#options.timeoutMs);
      try {
        if (this.#wire !== null) this.#wire.send(text);
        // else: sent by the reconnect replay (reads) — sends must not wait for a socket that may never return.
        else if (!p.retryable) {
          this.#forget(p);
          reject(new EndpointUnreachableError(`not connected to ${this.endpoint.redacted} (reconnecting)`));
        }
      } catch (e) {
        this.#forget(p);
        reject(e);
      }
    });
  }

  /** Drops a request from the wire's bookkeeping (its answers, if any come, are ignored). */
  #forget(p: Pending): void {
    this.#deadlines.delete(p);
    for (let k = 0; k < p.callerIds.length; k++) this.#pending.delete(p.first + k);
  }

  /** eth_subscribe that survives reconnects; returns an unsubscribe function. */
  async subscribe(params: readonly unknown[], onMessage: (result: unknown) => void): Promise<() => Promise<void>> {
    const sub: Subscription = { params, onMessage, id: null };
    sub.id = (await this.#call("eth_subscribe", params)) as string;
    this.#subs.add(sub);
    this.#subById.set(sub.id, sub);
    return async () => {
      this.#subs.delete(sub);
      if (sub.id !== null) {
        this.#subById.delete(sub.id);
        await this.#call("eth_unsubscribe", [sub.id]).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wire?.close();
    this.#wire = null;
    this.#deadlines.clear();
    for (const p of new Set(this.#pending.values())) p.reject(new EndpointUnreachableError(`the connection to ${this.endpoint.redacted} was closed`));
    this.#pending.clear();
  }
}
