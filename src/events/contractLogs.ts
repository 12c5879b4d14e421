// Log history through a contract binding: logs.YearChanged({ fromBlock, toBlock, args }) — the
// event's topics from the ABI, indexed argument values as filters, fetched with chunkedGetLogs.
import { Interface, type InterfaceAbi } from "ethers";
import { type BlockTag, chunkedGetLogs, type ChunkedGetLogsOptions, type RpcSender } from "./chunkedGetLogs.ts";
import { type DecodedLog, LogDecoder } from "./logDecoder.ts";

export interface EventLogQuery {
  readonly fromBlock: BlockTag;
  /** Default: latest. */
  readonly toBlock?: BlockTag;
  /** Values of indexed parameters to match, by name or position (null or absent: any). */
  readonly args?: Record<string, unknown> | readonly unknown[];
}

export type EventLogFn = (query: EventLogQuery, options?: ChunkedGetLogsOptions) => Promise<DecodedLog[]>;

/** A binding-like contract: ethers' BaseContract (target + interface) or an address with an ABI. */
export interface LogSource {
  readonly target?: unknown;
  readonly address?: unknown;
  readonly interface: Interface;
}

/**
 * One function per event of the contract (by name; overloaded events also by signature), plus
 * `all`: every log of the address, decoded where the ABI can, raw otherwise.
 */
export function contractLogs(sender: RpcSender, contract: LogSource | { address: string; abi: InterfaceAbi }): Record<string, EventLogFn> & { all: EventLogFn } {
  const iface = "interface" in contract ? contract.interface : Interface.from(contract.abi);
  const address = String("target" in contract && typeof contract.target === "string" ? contract.target : contract.address);
  const decoder = new LogDecoder([iface]);
  const out: Record<string, EventLogFn> = {};
  const names = new Map<string, number>();
  iface.forEachEvent((f) => names.set(f.name, (names.get(f.name) ?? 0) + 1));
  iface.forEachEvent((f) => {
    const fn: EventLogFn = async (q, options) =>
      chunkedGetLogs(sender, { address, topics: decoder.topicsFor(f.format("sighash"), q.args), fromBlock: q.fromBlock, toBlock: q.toBlock ?? "latest" }, { ...options, decoder });
    out[f.format("sighash")] = fn;
    if (names.get(f.name) === 1) out[f.name] = fn;
  });
  const all: EventLogFn = (q, options) => chunkedGetLogs(sender, { address, fromBlock: q.fromBlock, toBlock: q.toBlock ?? "latest" }, { ...options, decoder });
  return Object.assign(out, { all });
}
