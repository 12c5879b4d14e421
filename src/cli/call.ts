// abibind call <address> <function> [args...] --abi <file|dir> --rpc <endpoint> [--block <n|latest>] [--from A] [--json]
import { getAddress } from "ethers";
import { AbiSet } from "../contract/abiSet.ts";
import { jsonValue, stringify } from "../contract/jsonValue.ts";
import { parseAddress, parseArgsFor } from "../contract/parseValue.ts";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { wrapContractError } from "../errors/contractErrors.ts";
import { RPC_OPTIONS, connectFor, out, parse } from "./common.ts";

const HELP = `Usage: abibind call <address> <function> [args...] --abi <file|dir> --rpc <endpoint> [--block <n|latest>] [--from ADDRESS] [--chain-id N] [--json]

Calls a view (or any) function without sending a transaction and prints the result.
<function> is a name, or a full signature for overloads (e.g. "balanceOf(address)").
--rpc falls back to $ABIBIND_RPC. Arrays and tuples are given as JSON, e.g. '[1,2]'.`;

export function parseAddressArg(text: string | undefined, what: string): string {
  if (text === undefined) throw new UsageError(`${what} is required`);
  return parseAddress(text, what);
}

export function blockTagOf(v: string | undefined): string | number {
  if (v === undefined || v === "latest" || v === "pending" || v === "safe" || v === "finalized" || v === "earliest") return v ?? "latest";
  if (!/^[0-9]+$/.test(v)) throw new UsageError(`--block "${v}" is not a block number or tag`);
  return Number(v);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("call", argv, { ...RPC_OPTIONS, abi: { type: "string" }, block: { type: "string" }, from: { type: "string" } });
  if (values.help) return out(HELP), 0;
  const [addressText, fn, ...args] = positionals;
  if (fn === undefined) throw new UsageError("call: <address> <function> are required (see abibind call --help)");
  const address = parseAddressArg(addressText, "<address>");
  const from = values.from === undefined ? undefined : parseAddressArg(values.from, "--from");
  const blockTag = blockTagOf(values.block);
  const abis = AbiSet.load(values.abi);
  const f = abis.findFunction(fn);
  const params = parseArgsFor(f.fragment.inputs, args, f.signature);
  const data = f.iface.encodeFunctionData(f.fragment, params);
  const client = await connectFor("call", values);
  try {
    let raw: string;
    try {
      raw = await client.provider.call({ to: address, data, blockTag, ...(from !== undefined ? { from } : {}) });
    } catch (e) {
      throw await wrapContractError(e, { contractName: f.contract.name, address, function: f.signature, args: params }, abis.errors, client.provider);
    }
    if (raw === "0x" && f.fragment.outputs.length > 0) {
      const code = await client.provider.getCode(address, blockTag);
      if (code === "0x") throw new AbibindError("NO_CONTRACT", `no contract at ${getAddress(address)} on chain ${client.chainId}: the address has no code`);
    }
    let decoded;
    try {
      decoded = f.iface.decodeFunctionResult(f.fragment, raw);
    } catch {
      throw new AbibindError("RPC_ERROR", `${f.signature} on ${address} returned data that does not decode as (${f.fragment.outputs.map((o) => o.format("sighash")).join(",")}): ${raw.slice(0, 66)}`);
    }
    const outs = f.fragment.outputs;
    let result: unknown;
    if (outs.length === 1) result = jsonValue(decoded[0], outs[0]!);
    else {
      const obj: Record<string, unknown> = {};
      outs.forEach((o, i) => (obj[o.name !== "" && outs.filter((x) => x.name === o.name).length === 1 ? o.name : String(i)] = jsonValue(decoded[i], o)));
      result = obj;
    }
    if (values.json) out(stringify({ function: f.signature, result }));
    else if (outs.length === 1) out(typeof result === "string" ? result : stringify(result));
    else for (const [k, v] of Object.entries(result as Record<string, unknown>)) out(`${k}: ${typeof v === "string" ? v : stringify(v)}`);
    return 0;
  } finally {
    await client.close();
  }
}
