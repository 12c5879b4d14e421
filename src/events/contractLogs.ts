// Log history through a contract binding: logs.YearChanged({ fromBlock, toBlock, args }) — the
// event's topics from the ABI, indexed argument values as filters, fetched with chunkedGetLogs.
import { Interface, type InterfaceAbi } from "ethers";
import { type BlockTag, chunkedGetLogs, type ChunkedGetLogsOptions, type RpcSender } from "./chunkedGetLogs.ts";
import { LogDecodeError } from "../errors/LogDecodeError.ts";
import { type DecodedLog, LogDecoder } from "./logDecoder.ts";

export interface EventLogQuery {
  readonly fromBlock: BlockTag;
  /** Default: latest. */
  readonly toBlock?: BlockTag;
  /**
   * Values of indexed parameters to match (null or absent: any): by name, or by position over all
   * the event's inputs (null at non-indexed ones), as ethers' filters take them.
   */
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
    const signature = f.format("sighash");
    const fn: EventLogFn = async (q, options) => {
      const logs = await chunkedGetLogs(sender, { address, topics: decoder.topicsFor(signature, q.args), fromBlock: q.fromBlock, toBlock: q.toBlock ?? "latest" }, { ...options, decoder });
      // A typed query promises args: a log of this topic that does not decode is an error, not a null.
      const bad = logs.find((l) => l.args === null);
      if (bad !== undefined) throw new LogDecodeError(bad, signature);
      return logs;
    };
    out[signature] = fn;
    if (names.get(f.name) === 1) out[f.name] = fn;
  });
  const all: EventLogFn = (q, options) => chunkedGetLogs(sender, { address, fromBlock: q.fromBlock, toBlock: q.toBlock ?? "latest" }, { ...options, decoder });
  return Object.assign(out, { all });
}
