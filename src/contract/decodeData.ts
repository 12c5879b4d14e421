// decodeData: hex data named by the ABIs that produced it: calldata by its function selector,
// revert data by its custom error (or Solidity's Error(string) / Panic(uint256)), or, with its
// topics, an event log's data.
import { Interface, type InterfaceAbi, type Result } from "ethers";
import { FunctionNotFoundError, InvalidArgumentError, InvalidInputError } from "../errors/commonErrors.ts";
import { jsonArgs } from "./jsonValue.ts";
import { type AbiSet, abiSetOf } from "./loadAbi.ts";

export interface DecodeDataParameters {
  /** loadAbi's result, or one contract's ABI. */
  readonly abi: AbiSet | InterfaceAbi | Interface;
  /** 0x-prefixed hex: calldata or revert data, or a log's data when `topics` is given. */
  readonly data: string;
  /** The log's topics (topic 0 names the event). */
  readonly topics?: readonly string[];
}

export interface DecodeDataReturnType {
  readonly kind: "function" | "error" | "event";
  readonly name: string;
  /** The canonical signature, e.g. "Transfer(address,address,uint256)". */
  readonly signature: string;
  readonly args: Result;
  /** `args` as JSON keyed by parameter name (arg0, arg1… when unnamed): integers as decimal strings. */
  readonly argsJson: Record<string, unknown>;
}

const BUILTIN = new Interface(["error Error(string message)", "error Panic(uint256 code)"]);

export function decodeData(params: DecodeDataParameters): DecodeDataReturnType {
  const { data } = params;
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data)) throw new InvalidInputError(`"${data.length > 20 ? `${data.slice(0, 20)}…` : data}" is not 0x-prefixed hex data`);
  const abis = abiSetOf(params.abi);
  if (params.topics !== undefined) {
    const topics = [...params.topics];
    for (const t of topics) if (!/^0x[0-9a-fA-F]{64}$/.test(t)) throw new InvalidInputError(`topic "${t}" is not 32 bytes of hex`);
    const ev = topics[0] === undefined ? null : abis.eventByTopic(topics[0]);
    if (ev === null) throw new FunctionNotFoundError(`no event in ${abis.label} has topic ${topics[0] ?? "(none)"}`);
    let args: Result;
    try {
      args = ev.iface.decodeEventLog(ev.fragment, data, topics);
    } catch (e) {
      throw new InvalidArgumentError(`the log does not decode as ${ev.fragment.format("sighash")} (${(e as { shortMessage?: string }).shortMessage ?? "bad data"})`);
    }
    return { kind: "event", name: ev.fragment.name, signature: ev.fragment.format("sighash"), args, argsJson: jsonArgs([...args], ev.fragment.inputs) };
  }
  if (data.length < 10) throw new InvalidInputError("data shorter than a 4-byte selector");
  const selector = data.slice(0, 10);
  const fn = abis.functionBySelector(selector);
  const err = fn === null ? (abis.errorBySelector(selector) ?? builtinError(selector)) : null;
  const found = fn ?? err;
  if (found === null) throw new FunctionNotFoundError(`no function or error in ${abis.label} has selector ${selector}`);
  let args: Result;
  try {
    args = found.iface.getAbiCoder().decode(found.fragment.inputs, `0x${data.slice(10)}`);
  } catch (e) {
    throw new InvalidArgumentError(`the data does not decode as ${found.fragment.format("sighash")} (${(e as { shortMessage?: string }).shortMessage ?? "bad data"})`);
  }
  return {
    kind: fn !== null ? "function" : "error",
    name: found.fragment.name,
    signature: found.fragment.format("sighash"),
    args,
    argsJson: jsonArgs([...args], found.fragment.inputs),
  };
}

function builtinError(selector: string) {
  const f = BUILTIN.getError(selector.toLowerCase());
  return f === null ? null : { fragment: f, iface: BUILTIN };
}
