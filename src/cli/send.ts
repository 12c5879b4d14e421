// abibind send <address> <function> [args...] --abi ... --rpc ... (signer) [--value WEI] [--confirmations N] [--json]
import { AbiSet } from "../contract/abiSet.ts";
import { stringify } from "../contract/jsonValue.ts";
import { parseArgsFor } from "../contract/parseValue.ts";
import { UsageError } from "../errors/AbibindError.ts";
import { transact } from "../tx/transact.ts";
import { parseAddressArg } from "./call.ts";
import { RPC_OPTIONS, SIGNER_OPTIONS, connectFor, out, parse } from "./common.ts";
import { confirmationsOf, overridesFrom, signerFrom } from "./signerOptions.ts";

const HELP = `Usage: abibind send <address> <function> [args...] --abi <file|dir> --rpc <endpoint>
         (--private-key-file F | --keystore F --password-file F | --from ADDRESS)
         [--value WEI] [--confirmations N] [--max-fee-per-gas WEI] [--max-priority-fee-per-gas WEI]
         [--gas-limit N] [--nonce N] [--chain-id N] [--json]

Simulates the call (a revert is reported before any gas is paid), sends the transaction, waits for
the receipt and checks its status. --rpc falls back to $ABIBIND_RPC; ABIBIND_KEY_FILE may name a key file.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("send", argv, { ...RPC_OPTIONS, ...SIGNER_OPTIONS, abi: { type: "string" } });
  if (values.help) return out(HELP), 0;
  if (values.version) return out((await import("./main.ts")).version()), 0;
  const [addressText, fn, ...args] = positionals;
  if (fn === undefined) throw new UsageError("send: <address> <function> are required (see abibind send --help)");
  const address = parseAddressArg(addressText, "<address>");
  const abis = AbiSet.load(values.abi);
  const f = abis.findFunction(fn);
  const params = parseArgsFor(f.fragment.inputs, args, f.signature);
  const overrides = overridesFrom(values);
  const confirmations = confirmationsOf(values);
  const client = await connectFor("send", values);
  try {
    const signer = await signerFrom("send", values, client.provider);
    const tx = { ...overrides, to: address, data: f.iface.encodeFunctionData(f.fragment, params) };
    const { receipt, from, nonce } = await transact(signer, tx, { contractName: f.contract.name, address, function: f.signature, args: params }, abis.errors, { confirmations });
    const result = {
      transactionHash: receipt.hash,
      blockNumber: String(receipt.blockNumber),
      status: String(receipt.status),
      gasUsed: receipt.gasUsed.toString(),
      from,
      nonce: String(nonce),
    };
    if (values.json) out(stringify(result));
    else out(`${f.signature} mined in block ${result.blockNumber}: ${result.transactionHash} (status ${result.status}, gas used ${result.gasUsed}, from ${from}, nonce ${nonce})`);
    return 0;
  } finally {
    await client.close();
  }
}
