// One JSON-RPC connection for the watcher, over HTTP, WebSocket or IPC, that says when it dies:
// every request has a deadline, a closed socket fails every pending request at once, and
// subscription notifications are handed to a callback. The watcher opens a new one to reconnect.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createConnection, type Socket } from "node:net";
import { AbibindError } from "../errors/AbibindError.ts";
import type { Endpoint } from "../connect/resolveEndpoint.ts";
import type { RpcSender } from "./chunkedGetLogs.ts";

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
  method: string;
}

export class RpcConnection implements RpcSender {
  readonly endpoint: Endpoint;
  readonly timeoutMs: number;
  /** Called with (subscription id, result) for each eth_subscription notification. */
  onNotification: ((subscription: string, result: unknown) => void) | undefined;
  /** Called once when a WS/IPC connection closes. */
  onClose: ((why: Error) => void) | undefined;
  #ws: WebSocket | undefined;
  #ipc: Socket | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #closed: Error | undefined;

  private constructor(endpoint: Endpoint, timeoutMs: number) {
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  get streaming(): boolean {
    return this.endpoint.kind !== "http";
  }

  static async open(endpoint: Endpoint, timeoutMs: number): Promise<RpcConnection> {
    const c = new RpcConnection(endpoint, timeoutMs);
    if (endpoint.kind === "ws") await c.#openWs();
    else if (endpoint.kind === "ipc") await c.#openIpc();
    return c;
  }

  #unreachable(why: string): AbibindError {
    return new AbibindError("ENDPOINT_UNREACHABLE", `cannot reach the RPC endpoint ${this.endpoint.redacted} (${why})`);
  }

  #openWs(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.endpoint.target);
      const timer = setTimeout(() => {
        ws.close();
        reject(new AbibindError("TIMEOUT", `the RPC endpoint ${this.endpoint.redacted} did not answer within ${Math.round(this.timeoutMs / 1000)} s`));
      }, this.timeoutMs);
      ws.addEventListener("open", () => {
        clearTimeout(timer);
        this.#ws = ws;
        resolve();
      });
      ws.addEventListener("error", () => {
        clearTimeout(timer);
        reject(this.#unreachable("WebSocket error"));
      });
      ws.addEventListener("message", (ev) => this.#onMessage(String(ev.data)));
      ws.addEventListener("close", () => this.#shutdown(this.#unreachable("connection closed")));
    });
  }

  #openIpc(): Promise<void> {
    return new Promise((resolve, reject) => {
      const sock = createConnection(this.endpoint.target);
      let buf = "";
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new AbibindError("TIMEOUT", `the RPC endpoint ${this.endpoint.redacted} did not answer within ${Math.round(this.timeoutMs / 1000)} s`));
      }, this.timeoutMs);
      sock.setEncoding("utf8");
      sock.on("connect", () => {
        clearTimeout(timer);
        this.#ipc = sock;
        resolve();
      });
      sock.on("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(this.#unreachable(e.code ?? "error"));
      });
      sock.on("close", () => this.#shutdown(this.#unreachable("connection closed")));
      sock.on("data", (chunk: string) => {
        buf += chunk;
        // Messages are concatenated JSON values: split at each top-level object's end.
        let depth = 0;
        let inStr = false;
        let esc = false;
        let start = 0;
        for (let i = 0; i < buf.length; i++) {
          const ch = buf[i];
          if (inStr) {
            if (esc) esc = false;
            else if (ch === "\\") esc = true;
            else if (ch === '"') inStr = false;
          } else if (ch === '"') inStr = true;
          else if (ch === "{" || ch === "[") depth++;
          else if (ch === "}" || ch === "]") {
            depth--;
            if (depth === 0) {
              this.#onMessage(buf.slice(start, i + 1));
              start = i + 1;
            }
          }
        }
        buf = buf.slice(start);
      });
    });
  }

  #onMessage(text: string): void {
    let msg: { id?: number; result?: unknown; error?: { code?: number; message?: string }; method?: string; params?: { subscription: string; result: unknown } };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.method === "eth_subscription" && msg.params !== undefined) {
      this.onNotification?.(msg.params.subscription, msg.params.result);
      return;
    }
    if (typeof msg.id !== "number") return;
    const p = this.#pending.get(msg.id);
    if (p === undefined) return;
    this.#pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error !== undefined) p.reject(Object.assign(new Error(msg.error.message ?? "RPC error"), { error: msg.error }));
    else p.resolve(msg.result);
  }

  #shutdown(why: Error): void {
    if (this.#closed !== undefined) return;
    this.#closed = why;
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(why);
      this.#pending.delete(id);
    }
    this.onClose?.(why);
  }

  send(method: string, params: unknown[]): Promise<unknown> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    const body = JSON.stringify({ jsonrpc: "2.0", id, method, params });
    if (this.endpoint.kind === "http") return this.#sendHttp(body);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        const e = new AbibindError("TIMEOUT", `the RPC endpoint ${this.endpoint.redacted} did not answer ${method} within ${Math.round(this.timeoutMs / 1000)} s`);
        reject(e);
        // A stream that stops answering is as good as dead: drop it so the watcher reconnects.
        this.close();
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, method });
      if (this.#ws !== undefined) this.#ws.send(body);
      else this.#ipc?.write(body);
    });
  }

  #sendHttp(body: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const url = this.endpoint.target;
      const req = (url.startsWith("https:") ? httpsRequest : httpRequest)(
        url,
        { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, timeout: this.timeoutMs },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("error", reject);
          res.on("end", () => {
            let msg: { result?: unknown; error?: { code?: number; message?: string } } | undefined;
            try {
              msg = JSON.parse(text) as typeof msg;
            } catch {
              msg = undefined;
            }
            if (res.statusCode !== 200 || msg === undefined || msg.error !== undefined) {
              reject(Object.assign(new Error(msg?.error?.message ?? `HTTP ${res.statusCode}`), { status: res.statusCode, headers: res.headers, error: msg?.error }));
            } else resolve(msg.result);
          });
        },
      );
      req.on("timeout", () => req.destroy(new AbibindError("TIMEOUT", `the RPC endpoint ${this.endpoint.redacted} did not answer within ${Math.round(this.timeoutMs / 1000)} s`)));
      req.on("error", (e: NodeJS.ErrnoException) => reject(e instanceof AbibindError ? e : this.#unreachable(e.code ?? "error")));
      req.end(body);
    });
  }

  close(): void {
    this.#ws?.close();
    this.#ipc?.destroy();
    this.#shutdown(new AbibindError("ENDPOINT_UNREACHABLE", "connection closed"));
  }
}
