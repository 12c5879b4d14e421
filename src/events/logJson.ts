// The NDJSON shape of one log (abibind logs --json, abibind watch --json): numbers as JSON
// numbers, integers inside args as decimal strings, addresses checksummed, args keyed by
// parameter name (arg0, arg1… when unnamed), raw topics and data for a log no ABI decodes.
import { getAddress, Indexed, type ParamType, type Result } from "ethers";
import type { DecodedLog } from "./logDecoder.ts";

export interface LogJson {
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
  blockHash: string;
  address: string;
  event: string | null;
  signature: string | null;
  args: Record<string, unknown> | null;
  topics?: string[];
  data?: string;
  removed?: boolean;
}

/** One ABI value as JSON: bigint → decimal string, address → checksummed, tuple → object, array → array. */
export function valueJson(type: ParamType, value: unknown): unknown {
  if (value instanceof Indexed) return value.hash;
  if (type.isTuple()) {
    const comps = type.components;
    const vals = value as Result;
    return keyed(comps, (i) => vals[i]);
  }
  if (type.isArray()) return (value as unknown[]).map((v) => valueJson(type.arrayChildren, v));
  if (typeof value === "bigint") return value.toString();
  if (type.baseType === "address" && typeof value === "string") return getAddress(value);
  return value;
}

function keyed(params: readonly ParamType[], at: (i: number) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  params.forEach((p, i) => {
    const name = p.name !== "" && !(p.name in out) ? p.name : `arg${i}`;
    out[name] = valueJson(p, at(i));
  });
  return out;
}

export function logJson(log: DecodedLog, options: { removed?: boolean } = {}): LogJson {
  const j: LogJson = {
    blockNumber: log.blockNumber,
    logIndex: log.logIndex,
    transactionHash: log.transactionHash,
    blockHash: log.blockHash,
    address: getAddress(log.address),
    event: log.event,
    signature: log.signature,
    args: log.fragment !== null && log.args !== null ? keyed(log.fragment.inputs, (i) => log.args![i]) : null,
  };
  if (log.event === null) {
    j.topics = [...log.topics];
    j.data = log.data;
  }
  if (options.removed === true) j.removed = log.removed === true;
  return j;
}

/** One NDJSON line (with its newline). */
export function logLine(log: DecodedLog, options: { removed?: boolean } = {}): string {
  return `${JSON.stringify(logJson(log, options))}\n`;
}
