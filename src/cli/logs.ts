// abibind logs: scanLogs over a block range, each log printed as it arrives (in order).
import { type Client, type ScanProgress, UsageError, redactIn, resolveEndpoint, scanLogs } from "abibind";
import { type CommandSpec, bigintValue, helpText, noMore, parseCommand, wholeNumber } from "./options.ts";
import { LOG_OPTIONS, blockTag, connectClient, logArgs, logLine, logText } from "./logCommon.ts";
import { maskInErrors } from "./reportError.ts";

export const spec = {
  name: "logs",
  usage: ["<address> [event] --abi FILE|DIR --rpc ENDPOINT --from-block N [options]"],
  description: `Prints the logs of a contract over a block range, decoded with its ABI, ordered by block and log
index. Fetches in chunks that adapt to the provider's limits, several at once, retrying each.
[event] is an event name or signature (e.g. Transfer or "Transfer(address,address,uint256)");
without it, every log of the address is printed, undecodable ones raw.`,
  options: {
    ...LOG_OPTIONS,
    "from-block": { type: "string", value: "BLOCK", description: "first block: a number (decimal or 0x), or earliest, latest, safe, finalized", required: true },
    "to-block": { type: "string", value: "BLOCK", description: "last block: a number (decimal or 0x), or earliest, latest, safe, finalized", default: "latest" },
    json: { type: "boolean", description: "one JSON object a line (NDJSON)" },
    chunk: { type: "string", value: "N", description: "first chunk size in blocks", default: "2000" },
    concurrency: { type: "string", value: "N", description: "requests in flight", default: "4" },
    retries: { type: "string", value: "N", description: "retries of one chunk before giving up", default: "5" },
  },
} as const satisfies CommandSpec;

/** A one-line progress bar on stderr, only when stderr is a TTY. */
class ProgressBar {
  readonly #on: boolean;
  #shown = false;
  #last = 0;
  constructor(enabled: boolean) {
    this.#on = enabled && process.stderr.isTTY === true;
  }
  update(p: ScanProgress): void {
    if (!this.#on || (Date.now() - this.#last < 100 && p.doneBlocks < p.totalBlocks)) return;
    this.#last = Date.now();
    const width = 30;
    const frac = p.totalBlocks === 0 ? 1 : p.doneBlocks / p.totalBlocks;
    const full = Math.round(frac * width);
    process.stderr.write(`\r\x1b[2K[${"#".repeat(full)}${".".repeat(width - full)}] ${Math.floor(frac * 100)}% blocks ${p.fromBlock + p.doneBlocks - 1}/${p.toBlock}, ${p.logs} logs`);
    this.#shown = true;
  }
  /** Erases the bar (before any output or error line, and at the end). */
  clear(): void {
    if (this.#shown) process.stderr.write("\r\x1b[2K");
    this.#shown = false;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals, help } = parseCommand(spec, argv);
  if (help) {
    process.stdout.write(`${helpText(spec)}\n`);
    return 0;
  }
  const [address, event, ...extra] = positionals;
  noMore(extra);
  const fromBlock = blockTag(v["from-block"]!, "--from-block");
  const toBlock = blockTag(v["to-block"]!, "--to-block");
  if (typeof fromBlock === "number" && typeof toBlock === "number" && toBlock < fromBlock) {
    throw new UsageError(`--to-block ${toBlock} is before --from-block ${fromBlock}`);
  }
  const initialChunk = wholeNumber(v.chunk, "chunk", 1);
  const concurrency = wholeNumber(v.concurrency, "concurrency", 1);
  const retries = wholeNumber(v.retries, "retries", 0);
  const chainId = bigintValue(v["chain-id"], "chain-id");
  const { decoder, topics, address: checksummed } = logArgs("logs", [address, event].filter((x) => x !== undefined), v.abi);

  const bar = new ProgressBar(!v.json);
  let client: Client | undefined;
  try {
    const ep = resolveEndpoint(v.rpc!);
    maskInErrors((line) => redactIn(line, ep));
    client = await connectClient(v.rpc!, chainId);
    await scanLogs(
      client.provider,
      { address: checksummed, ...(topics !== undefined ? { topics } : {}), fromBlock, toBlock },
      (logs) => {
        if (logs.length === 0) return;
        const text = logs.map((l) => {
          const d = decoder.decode(l);
          return v.json ? logLine(d) : logText(d);
        });
        bar.clear();
        process.stdout.write(text.join(""));
      },
      { onProgress: (p) => bar.update(p), ...(initialChunk !== undefined ? { initialChunk } : {}), ...(concurrency !== undefined ? { concurrency } : {}), ...(retries !== undefined ? { retries } : {}) },
    );
    bar.clear();
    return 0;
  } catch (e) {
    bar.clear();
    throw e;
  } finally {
    await client?.close();
  }
}
