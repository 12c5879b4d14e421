// abibind watch <address> [event] --abi ... --rpc ... [--from-block N] [--checkpoint FILE] [--confirmations N] [--json]
import { parse } from "./common.ts";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { redactIn, resolveEndpoint } from "../connect/resolveEndpoint.ts";
import { logLine } from "../events/logJson.ts";
import { logText } from "../events/logText.ts";
import { watchLogs } from "../events/watch.ts";
import { SqliteStore } from "../store/SqliteStore.ts";
import { blockTag, chainIdOption, commonArgs, positiveInt, redacted } from "./logs.ts";

const HELP = `Usage: abibind watch <address> [event] --abi <file|dir> --rpc <endpoint> [--from-block N] [--checkpoint FILE] [--confirmations N] [--json]

Prints a contract's logs as they happen, decoded with its ABI. Follows new blocks by eth_subscribe
over WebSocket/IPC and by polling eth_getLogs over HTTP; after a lost connection it reconnects
forever and fills the gap. Each log is printed once; a log undone by a reorg is printed again
with removed: true. Stop with SIGINT/SIGTERM: the checkpoint is committed and it exits 0.

Options:
  --abi FILE|DIR        ABI files (.abi JSON arrays) or artifacts; repeatable
  --rpc ENDPOINT        http(s)://, ws(s):// or an IPC socket path (default: $ABIBIND_RPC)
  --chain-id N          the chain the endpoint must be on
  --from-block N        first block when there is no checkpoint (default: the latest block)
  --checkpoint FILE     SQLite database to resume from and commit progress to
  --confirmations N     print a block's logs once N blocks are on top of it (default 0)
  --json                one JSON object a line (NDJSON), with "removed"
  --poll-interval MS    polling interval over HTTP (default 1000)
  -h, --help            show this help`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parse("watch", argv, {
    abi: { type: "string", multiple: true },
    rpc: { type: "string" },
    "chain-id": { type: "string" },
    "from-block": { type: "string" },
    checkpoint: { type: "string" },
    confirmations: { type: "string" },
    "poll-interval": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  const v = parsed.values;
  if (v.help === true) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const common = commonArgs("watch", parsed.positionals, v);
  let fromBlock: number | undefined;
  if (v["from-block"] !== undefined && v["from-block"] !== "latest") {
    const tag = blockTag(v["from-block"], "--from-block", "watch");
    if (typeof tag !== "number") throw new UsageError(`watch: --from-block must be a number or latest`);
    fromBlock = tag;
  }
  const confirmations = positiveInt(v.confirmations, "--confirmations", "watch", 0) ?? 0;
  const pollIntervalMs = positiveInt(v["poll-interval"], "--poll-interval", "watch", 10);
  const endpoint = resolveEndpoint(common.rpc);
  const store = v.checkpoint !== undefined ? SqliteStore.open(v.checkpoint) : undefined;

  let watcher;
  try {
    const chainId = chainIdOption("watch", v["chain-id"]);
    watcher = await watchLogs({
      endpoint: common.rpc,
      ...(chainId !== undefined ? { chainId } : {}),
      address: common.address,
      ...(common.topics !== undefined ? { topics: common.topics } : {}),
      decoder: common.decoder,
      ...(fromBlock !== undefined ? { fromBlock } : {}),
      confirmations,
      ...(store !== undefined ? { store } : {}),
      ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
      onLog: (log) => {
        process.stdout.write(common.json ? logLine(log, { removed: true }) : logText(log));
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
    await store?.close();
    throw redacted(e, endpoint);
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
    await store?.close();
  }
  return 0;
}
