// The wire under a provider: one JSON-RPC exchange at a time, with deadlines and retries decided
// by the transport (HTTP or socket), not by ethers.
import type { Endpoint } from "./resolveEndpoint.ts";

export interface JsonRpcRequest {
  readonly jsonrpc: "2.0";
  readonly id: number;
  readonly method: string;
  readonly params: readonly unknown[] | Readonly<Record<string, unknown>>;
}

export interface JsonRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcResponse {
  readonly jsonrpc?: "2.0";
  readonly id: number | string | null;
  readonly result?: unknown;
  readonly error?: JsonRpcError;
}

export interface Transport {
  readonly endpoint: Endpoint;
  /** Sends one request or a batch; resolves with the response(s), in request order for a batch. */
  request(payload: JsonRpcRequest | readonly JsonRpcRequest[]): Promise<JsonRpcResponse | JsonRpcResponse[]>;
  close(): Promise<void>;
}

// Reads a retry can never turn into a second effect. Sends are absent on purpose: a send whose
// answer was lost may have reached the mempool, so resending is the journal's decision, not ours.
const RETRYABLE = new Set([
  "eth_call", "eth_chainId", "eth_blockNumber", "eth_getBalance", "eth_getCode", "eth_getStorageAt",
  "eth_getTransactionCount", "eth_getTransactionByHash", "eth_getTransactionReceipt", "eth_getBlockByNumber",
  "eth_getBlockByHash", "eth_getLogs", "eth_estimateGas", "eth_gasPrice", "eth_maxPriorityFeePerGas",
  "eth_feeHistory", "eth_accounts", "net_version", "web3_clientVersion", "eth_syncing", "eth_getProof",
  "eth_getBlockReceipts", "eth_blobBaseFee",
]);

export function isRetryableMethod(method: string): boolean {
  return RETRYABLE.has(method);
}

export function isRetryable(payload: JsonRpcRequest | readonly JsonRpcRequest[]): boolean {
  return Array.isArray(payload) ? payload.every((p: JsonRpcRequest) => RETRYABLE.has(p.method)) : RETRYABLE.has((payload as JsonRpcRequest).method);
}
