// Endpoint string → ethers v6 provider, pinned to its chain so ethers never re-detects the
// network (no eth_chainId per call, no endless "failed to detect network" retries).
import { IpcSocketProvider, JsonRpcProvider, Network, WebSocketProvider, type JsonRpcApiProvider } from "ethers";
import { AbibindError } from "../errors/AbibindError.ts";
import { probeEndpoint } from "./probeEndpoint.ts";
import { type Endpoint, resolveEndpoint } from "./resolveEndpoint.ts";

export interface CreateProviderOptions {
  /** Expected chain id: verified once, then pinned. Read from the node when absent. */
  readonly chainId?: bigint | number;
  /** Deadline for the first answer, in ms (default 10 000). */
  readonly timeoutMs?: number;
}

export interface ProviderHandle {
  readonly provider: JsonRpcApiProvider;
  readonly endpoint: Endpoint;
  readonly chainId: bigint;
}

export async function createProvider(endpointString: string, options: CreateProviderOptions = {}): Promise<ProviderHandle> {
  const endpoint = resolveEndpoint(endpointString);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const answer = await probeEndpoint(endpoint, "eth_chainId", [], timeoutMs);
  if (typeof answer !== "string" || !/^0x[0-9a-fA-F]+$/.test(answer)) {
    throw new AbibindError("RPC_ERROR", `the RPC endpoint ${endpoint.redacted} answered eth_chainId with ${JSON.stringify(answer)}`);
  }
  const chainId = BigInt(answer);
  if (options.chainId !== undefined && BigInt(options.chainId) !== chainId) {
    throw new AbibindError("CHAIN_MISMATCH", `the RPC endpoint ${endpoint.redacted} is on chain ${chainId}, expected chain ${BigInt(options.chainId)}`);
  }
  const network = Network.from(chainId);
  const opts = { staticNetwork: network, batchMaxCount: 1, batchStallTime: 0, cacheTimeout: -1 } as const;
  let provider: JsonRpcApiProvider;
  if (endpoint.kind === "http") provider = new JsonRpcProvider(endpoint.target, network, opts);
  else if (endpoint.kind === "ws") provider = new WebSocketProvider(endpoint.target, network, opts);
  else provider = new IpcSocketProvider(endpoint.target, network, opts);
  return { provider, endpoint, chainId };
}
