// readContract: one function called without a transaction (eth_call), its result decoded. A call
// that returns nothing from an address without code is NO_CONTRACT, not a decoding error.
import type { BlockTag, Interface, InterfaceAbi, Provider } from "ethers";
import { RpcError } from "../errors/commonErrors.ts";
import { NoContractError, wrapContractError } from "../errors/contractErrors.ts";
import { jsonValue } from "./jsonValue.ts";
import type { AbiSet } from "./loadAbi.ts";
import { parseAddress } from "./parseValue.ts";
import { prepareCall } from "./preparedCall.ts";

export interface ReadContractParameters {
  /** Any ethers Provider: `client.provider` from connect(), for deadlines and batching. */
  readonly provider: Provider;
  readonly address: string;
  /** loadAbi's result (reverts decode with every error it knows), or the contract's ABI. */
  readonly abi: AbiSet | InterfaceAbi | Interface;
  /** A name, or the full signature of an overloaded function ("balanceOf(address)"). */
  readonly functionName: string;
  /** Checked by ABI type: values, or their text (integers in decimal or 0x, arrays and tuples as JSON). */
  readonly args?: readonly unknown[];
  /** Default "latest". */
  readonly blockTag?: BlockTag;
  /** The caller (msg.sender) of the call. */
  readonly from?: string;
}

export interface ReadContractReturnType {
  /** The canonical signature of the function called. */
  readonly signature: string;
  /** The decoded value for one output; for several, an object keyed by output name ("0", "1"… when unnamed). */
  readonly result: unknown;
  /** `result` as JSON: integers as decimal strings, addresses checksummed, bytes as 0x hex, tuples as objects. */
  readonly resultJson: unknown;
}

export async function readContract(params: ReadContractParameters): Promise<ReadContractReturnType> {
  const { provider } = params;
  const call = prepareCall(params.abi, params.address, params.functionName, params.args);
  const { fn, address } = call;
  const blockTag = params.blockTag ?? "latest";
  const from = params.from === undefined ? undefined : parseAddress(params.from, "from");
  let raw: string;
  try {
    raw = await provider.call({ to: address, data: call.data, blockTag, ...(from !== undefined ? { from } : {}) });
  } catch (e) {
    throw await wrapContractError(e, { contractName: fn.contract.name, address, function: fn.signature, args: call.args }, call.abis.errors, provider);
  }
  const outs = fn.fragment.outputs;
  if (raw === "0x" && outs.length > 0 && (await provider.getCode(address, blockTag)) === "0x") {
    throw new NoContractError(address, (await provider.getNetwork()).chainId);
  }
  let decoded;
  try {
    decoded = fn.iface.decodeFunctionResult(fn.fragment, raw);
  } catch {
    throw new RpcError(`${fn.signature} on ${address} returned data that does not decode as (${outs.map((o) => o.format("sighash")).join(",")}): ${raw.slice(0, 66)}`);
  }
  if (outs.length === 1) return { signature: fn.signature, result: decoded[0], resultJson: jsonValue(decoded[0], outs[0]!) };
  const result: Record<string, unknown> = {};
  const json: Record<string, unknown> = {};
  outs.forEach((o, i) => {
    const key = o.name !== "" && outs.filter((x) => x.name === o.name).length === 1 ? o.name : String(i);
    result[key] = decoded[i];
    json[key] = jsonValue(decoded[i], o);
  });
  return { signature: fn.signature, result, resultJson: json };
}
