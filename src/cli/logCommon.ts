// What logs and watch share: the address/event/ABI arguments, connecting within the CLI's budget,
// secrets masked in errors, and the human-readable line of a log.
import { AbibindError, type Client, type DecodedLog, type Endpoint, type LogDecoder, UsageError, connect, loadAbi, logJson, redactIn } from "abibind";
import { getAddress, isAddress } from "ethers";
import { RPC_OPTIONS } from "./common.ts";
import type { OptionTable } from "./options.ts";

export const LOG_OPTIONS = {
  abi: { type: "string", multiple: true, value: "FILE|DIR", description: "ABI files (.abi JSON arrays) or artifacts, or a directory of them", required: true },
  ...RPC_OPTIONS,
} as const satisfies OptionTable;

export interface LogArgs {
  readonly address: string;
  readonly decoder: LogDecoder;
  readonly topics: (string | string[] | null)[] | undefined;
}

/** <address> [event] and the ABIs that decode its logs. */
export function logArgs(command: string, positionals: readonly string[], abi: readonly string[]): LogArgs {
  const [address, event, ...extra] = positionals;
  if (address === undefined) throw new UsageError(`missing <address> (see abibind ${command} --help)`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!isAddress(address)) throw new UsageError(`"${address}" is not an address`);
  const decoder = loadAbi(abi).decoder;
  return { address: getAddress(address.toLowerCase()), decoder, topics: event === undefined ? undefined : decoder.topicsFor(event) };
}

/** A block number (decimal or 0x) or tag. */
export function blockTag(value: string, flag: string): number | "latest" | "safe" | "finalized" | "earliest" {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^0x[0-9a-f]+$/i.test(value)) return Number(BigInt(value));
  if (value === "latest" || value === "safe" || value === "finalized" || value === "earliest") return value;
  throw new UsageError(`${flag} "${value}" is not a block number (decimal or 0x) or one of earliest, latest, safe, finalized`);
}

/**
 * connect(), retried while the endpoint says it is rate limiting (429), within `budgetMs` overall
 * (so the command still fails within 15 s when it cannot connect).
 */
export async function connectClient(rpc: string, chainId: bigint | undefined, budgetMs = 12_000): Promise<Client> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const left = deadline - Date.now();
    try {
      return await connect(rpc, { timeoutMs: Math.max(1000, Math.min(10_000, left)), ...(chainId !== undefined ? { chainId } : {}) });
    } catch (e) {
      if (!(e instanceof AbibindError && e.code === "RATE_LIMITED") || deadline - Date.now() < 1500) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(", ")}}`;
  return String(v);
}

/** One log as a line of text (without --json). */
export function logText(log: DecodedLog): string {
  const j = logJson(log);
  const where = `${log.removed === true ? "REMOVED " : ""}block ${j.blockNumber} log ${j.logIndex} tx ${j.transactionHash}`;
  if (j.event === null) return `${where} ${j.address} undecoded topics=[${(j.topics ?? []).join(", ")}] data=${j.data}\n`;
  const args = Object.entries(j.args ?? {}).map(([k, v]) => `${k}=${show(v)}`).join(", ");
  return `${where} ${j.address} ${j.event}(${args})\n`;
}

/** One log as an NDJSON line (--json). */
export function logLine(log: DecodedLog, options: { removed?: boolean } = {}): string {
  return `${JSON.stringify(logJson(log, options))}\n`;
}
