// The link to the node, made lazily and remade after failures: the service starts while the node
// is down, answers 503 meanwhile, and serves again as soon as a connect succeeds.
import { type Client, connect, redactEndpoint } from "abibind";
import { HttpError } from "./http.ts";
import { nodeError } from "./errors.ts";

export class ChainLink {
  readonly endpoint: string;
  readonly #rpc: string;
  readonly #chainId: bigint | undefined;
  readonly #timeoutMs: number;
  readonly #batchReads: boolean;
  #client: Promise<Client> | null = null;
  #connected: Client | null = null;
  #closed = false;

  constructor(rpc: string, options: { chainId?: bigint; timeoutMs: number; batchReads?: boolean }) {
    this.#rpc = rpc;
    this.#chainId = options.chainId;
    this.#timeoutMs = options.timeoutMs;
    this.#batchReads = options.batchReads ?? true;
    this.endpoint = safeEndpoint(rpc);
  }

  /** The connected client, or a 503 HttpError saying why not. */
  async client(): Promise<Client> {
    if (this.#closed) throw new HttpError(503, "SHUTTING_DOWN", "the service is shutting down");
    this.#client ??= connect(this.#rpc, { ...(this.#chainId !== undefined ? { chainId: this.#chainId } : {}), timeoutMs: this.#timeoutMs, batchReads: this.#batchReads });
    const pending = this.#client;
    try {
      return (this.#connected = await pending);
    } catch (e) {
      // Forget the failed attempt so the next request tries again.
      if (this.#client === pending) this.#client = null;
      throw nodeError(e, this.endpoint) ?? e;
    }
  }

  /** The client once connected (null before): for metrics, which must not connect by themselves. */
  get connected(): Client | null {
    return this.#connected;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const c = this.#client;
    this.#client = null;
    if (c !== null) await (await c.catch(() => null))?.close();
  }
}

function safeEndpoint(rpc: string): string {
  try {
    return redactEndpoint(rpc);
  } catch {
    return "the configured endpoint";
  }
}
