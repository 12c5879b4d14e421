// connect(endpoint, { chainId }) → a client whose `provider` is an ethers v6 Provider, over HTTP
// (keep-alive), WebSocket or IPC (reconnecting), pinned to one chain. `close()` ends its sockets.
import { Network } from "ethers";
import { ChainMismatchError } from "../errors/ChainMismatchError.ts";
import { UsageError } from "../errors/AbibindError.ts";
import { RpcError } from "../errors/commonErrors.ts";
import { AbibindProvider } from "./AbibindProvider.ts";
import { HttpTransport } from "./httpTransport.ts";
import { resolveEndpoint } from "./resolveEndpoint.ts";
import { type ConnectionEvent, SocketTransport } from "./socketTransport.ts";
import type { JsonRpcResponse, Transport } from "./transport.ts";

export interface ConnectOptions {
  /** The chain the endpoint must be on: verified once at connect (ChainMismatchError), then pinned. Read from the node when absent. */
  readonly chainId?: bigint | number;
  /** Deadline for any one request, retries included (ms). Default 10 000. */
  readonly timeoutMs?: number;
  /** Connection events of WebSocket and IPC endpoints (drops, reconnects). */
  readonly onConnectionEvent?: (event: ConnectionEvent) => void;
  /** Fold concurrent reads into Multicall3 (when deployed) or JSON-RPC batches. Default true. */
  readonly batchReads?: boolean;
}

export interface Client {
  /** An ethers v6 Provider: the runner for generated factories and `new Contract(...)`. */
  readonly provider: AbibindProvider;
  readonly chainId: bigint;
  /** The endpoint with credentials masked: safe to log. */
  readonly endpoint: string;
  readonly kind: "http" | "ws" | "ipc";
  /** eth_subscribe that is re-created after reconnects (WebSocket and IPC only). */
  subscribe(params: readonly unknown[], onMessage: (result: unknown) => void): Promise<() => Promise<void>>;
  /**
   * Listens to connection events (drops, reconnects, a chain mismatch after a reconnect) of a
   * WebSocket or IPC client, as `onConnectionEvent` does; returns the function that stops listening.
   * An HTTP client has no connection to lose and never calls it.
   */
  addConnectionListener(listener: (event: ConnectionEvent) => void): () => void;
  /** True once close() was called: every request fails from then on. */
  readonly closed: boolean;
  /** JSON-RPC round trips sent to the node so far (a batch or a Multicall3 call counts once): for metrics. */
  readonly requests: number;
  close(): Promise<void>;
}

async function chainIdOf(transport: Transport): Promise<bigint> {
  const r = (await transport.request({ jsonrpc: "2.0", id: 0, method: "eth_chainId", params: [] })) as JsonRpcResponse;
  if (r.error !== undefined || typeof r.result !== "string" || !/^0x[0-9a-fA-F]+$/.test(r.result)) {
    throw new RpcError(`the RPC endpoint ${transport.endpoint.redacted} did not answer eth_chainId with a chain id`);
  }
  return BigInt(r.result);
}

export async function connect(endpointString: string, options: ConnectOptions = {}): Promise<Client> {
  const endpoint = resolveEndpoint(endpointString);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket =
    endpoint.kind === "http"
      ? null
      : new SocketTransport(endpoint, { timeoutMs, ...(options.onConnectionEvent !== undefined ? { onEvent: options.onConnectionEvent } : {}) });
  const transport: Transport = socket ?? new HttpTransport(endpoint, { timeoutMs });
  let chainId: bigint;
  try {
    await socket?.open();
    chainId = await chainIdOf(transport);
  } catch (e) {
    await transport.close();
    throw e;
  }
  // Reconnects must land on the same chain.
  socket?.pinChain(chainId);
  if (options.chainId !== undefined && BigInt(options.chainId) !== chainId) {
    await transport.close();
    throw new ChainMismatchError(endpoint.redacted, BigInt(options.chainId), chainId);
  }
  let closed = false;
  let requests = 0;
  const counted: Transport = {
    endpoint: transport.endpoint,
    request: (payload) => {
      requests++;
      return transport.request(payload);
    },
    close: () => transport.close(),
  };
  const provider = new AbibindProvider(counted, Network.from(chainId), options.batchReads === false ? { batchReads: false } : {});
  return {
    provider,
    chainId,
    endpoint: endpoint.redacted,
    kind: endpoint.kind,
    async subscribe(params, onMessage) {
      if (socket === null) throw new UsageError(`subscriptions need a WebSocket or IPC endpoint, not ${endpoint.redacted}`);
      return socket.subscribe(params, onMessage);
    },
    addConnectionListener(listener) {
      return socket?.addListener(listener) ?? (() => undefined);
    },
    get closed() {
      return closed;
    },
    get requests() {
      return requests;
    },
    async close() {
      closed = true;
      provider.destroy();
      await transport.close();
    },
  };
}
