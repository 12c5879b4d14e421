// An ethers v6 provider over abibind's transports. It keeps ethers' whole Provider surface (it is
// the runner for generated factories and `new Contract`) but sends each request straight to the
// transport: no batch stall timer, no per-call eth_chainId, the chain pinned at connect.
import { JsonRpcApiProvider, type JsonRpcError as EthersJsonRpcError, type JsonRpcPayload, type JsonRpcResult, type Network } from "ethers";
import { AbibindError } from "../errors/AbibindError.ts";
import { redactIn } from "./resolveEndpoint.ts";
import type { JsonRpcResponse, Transport } from "./transport.ts";

export class AbibindProvider extends JsonRpcApiProvider {
  readonly transport: Transport;
  #nextId = 1;

  constructor(transport: Transport, network: Network) {
    super(network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1, polling: true, pollingInterval: 1000 });
    this.transport = transport;
  }

  override async send(method: string, params: Array<any> | Record<string, any>): Promise<any> {
    const payload: JsonRpcPayload = { method, params: params as Array<any>, id: this.#nextId++, jsonrpc: "2.0" };
    this.emit("debug", { action: "sendRpcPayload", payload });
    const response = (await this.transport.request(JSON.stringify(payload), [method])) as JsonRpcResponse;
    if (response.error !== undefined) {
      this.emit("debug", { action: "receiveRpcError", error: response.error });
      const error = { id: payload.id, error: { ...response.error, message: redactIn(String(response.error.message), this.transport.endpoint) } };
      throw this.getRpcError(payload, error as EthersJsonRpcError);
    }
    if (!("result" in response)) throw new AbibindError("RPC_ERROR", `the RPC endpoint ${this.transport.endpoint.redacted} answered ${method} without a result`);
    this.emit("debug", { action: "receiveRpcResult", result: response.result });
    return response.result;
  }

  override async _send(payload: JsonRpcPayload | Array<JsonRpcPayload>): Promise<Array<JsonRpcResult | EthersJsonRpcError>> {
    const list = Array.isArray(payload) ? payload : [payload];
    const r = await this.transport.request(JSON.stringify(payload), list.map((p) => p.method));
    return (Array.isArray(r) ? r : [r]) as Array<JsonRpcResult | EthersJsonRpcError>;
  }

  override destroy(): void {
    void this.transport.close();
    super.destroy();
  }
}
