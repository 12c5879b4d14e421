// An ethers v6 provider over abibind's transports. It keeps ethers' whole Provider surface (it is
// the runner for generated factories and `new Contract`) but sends each request straight to the
// transport: no batch stall timer, no per-call eth_chainId, the chain pinned at connect.
import {
  JsonRpcApiProvider,
  type Subscriber,
  type JsonRpcError as EthersJsonRpcError,
  type JsonRpcPayload,
  type JsonRpcResult,
  type Network,
  type TransactionRequest,
} from "ethers";
import { RpcError } from "../errors/commonErrors.ts";
import { type BatchedCall, type CallFailure, ReadBatcher } from "./readBatcher.ts";
import { redactIn } from "./resolveEndpoint.ts";
import type { JsonRpcResponse, Transport } from "./transport.ts";

export interface AbibindProviderOptions {
  /** Fold concurrent reads into Multicall3 aggregate3 calls or JSON-RPC batches (default true). */
  readonly batchReads?: boolean;
}

export class AbibindProvider extends JsonRpcApiProvider {
  readonly transport: Transport;
  /** Folds concurrent reads; `batcher.requests` counts the node requests it made. */
  readonly batcher: ReadBatcher | null;
  #nextId = 1;

  constructor(transport: Transport, network: Network, options: AbibindProviderOptions = {}) {
    super(network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1, polling: true, pollingInterval: 1000 });
    this.transport = transport;
    this.batcher =
      options.batchReads === false
        ? null
        : new ReadBatcher({
            rpc: (payload) => this.transport.request(payload),
            failure: (c, why) => this.#callError(c, why),
          });
  }

  override async send(method: string, params: Array<any> | Record<string, any>): Promise<any> {
    // No "debug" events: ethers' async emit costs more than the request on a fast socket.
    const payload: JsonRpcPayload = { method, params: params as Array<any>, id: this.#nextId++, jsonrpc: "2.0" };
    const response = (await this.transport.request(payload)) as JsonRpcResponse;
    if (response.error !== undefined) {
      const error = { id: payload.id, error: { ...response.error, message: redactIn(String(response.error.message), this.transport.endpoint) } };
      throw this.getRpcError(payload, error as EthersJsonRpcError);
    }
    if (!("result" in response)) throw new RpcError(`the RPC endpoint ${this.transport.endpoint.redacted} answered ${method} without a result`);
    return response.result;
  }

  /**
   * The common read (a literal address, hex data, a plain block tag, no CCIP-read) goes straight to
   * eth_call; ethers' generic path resolves names, copies and re-checks the network on every call.
   * Anything else takes that generic path unchanged. Not async: an async wrapper would add
   * microtask hops to every read.
   */
  override call(tx: TransactionRequest): Promise<string> {
    const { to, data, from, blockTag } = tx;
    if (
      typeof to === "string" && HEX_ADDRESS.test(to) &&
      typeof data === "string" && HEX.test(data) &&
      (from === undefined || from === null || (typeof from === "string" && HEX_ADDRESS.test(from))) &&
      (blockTag === undefined || blockTag === null || blockTag === "latest" || (typeof blockTag === "number" && blockTag >= 0)) &&
      tx.enableCcipRead !== true && onlyKeys(tx)
    ) {
      const target = to.toLowerCase();
      const tag = typeof blockTag === "number" ? `0x${blockTag.toString(16)}` : "latest";
      // A call with `from` keeps msg.sender, which an aggregate3 would change: it goes alone.
      if (typeof from === "string" || this.batcher === null) {
        const call = typeof from === "string" ? { to: target, data, from: from.toLowerCase() } : { to: target, data };
        return this.send("eth_call", [call, tag]) as Promise<string>;
      }
      const batcher = this.batcher;
      return new Promise<string>((resolve, reject) => batcher.add({ to: target, data, tag, resolve, reject }));
    }
    return super.call(tx);
  }

  /** A batched read's failure as ethers would report the same eth_call failing alone. */
  #callError(c: BatchedCall, why: CallFailure): unknown {
    const payload: JsonRpcPayload = { method: "eth_call", params: [{ to: c.to, data: c.data }, c.tag], id: 0, jsonrpc: "2.0" };
    if ("revertData" in why) return this.getRpcError(payload, { id: 0, error: { code: 3, message: "execution reverted", data: why.revertData } } as EthersJsonRpcError);
    if (why.error !== null && typeof why.error === "object" && "error" in why.error) return this.getRpcError(payload, { id: 0, ...(why.error as object) } as EthersJsonRpcError);
    return why.error;
  }

  override async _send(payload: JsonRpcPayload | Array<JsonRpcPayload>): Promise<Array<JsonRpcResult | EthersJsonRpcError>> {
    const r = await this.transport.request(payload);
    return (Array.isArray(r) ? r : [r]) as Array<JsonRpcResult | EthersJsonRpcError>;
  }

  /**
   * ethers watches a transaction by polling its receipt on each *new* block; a node may answer
   * eth_sendRawTransaction a moment before the receipt exists (anvil does), and if that block was
   * already seen, wait() stalls until another block comes. Receipts are polled on a timer instead.
   */
  override _getSubscriber(sub: Parameters<JsonRpcApiProvider["_getSubscriber"]>[0]): Subscriber {
    if (sub.type === "transaction") return new ReceiptPoller(this, sub.hash);
    return super._getSubscriber(sub);
  }

  override destroy(): void {
    void this.transport.close();
    super.destroy();
  }
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const FAST_KEYS = new Set(["to", "data", "from", "blockTag", "enableCcipRead"]);

function onlyKeys(tx: TransactionRequest): boolean {
  for (const k in tx) if (!FAST_KEYS.has(k) && (tx as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}

/** Emits `hash` with the receipt every RECEIPT_POLL_MS while someone listens (confirmations grow). */
const RECEIPT_POLL_MS = 200;

class ReceiptPoller implements Subscriber {
  readonly #provider: AbibindProvider;
  readonly #hash: string;
  #timer: NodeJS.Timeout | null = null;
  #running = false;

  constructor(provider: AbibindProvider, hash: string) {
    this.#provider = provider;
    this.#hash = hash;
  }

  #poll = async (): Promise<void> => {
    if (!this.#running) return;
    try {
      const receipt = await this.#provider.getTransactionReceipt(this.#hash);
      if (receipt !== null && this.#running) this.#provider.emit(this.#hash, receipt);
    } catch {
      // a failed poll is retried on the next tick; wait()'s own timeout bounds the whole
    }
    if (this.#running) this.#timer = setTimeout(this.#poll, RECEIPT_POLL_MS);
  };

  start(): void {
    this.#running = true;
    void this.#poll();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  pause(): void {
    this.stop();
  }

  resume(): void {
    this.start();
  }
}
