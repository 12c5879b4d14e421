// abibind send: writeContract (journaled with --journal), and its receipt printed.
import { SqliteStore, UsageError, loadAbi, writeContract } from "abibind";
import { JSON_OPTION, RPC_OPTIONS, SIGNER_OPTIONS, confirmationsOf, connectFor, out, overridesFrom, receiptJson, signerFrom, stringify } from "./common.ts";
import { type CommandSpec, helpText, parseCommand } from "./options.ts";

export const spec = {
  name: "send",
  usage: ["<address> <function> [args...] --abi FILE|DIR --rpc ENDPOINT (--private-key-file F | --keystore F --password-file F | --from ADDRESS) [options]"],
  description: `Simulates the call (a revert is reported before any gas is paid), sends the transaction, waits for
the receipt and checks its status. With --journal FILE (a SQLite database) and --idempotency-key KEY
the signed transaction is recorded before it is broadcast: running again with the same key never
signs a second transaction, it rebroadcasts or finds the first and reports its receipt.`,
  options: {
    abi: { type: "string", value: "FILE|DIR", description: "ABI files (.abi JSON arrays) or artifacts, or a directory of them", required: true },
    ...RPC_OPTIONS,
    ...SIGNER_OPTIONS,
    journal: { type: "string", value: "FILE", description: "the durable transaction journal (SQLite); goes with --idempotency-key" },
    "idempotency-key": { type: "string", value: "KEY", description: "this transaction's key in the journal" },
    ...JSON_OPTION,
  },
} as const satisfies CommandSpec;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(spec, argv);
  if (help) return out(helpText(spec)), 0;
  const [address, functionName, ...args] = positionals;
  if (address === undefined || functionName === undefined) throw new UsageError("<address> <function> are required (see abibind send --help)");
  const overrides = overridesFrom(values);
  const confirmations = confirmationsOf(values);
  const journal = values.journal;
  const key = values["idempotency-key"];
  if ((journal === undefined) !== (key === undefined)) throw new UsageError("--journal FILE and --idempotency-key KEY go together");
  if (journal !== undefined && values.from !== undefined) {
    throw new UsageError("--journal needs a local signer (--private-key-file or --keystore): with --from the node signs and sends in one step, so nothing durable can be written first");
  }
  if (key !== undefined && key.trim() === "") throw new UsageError("--idempotency-key is empty");
  const abi = loadAbi(values.abi!);
  const client = await connectFor(values);
  // Opened by writeContract once the call is checked: a mistyped command leaves no journal file.
  let store: SqliteStore | undefined;
  const openStore = (): SqliteStore => (store = new SqliteStore(journal!));
  try {
    const r = await writeContract({
      signer: () => signerFrom(values, client.provider),
      address,
      abi,
      functionName,
      args,
      overrides,
      confirmations,
      ...(journal !== undefined && key !== undefined ? { journal: { store: openStore, idempotencyKey: key } } : {}),
    });
    const result = receiptJson(r.receipt, r.from, r.nonce);
    if (values.json) out(stringify(result));
    else out(`${r.signature} mined in block ${result.blockNumber}: ${result.transactionHash} (status ${result.status}, gas used ${result.gasUsed}, from ${r.from}, nonce ${r.nonce})`);
    return 0;
  } finally {
    await store?.close();
    await client.close();
  }
}
