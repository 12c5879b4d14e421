// Decodes raw logs with the events of any number of ABIs. A log no ABI decodes stays raw
// (event: null) rather than being dropped; same-topic events with different indexed layouts
// (ERC-20 vs ERC-721 Transfer) are each tried.
import { type EventFragment, Interface, type InterfaceAbi, Result } from "ethers";
import { decodeWord, fastKindOf } from "../abi/words.ts";
import { UsageError } from "../errors/AbibindError.ts";

/** A log as the node returns it, with numbers parsed. */
export interface RawLog {
  readonly address: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly transactionHash: string;
  readonly transactionIndex: number;
  readonly logIndex: number;
  readonly topics: readonly string[];
  readonly data: string;
  /** True for a log undone by a reorg (set by watch). */
  readonly removed?: boolean;
}

export interface DecodedLog extends RawLog {
  /** The event name, or null when no ABI decodes this log. */
  readonly event: string | null;
  /** The event signature, e.g. "Transfer(address,address,uint256)", or null. */
  readonly signature: string | null;
  readonly fragment: EventFragment | null;
  readonly args: Result | null;
}

interface Candidate {
  readonly iface: Interface;
  readonly fragment: EventFragment;
  /** For events of static scalar args only: [kind, from topic?] per input, decoded without ethers' coder. */
  readonly fast: readonly (readonly [string, boolean])[] | null;
  readonly names: readonly string[];
  readonly dataWords: number;
}

function fastPlan(fragment: EventFragment): Candidate["fast"] {
  const plan: [string, boolean][] = [];
  for (const p of fragment.inputs) {
    const kind = fastKindOf(p.type);
    if (kind === null) return null;
    plan.push([kind, p.indexed === true]);
  }
  return plan;
}

export class LogDecoder {
  readonly #byTopic = new Map<string, Candidate[]>();
  readonly #byName = new Map<string, Candidate[]>();

  constructor(abis: readonly (InterfaceAbi | Interface)[]) {
    for (const abi of abis) {
      const iface = abi instanceof Interface ? abi : Interface.from(abi);
      iface.forEachEvent((fragment) => {
        const fast = fastPlan(fragment);
        const c: Candidate = { iface, fragment, fast, names: fragment.inputs.map((p) => p.name), dataWords: fragment.inputs.filter((p) => p.indexed !== true).length };
        const sig = fragment.format("sighash");
        const known = this.#byName.get(sig);
        if (known?.some((k) => k.fragment.format("full") === fragment.format("full")) === true) return;
        for (const key of [fragment.name, sig]) this.#byName.set(key, [...(this.#byName.get(key) ?? []), c]);
        if (!fragment.anonymous) this.#byTopic.set(fragment.topicHash, [...(this.#byTopic.get(fragment.topicHash) ?? []), c]);
      });
    }
  }

  /** The event fragments for a name ("Transfer") or signature ("Transfer(address,address,uint256)"). */
  events(nameOrSignature: string): EventFragment[] {
    return (this.#byName.get(nameOrSignature.replace(/\s+/g, "")) ?? []).map((c) => c.fragment);
  }

  /**
   * The topics filter for one event, optionally with indexed argument values (by name or position;
   * null or absent = any). Throws UsageError for an unknown or ambiguous event.
   */
  topicsFor(nameOrSignature: string, args?: Record<string, unknown> | readonly unknown[]): (string | string[] | null)[] {
    const cands = this.#byName.get(nameOrSignature.replace(/\s+/g, "")) ?? [];
    const distinct = [...new Map(cands.map((c) => [c.fragment.topicHash, c])).values()];
    if (distinct.length === 0) throw new UsageError(`no ABI has an event "${nameOrSignature}"`);
    if (distinct.length > 1) {
      throw new UsageError(`event "${nameOrSignature}" is ambiguous (${distinct.map((c) => c.fragment.format("sighash")).join(", ")}); give its signature`);
    }
    const { iface, fragment } = distinct[0]!;
    if (fragment.anonymous) throw new UsageError(`event "${nameOrSignature}" is anonymous and cannot be filtered by topic`);
    // ethers takes one value per input, indexed or not (null for the non-indexed ones).
    let values: unknown[] = [];
    if (Array.isArray(args)) values = [...args];
    else if (args !== undefined) {
      const byName = args as Record<string, unknown>;
      for (const name of Object.keys(byName)) {
        if (!fragment.inputs.some((p) => p.indexed === true && p.name === name)) throw new UsageError(`event ${fragment.name} has no indexed parameter "${name}"`);
      }
      values = fragment.inputs.map((p) => (p.indexed === true ? (byName[p.name] ?? null) : null));
    }
    const topics = iface.encodeFilterTopics(fragment, values) as (string | string[] | null)[];
    while (topics.length > 1 && topics[topics.length - 1] === null) topics.pop();
    return topics;
  }

  decode(log: RawLog): DecodedLog {
    const topic0 = log.topics[0];
    for (const c of topic0 === undefined ? [] : (this.#byTopic.get(topic0.toLowerCase()) ?? [])) {
      if (c.fragment.inputs.filter((p) => p.indexed).length !== log.topics.length - 1) continue;
      const quick = c.fast === null ? null : decodeFast(c, log);
      if (quick !== null) return { ...log, event: c.fragment.name, signature: c.fragment.format("sighash"), fragment: c.fragment, args: quick };
      try {
        const args = c.iface.decodeEventLog(c.fragment, log.data, log.topics);
        return { ...log, event: c.fragment.name, signature: c.fragment.format("sighash"), fragment: c.fragment, args };
      } catch {
        // not this layout: try the next candidate, else keep it raw
      }
    }
    return { ...log, event: null, signature: null, fragment: null, args: null };
  }
}

/** Static scalar args straight from the topic and data words (ethers' coder is the slow part of a backfill). */
function decodeFast(c: Candidate, log: RawLog): Result | null {
  if (log.data.length !== 2 + 64 * c.dataWords) return null;
  const values: unknown[] = [];
  let topic = 1;
  let word = 0;
  for (const [kind, indexed] of c.fast!) {
    const w = indexed ? log.topics[topic++]!.slice(2) : log.data.slice(2 + 64 * word, 2 + 64 * ++word);
    if (w.length !== 64) return null;
    const v = decodeWord(kind, w.toLowerCase());
    if (v === undefined) return null;
    values.push(v);
  }
  return Result.fromItems(values, c.names as string[]);
}

/** Parses a log object from eth_getLogs / eth_subscribe into a RawLog. */
export function parseRawLog(v: unknown): RawLog {
  const o = v as Record<string, unknown>;
  const num = (x: unknown): number => (typeof x === "number" ? x : Number(BigInt(String(x))));
  return {
    address: String(o.address),
    blockNumber: num(o.blockNumber),
    blockHash: String(o.blockHash),
    transactionHash: String(o.transactionHash),
    transactionIndex: num(o.transactionIndex ?? 0),
    logIndex: num(o.logIndex),
    topics: (o.topics as string[]) ?? [],
    data: String(o.data ?? "0x"),
    ...(o.removed === true ? { removed: true } : {}),
  };
}

/** Orders by (blockNumber, logIndex) and keeps one log per (blockHash, logIndex). */
export function orderAndDedupe<T extends RawLog>(logs: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const l of [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)) {
    const k = `${l.blockHash.toLowerCase()}:${l.logIndex}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(l);
  }
  return out;
}
