// A function call made ready: the function found in the ABI, its arguments checked and converted
// by ABI type, and its calldata (shared by readContract and writeContract).
import type { Interface, InterfaceAbi } from "ethers";
import { type AbiFunction, type AbiSet, abiSetOf } from "./loadAbi.ts";
import { parseAddress, parseArgsFor } from "./parseValue.ts";

export interface PreparedCall {
  readonly abis: AbiSet;
  readonly fn: AbiFunction;
  /** The checksummed address. */
  readonly address: string;
  readonly args: readonly unknown[];
  readonly data: string;
}

export function prepareCall(abi: AbiSet | InterfaceAbi | Interface, address: string, functionName: string, args: readonly unknown[] = []): PreparedCall {
  const checked = parseAddress(address, "address");
  const abis = abiSetOf(abi);
  const fn = abis.findFunction(functionName);
  const params = parseArgsFor(fn.fragment.inputs, args, fn.signature);
  return { abis, fn, address: checked, args: params, data: fn.iface.encodeFunctionData(fn.fragment, params) };
}
