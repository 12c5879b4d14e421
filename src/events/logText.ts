// The human-readable line of one log (abibind logs / watch without --json).
import { logJson } from "./logJson.ts";
import type { DecodedLog } from "./logDecoder.ts";

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(", ")}}`;
  return String(v);
}

export function logText(log: DecodedLog): string {
  const j = logJson(log);
  const where = `${log.removed === true ? "REMOVED " : ""}block ${j.blockNumber} log ${j.logIndex} tx ${j.transactionHash}`;
  if (j.event === null) return `${where} ${j.address} undecoded topics=[${(j.topics ?? []).join(", ")}] data=${j.data}\n`;
  const args = Object.entries(j.args ?? {}).map(([k, v]) => `${k}=${show(v)}`).join(", ");
  return `${where} ${j.address} ${j.event}(${args})\n`;
}
