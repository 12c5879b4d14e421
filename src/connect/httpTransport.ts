// JSON-RPC over HTTP with keep-alive sockets and no batching stall: a request goes out when it is
// made. Idempotent reads are retried on 429 (honouring Retry-After), 5xx and connection resets,
// inside the caller's deadline; everything else is sent once.
import { type ClientRequest, Agent as HttpAgent, type IncomingMessage, type RequestOptions, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { AbibindError } from "../errors/AbibindError.ts";
import { EndpointUnreachableError, RateLimitedError, RpcError, TimeoutError } from "../errors/commonErrors.ts";
import { type BackoffPolicy, parseRetryAfter, retryDelay, sleep } from "./backoff.ts";
import { Deadlines } from "./deadlines.ts";
import { type Endpoint, redactIn } from "./resolveEndpoint.ts";
import { type JsonRpcRequest, type JsonRpcResponse, type Transport, isRetryable } from "./transport.ts";

export interface HttpTransportOptions {
  /** Deadline for one request, retries and Retry-After waits included (ms). */
  readonly timeoutMs: number;
  readonly maxRetries?: number;
}

/** Retries inside one request's deadline: quick, since the caller is waiting. */
const RETRY_POLICY: BackoffPolicy = { baseMs: 100, maxMs: 2000 };

export class HttpTransport implements Transport {
  readonly endpoint: Endpoint;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;
  /** Where every request goes, resolved once: a URL passed per request is converted each time. */
  readonly #target: RequestOptions;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  #closed = false;
  // A deadline on the whole exchange, not just socket idleness.
  readonly #deadlines = new Deadlines<ClientRequest>((req) => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));

  constructor(endpoint: Endpoint, options: HttpTransportOptions) {
    this.endpoint = endpoint;
    const url = new URL(endpoint.target);
    const https = url.protocol === "https:";
    this.#agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 32 }) : new HttpAgent({ keepAlive: true, maxSockets: 32 });
    this.#request = https ? httpsRequest : httpRequest;
    this.#target = {
      protocol: url.protocol,
      // URL keeps IPv6 hosts in brackets; the socket wants the bare address.
      hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      ...(url.port !== "" ? { port: url.port } : {}),
      path: url.pathname + url.search,
      method: "POST",
      agent: this.#agent,
      ...(url.username !== "" ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
    };
    this.#timeoutMs = options.timeoutMs;
    this.#maxRetries = options.maxRetries ?? 5;
  }

  async request(payload: JsonRpcRequest | readonly JsonRpcRequest[]): Promise<JsonRpcResponse | JsonRpcResponse[]> {
    const body = JSON.stringify(payload);
    if (this.#closed) throw new EndpointUnreachableError(`the connection to ${this.endpoint.redacted} is closed`);
    const deadline = Date.now() + this.#timeoutMs;
    const retryable = isRetryable(payload);
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) throw this.#timeout();
      let outcome: { status: number; text: string; retryAfter: string | undefined };
      try {
        outcome = await this.#post(body, left);
      } catch (e) {
        if (e instanceof AbibindError) throw e;
        const code = (e as NodeJS.ErrnoException).code ?? "error";
        const transient = code === "ECONNRESET" || code === "EPIPE" || code === "ECONNREFUSED" || code === "ETIMEDOUT" || code === "EAI_AGAIN";
        if (code === "ETIMEDOUT" && Date.now() >= deadline) throw this.#timeout();
        if (retryable && transient && attempt < this.#maxRetries) {
          await this.#backoff(attempt, undefined, deadline, code);
          continue;
        }
        throw new EndpointUnreachableError(`cannot reach the RPC endpoint ${this.endpoint.redacted} (${redactIn(code, this.endpoint)})`, { cause: e });
      }
      const { status, text, retryAfter } = outcome;
      if (status === 429 || status >= 500) {
        if (retryable && attempt < this.#maxRetries) {
          await this.#backoff(attempt, retryAfter, deadline, `HTTP ${status}`);
          continue;
        }
        if (status === 429) {
          throw new RateLimitedError(`the RPC endpoint ${this.endpoint.redacted} is rate-limiting requests (HTTP 429${retryAfter ? `, Retry-After ${retryAfter}` : ""})`);
        }
      }
      try {
        const parsed = JSON.parse(text) as JsonRpcResponse | JsonRpcResponse[];
        // Batch answers may come in any order (JSON-RPC 2.0 §6): restore request order.
        if (Array.isArray(parsed) && Array.isArray(payload)) {
          const byId = new Map(parsed.map((r) => [r.id, r]));
          return payload.map((p: JsonRpcRequest) => byId.get(p.id) ?? { jsonrpc: "2.0", id: p.id, error: { code: -32603, message: "missing response in batch" } });
        }
        return parsed;
      } catch {
        throw new RpcError(`the RPC endpoint ${this.endpoint.redacted} answered HTTP ${status} without JSON-RPC`);
      }
    }
  }

  #timeout(): TimeoutError {
    return new TimeoutError(`the RPC endpoint ${this.endpoint.redacted} did not answer within ${Math.round(this.#timeoutMs / 1000)} s`);
  }

  async #backoff(attempt: number, retryAfter: string | undefined, deadline: number, why: string): Promise<void> {
    const wait = retryDelay(attempt, RETRY_POLICY, parseRetryAfter(retryAfter), Number.POSITIVE_INFINITY);
    if (Date.now() + wait >= deadline) {
      if (why === "HTTP 429") {
        throw new RateLimitedError(`the RPC endpoint ${this.endpoint.redacted} is rate-limiting requests; it asked to wait ${Math.ceil(wait / 1000)} s, past the ${Math.round(this.#timeoutMs / 1000)} s deadline`);
      }
      throw this.#timeout();
    }
    await sleep(wait);
  }

  #post(body: string, timeoutMs: number): Promise<{ status: number; text: string; retryAfter: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = this.#request(
        { ...this.#target, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            this.#deadlines.delete(req);
            const ra = res.headers["retry-after"];
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), retryAfter: Array.isArray(ra) ? ra[0] : ra });
          });
          res.on("error", (e) => {
            this.#deadlines.delete(req);
            reject(e);
          });
        },
      );
      this.#deadlines.add(req, timeoutMs);
      req.on("error", (e) => {
        this.#deadlines.delete(req);
        reject(e);
      });
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#agent.destroy();
  }
}
