// abibind logs <address> [event] --abi <file|dir> --rpc <endpoint> --from-block N [--to-block N|latest] [--json]
import { parse } from "./common.ts";
import { getAddress, isAddress } from "ethers";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { type Client, connect } from "../connect/connect.ts";
import { type Endpoint, redactIn, resolveEndpoint } from "../connect/resolveEndpoint.ts";
import { type BlockTag, scanLogs, type ScanProgress } from "../events/chunkedGetLogs.ts";
import { loadDecoder } from "../events/loadAbis.ts";
import { classifyFailure } from "../events/rpcErrors.ts";
import type { LogDecoder } from "../events/logDecoder.ts";
import { logLine } from "../events/logJson.ts";
import { logText } from "../events/logText.ts";

const HELP = `Usage: abibind logs <address> [event] --abi <file|dir> --rpc <endpoint> --from-block N [--to-block N|latest] [--json]

Prints the logs of a contract over a block range, decoded with its ABI, ordered by block and log
index. Fetches in chunks that adapt to the provider's limits, several at once, retrying each.
[event] is an event name or signature (e.g. Transfer or "Transfer(address,address,uint256)");
without it, every log of the address is printed, undecodable ones raw.

Options:
  --abi FILE|DIR       ABI files (.abi JSON arrays) or artifacts; repeatable
  --rpc ENDPOINT       http(s)://, ws(s):// or an IPC socket path (default: $ABIBIND_RPC)
  --chain-id N         the chain the endpoint must be on
  --from-block N       first block (a number, or latest/safe/finalized)
  --to-block N|latest  last block (default: latest)
  --json               one JSON object a line (NDJSON)
  --chunk N            first chunk size in blocks (default 2000)
  --concurrency N      requests in flight (default 4)
  --retries N          retries of one chunk before giving up (default 5)
  -h, --help           show this help`;

export interface CommonLogArgs {
  address: string;
  event: string | undefined;
  decoder: LogDecoder;
  rpc: string;
  json: boolean;
  topics: (string | string[] | null)[] | undefined;
}

export function blockTag(value: string, flag: string, verb: string): BlockTag {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^0x[0-9a-f]+$/i.test(value)) return Number(BigInt(value));
  if (value === "latest" || value === "safe" || value === "finalized" || value === "earliest") return value;
  throw new UsageError(`${verb}: ${flag} "${value}" is not a block number or latest`);
}

export function positiveInt(value: string | undefined, flag: string, verb: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${verb}: ${flag} "${value}" is not a whole number ≥ ${min}`);
  return Number(value);
}

/** The parts logs and watch share: address, event, ABIs, endpoint. */
export function commonArgs(verb: string, positionals: string[], values: { abi?: string[]; rpc?: string; json?: boolean }): CommonLogArgs {
  const [address, event, ...extra] = positionals;
  if (address === undefined) throw new UsageError(`${verb}: missing <address> (see abibind ${verb} --help)`);
  if (extra.length > 0) throw new UsageError(`${verb}: unexpected argument "${extra[0]}"`);
  if (!isAddress(address)) throw new UsageError(`${verb}: "${address}" is not an address`);
  if (values.abi === undefined || values.abi.length === 0) throw new UsageError(`${verb}: missing --abi <file|dir>`);
  const rpc = values.rpc ?? process.env.ABIBIND_RPC ?? "";
  if (rpc.trim() === "") throw new UsageError(`${verb}: missing --rpc <endpoint> (or set ABIBIND_RPC)`);
  const decoder = loadDecoder(values.abi, verb);
  let topics: (string | string[] | null)[] | undefined;
  if (event !== undefined) {
    try {
      topics = decoder.topicsFor(event);
    } catch (e) {
      throw new UsageError(`${verb}: ${(e as Error).message}`);
    }
  }
  return { address: getAddress(address.toLowerCase()), event, decoder, rpc, json: values.json === true, topics };
}

/** --chain-id N: the chain the endpoint must be on. */
export function chainIdOption(verb: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.trim())) throw new UsageError(`${verb}: --chain-id "${value}" is not a chain id`);
  return BigInt(value.trim());
}

/** An AbibindError with the endpoint's secrets masked (anything else passes through). */
export function redacted(e: unknown, endpoint: Endpoint | undefined): unknown {
  if (!(e instanceof AbibindError) || endpoint === undefined) return e;
  const msg = redactIn(e.shortMessage, endpoint);
  return msg === e.shortMessage ? e : new AbibindError(e.code, msg, { cause: e });
}

/**
 * connect(), retried while the endpoint says it is rate limiting (429), within `budgetMs` overall
 * (so a CLI still fails within 15 s when it cannot connect).
 */
export async function connectClient(rpc: string, budgetMs = 12_000, chainId?: bigint): Promise<Client> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const left = deadline - Date.now();
    try {
      return await connect(rpc, { timeoutMs: Math.max(1000, Math.min(10_000, left)), ...(chainId !== undefined ? { chainId } : {}) });
    } catch (e) {
      const rate = e instanceof AbibindError && (e.code === "RATE_LIMITED" || classifyFailure(e).kind === "rate" || / 429[: ]/.test(e.shortMessage));
      if (!rate || deadline - Date.now() < 1500) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** A one-line progress bar on stderr, only when stderr is a TTY. */
export class ProgressBar {
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
  /** Erases the bar (before any error line, and at the end). */
  clear(): void {
    if (this.#shown) process.stderr.write("\r\x1b[2K");
    this.#shown = false;
  }
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parse("logs", argv, {
    abi: { type: "string", multiple: true },
    rpc: { type: "string" },
    "chain-id": { type: "string" },
    "from-block": { type: "string" },
    "to-block": { type: "string" },
    json: { type: "boolean" },
    chunk: { type: "string" },
    concurrency: { type: "string" },
    retries: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const v = parsed.values;
  if (v.help === true) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const common = commonArgs("logs", parsed.positionals, v);
  if (v["from-block"] === undefined) throw new UsageError("logs: missing --from-block N");
  const fromBlock = blockTag(v["from-block"], "--from-block", "logs");
  const toBlock = blockTag(v["to-block"] ?? "latest", "--to-block", "logs");
  if (typeof fromBlock === "number" && typeof toBlock === "number" && toBlock < fromBlock) {
    throw new UsageError(`logs: --to-block ${toBlock} is before --from-block ${fromBlock}`);
  }
  const initialChunk = positiveInt(v.chunk, "--chunk", "logs");
  const concurrency = positiveInt(v.concurrency, "--concurrency", "logs");
  const retries = positiveInt(v.retries, "--retries", "logs", 0);

  const bar = new ProgressBar(!common.json);
  let endpoint: Endpoint | undefined;
  let client: Client | undefined;
  try {
    endpoint = resolveEndpoint(common.rpc);
    client = await connectClient(common.rpc, 12_000, chainIdOption("logs", v["chain-id"]));
    await scanLogs(
      client.provider,
      { address: common.address, ...(common.topics !== undefined ? { topics: common.topics } : {}), fromBlock, toBlock },
      (logs) => {
        if (logs.length === 0) return;
        const text = logs.map((l) => {
          const d = common.decoder.decode(l);
          return common.json ? logLine(d) : logText(d);
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
    throw redacted(e, endpoint);
  } finally {
    await client?.close();
  }
}
