// abibind call: readContract, and its result printed.
import { UsageError, loadAbi, readContract } from "abibind";
import { JSON_OPTION, RPC_OPTIONS, connectFor, out, stringify } from "./common.ts";
import { type CommandSpec, helpText, parseCommand } from "./options.ts";

export const spec = {
  name: "call",
  usage: ["<address> <function> [args...] --abi FILE|DIR --rpc ENDPOINT [options]"],
  description: `Calls a function without sending a transaction (eth_call) and prints the result.
<function> is a name, or a full signature for overloads (e.g. "balanceOf(address)").
Arrays and tuples are given as JSON, e.g. '[1,2]'.`,
  options: {
    abi: { type: "string", value: "FILE|DIR", description: "ABI files (.abi JSON arrays) or artifacts, or a directory of them", required: true },
    ...RPC_OPTIONS,
    block: { type: "string", value: "N|TAG", description: "the block to call at: a number, or latest, pending, safe, finalized, earliest", default: "latest" },
    from: { type: "string", value: "ADDRESS", description: "the caller (msg.sender)" },
    ...JSON_OPTION,
  },
} as const satisfies CommandSpec;

export function blockTagOf(v: string): string | number {
  if (v === "latest" || v === "pending" || v === "safe" || v === "finalized" || v === "earliest") return v;
  if (!/^[0-9]+$/.test(v)) throw new UsageError(`--block "${v}" is not a block number or tag`);
  return Number(v);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(spec, argv);
  if (help) return out(helpText(spec)), 0;
  const [address, functionName, ...args] = positionals;
  if (address === undefined || functionName === undefined) throw new UsageError("<address> <function> are required (see abibind call --help)");
  const blockTag = blockTagOf(values.block!);
  const abi = loadAbi(values.abi!);
  const client = await connectFor(values);
  try {
    const r = await readContract({ provider: client.provider, address, abi, functionName, args, blockTag, ...(values.from !== undefined ? { from: values.from } : {}) });
    const single = abi.findFunction(functionName).fragment.outputs.length === 1;
    if (values.json) out(stringify({ function: r.signature, result: r.resultJson }));
    else if (single) out(typeof r.resultJson === "string" ? r.resultJson : stringify(r.resultJson));
    else for (const [k, v] of Object.entries(r.resultJson as Record<string, unknown>)) out(`${k}: ${typeof v === "string" ? v : stringify(v)}`);
    return 0;
  } finally {
    await client.close();
  }
}
