// abibind send <address> <function> [args...] --abi ... --rpc ... (signer) [--value WEI] [--confirmations N] [--json]
import { AbiSet } from "../contract/abiSet.ts";
import { stringify } from "../contract/jsonValue.ts";
import { parseArgsFor } from "../contract/parseValue.ts";
import { UsageError } from "../errors/AbibindError.ts";
import { SqliteStore } from "../store/SqliteStore.ts";
import { JOURNAL_TABLE, durableSend } from "../tx/durableSend.ts";
import { TransactionFailedError } from "../errors/contractErrors.ts";
import { simulate, transact } from "../tx/transact.ts";
import { parseAddressArg } from "./call.ts";
import { RPC_OPTIONS, SIGNER_OPTIONS, connectFor, out, parse, receiptJson } from "./common.ts";
import { confirmationsOf, overridesFrom, signerFrom } from "./signerOptions.ts";

const HELP = `Usage: abibind send <address> <function> [args...] --abi <file|dir> --rpc <endpoint>
         (--private-key-file F | --keystore F --password-file F | --from ADDRESS)
         [--value WEI] [--confirmations N] [--max-fee-per-gas WEI] [--max-priority-fee-per-gas WEI]
         [--gas-limit N] [--nonce N] [--chain-id N] [--journal FILE --idempotency-key KEY] [--json]

Simulates the call (a revert is reported before any gas is paid), sends the transaction, waits for
the receipt and checks its status. --rpc falls back to $ABIBIND_RPC; ABIBIND_KEY_FILE may name a key file.
With --journal FILE (a SQLite database) and --idempotency-key KEY the signed transaction is recorded
before it is broadcast: running again with the same key never signs a second transaction, it
rebroadcasts or finds the first and reports its receipt.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("send", argv, {
    ...RPC_OPTIONS,
    ...SIGNER_OPTIONS,
    abi: { type: "string" },
    journal: { type: "string" },
    "idempotency-key": { type: "string" },
  });
  if (values.help) return out(HELP), 0;
  const [addressText, fn, ...args] = positionals;
  if (fn === undefined) throw new UsageError("send: <address> <function> are required (see abibind send --help)");
  const address = parseAddressArg(addressText, "<address>");
  const abis = AbiSet.load(values.abi);
  const f = abis.findFunction(fn);
  const params = parseArgsFor(f.fragment.inputs, args, f.signature);
  const overrides = overridesFrom(values);
  const confirmations = confirmationsOf(values);
  const journal = values.journal;
  const key = values["idempotency-key"];
  if ((journal === undefined) !== (key === undefined)) throw new UsageError("send: --journal FILE and --idempotency-key KEY go together");
  if (journal !== undefined && values.from !== undefined) {
    throw new UsageError("send: --journal needs a local signer (--private-key-file or --keystore): with --from the node signs and sends in one step, so nothing durable can be written first");
  }
  if (key !== undefined && key.trim() === "") throw new UsageError("send: --idempotency-key is empty");
  const client = await connectFor("send", values);
  try {
    const signer = await signerFrom("send", values, client.provider);
    const tx = { ...overrides, to: address, data: f.iface.encodeFunctionData(f.fragment, params) };
    const ctx = { contractName: f.contract.name, address, function: f.signature, args: params };
    let sent: { receipt: import("ethers").TransactionReceipt; from: string; nonce: number };
    if (journal !== undefined && key !== undefined) {
      const store = new SqliteStore(journal);
      try {
        // A journaled key that already went out is not simulated again: its outcome is on chain.
        const known = await store.get(JOURNAL_TABLE, key);
        if (known === undefined) await simulate(signer, tx, ctx, abis.errors);
        const r = await durableSend(signer, store, key, tx, { confirmations });
        sent = { receipt: r.receipt, from: r.entry.from, nonce: r.entry.nonce ?? 0 };
      } finally {
        await store.close();
      }
      if (sent.receipt.status !== 1) throw new TransactionFailedError(ctx, sent.receipt.hash, sent.receipt.blockNumber);
    } else sent = await transact(signer, tx, ctx, abis.errors, { confirmations });
    const { receipt, from, nonce } = sent;
    const result = receiptJson(receipt, from, nonce);
    if (values.json) out(stringify(result));
    else out(`${f.signature} mined in block ${result.blockNumber}: ${result.transactionHash} (status ${result.status}, gas used ${result.gasUsed}, from ${from}, nonce ${nonce})`);
    return 0;
  } finally {
    await client.close();
  }
}
