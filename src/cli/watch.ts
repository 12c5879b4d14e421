// abibind watch: watchLogs, each log printed as it is delivered, until SIGINT/SIGTERM.
import { AbibindError, type Client, SqliteStore, UsageError, redactIn, resolveEndpoint, watchLogs } from "abibind";
import { type CommandSpec, bigintValue, helpText, parseCommand, wholeNumber } from "./options.ts";
import { LOG_OPTIONS, blockTag, connectClient, logArgs, logLine, logText } from "./logCommon.ts";
import { maskInErrors } from "./reportError.ts";

export const spec = {
  name: "watch",
  usage: ["<address> [event] --abi FILE|DIR --rpc ENDPOINT [options]"],
  description: `Prints a contract's logs as they happen, decoded with its ABI. Follows new blocks by eth_subscribe
over WebSocket/IPC and by polling eth_getLogs over HTTP; after a lost connection it reconnects
forever and fills the gap. Each log is printed once; a log undone by a reorg is printed again
with removed: true. Stop with SIGINT/SIGTERM: the checkpoint is committed and it exits 0.`,
  options: {
    ...LOG_OPTIONS,
    "from-block": { type: "string", value: "N|latest", description: "first block when there is no checkpoint: a number (decimal or 0x), or latest", default: "latest" },
    checkpoint: { type: "string", value: "FILE", description: "SQLite database to resume from and commit progress to" },
    confirmations: { type: "string", value: "N", description: "print a block's logs once N blocks are on top of it", default: "0" },
    json: { type: "boolean", description: 'one JSON object a line (NDJSON), with "removed"' },
    "poll-interval": { type: "string", value: "MS", description: "polling interval over HTTP", default: "1000" },
  },
} as const satisfies CommandSpec;

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals, help } = parseCommand(spec, argv);
  if (help) {
    process.stdout.write(`${helpText(spec)}\n`);
    return 0;
  }
  let fromBlock: number | undefined;
  if (v["from-block"] !== "latest") {
    const tag = blockTag(v["from-block"]!, "--from-block");
    if (typeof tag !== "number") throw new UsageError("--from-block must be a number or latest");
    fromBlock = tag;
  }
  const confirmations = wholeNumber(v.confirmations, "confirmations", 0) ?? 0;
  const pollIntervalMs = wholeNumber(v["poll-interval"], "poll-interval", 10);
  const chainId = bigintValue(v["chain-id"], "chain-id");
  const { address, decoder, topics } = logArgs("watch", positionals, v.abi);
  const endpoint = resolveEndpoint(v.rpc!);
  maskInErrors((line) => redactIn(line, endpoint));
  const store = v.checkpoint !== undefined ? SqliteStore.open(v.checkpoint) : undefined;

  let watcher;
  let client: Client | undefined;
  try {
    client = await connectClient(v.rpc!, chainId);
    watcher = await watchLogs(client, {
      address,
      ...(topics !== undefined ? { topics } : {}),
      decoder,
      ...(fromBlock !== undefined ? { fromBlock } : {}),
      confirmations,
      ...(store !== undefined ? { store } : {}),
      ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
      onLog: (log) => {
        process.stdout.write(v.json ? logLine(log, { removed: true }) : logText(log));
      },
      onStatus: (s) => {
        if (s.kind === "disconnected") {
          const why = s.error instanceof AbibindError ? s.error.shortMessage : (s.error as Error).message;
          process.stderr.write(`abibind watch: connection lost (${redactIn(why.split("\n")[0]!, endpoint)}); reconnecting\n`);
        } else if (s.kind === "connected") process.stderr.write(`abibind watch: reconnected to ${endpoint.redacted}\n`);
        else if (s.kind === "reorg") process.stderr.write(`abibind watch: reorg after block ${s.forkBlock}, ${s.removed} log(s) removed\n`);
      },
    });
  } catch (e) {
    await client?.close();
    await store?.close();
    throw e;
  }
  const w = watcher;
  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= w.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  try {
    await w.done;
  } finally {
    process.off("SIGTERM", stop);
    process.off("SIGINT", stop);
    await client.close();
    await store?.close();
  }
  return 0;
}
