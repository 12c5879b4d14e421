// The one table of provider messages that carry no usable code. Nodes and hosted providers
// answer the same situation with different texts (and -32000 for most of them), so abibind
// decides on the text in exactly one place: here. Callers branch on the kind, never on text.
// The README's "Errors" section lists this table.

export type ProviderMessageKind =
  /** eth_getLogs spanned too many blocks or returned too many logs: narrow the range. */
  | "LOG_RANGE_TOO_LARGE"
  /** The provider is throttling: wait (Retry-After when given) and retry. */
  | "RATE_LIMITED"
  /** The node already has this exact transaction (an earlier broadcast reached it). */
  | "TX_ALREADY_KNOWN"
  /** The nonce is already used (by this transaction mined, or by another one). */
  | "NONCE_TOO_LOW"
  /** A transaction with this nonce and a higher fee is already pending. */
  | "REPLACEMENT_UNDERPRICED";

export interface ProviderMessageRule {
  readonly kind: ProviderMessageKind;
  readonly pattern: RegExp;
  /** Where the text comes from, so a reader can tell why the rule exists. */
  readonly seenFrom: string;
}

export const PROVIDER_MESSAGES: readonly ProviderMessageRule[] = [
  // Throttling (first: "rate limit exceeded" must never read as a range error).
  { kind: "RATE_LIMITED", pattern: /rate.?limit/i, seenFrom: "most providers" },
  { kind: "RATE_LIMITED", pattern: /too many requests/i, seenFrom: "HTTP 429 bodies" },
  { kind: "RATE_LIMITED", pattern: /request rate|rate exceeded/i, seenFrom: "Infura, Alchemy" },
  { kind: "RATE_LIMITED", pattern: /daily request count/i, seenFrom: "Infura" },
  { kind: "RATE_LIMITED", pattern: /exceeded .*(quota|capacity|compute units|credits)/i, seenFrom: "Alchemy, QuickNode" },
  { kind: "RATE_LIMITED", pattern: /throughput/i, seenFrom: "Alchemy" },
  { kind: "RATE_LIMITED", pattern: /(quota|credits?) (exceeded|exhausted)/i, seenFrom: "various" },
  // Log ranges: geth, Infura, Alchemy, QuickNode, Ankr, Chainstack, BlastAPI, Cloudflare, Erigon,
  // Nethermind, Besu, publicnode, drpc.
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /query returned more than \d+ results/i, seenFrom: "Infura, geth-based providers" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /log response size exceeded/i, seenFrom: "Alchemy" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /response size (should not|is too|exceed)/i, seenFrom: "Ankr, BlastAPI" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /blocks? range/i, seenFrom: "QuickNode, Chainstack, Cloudflare" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /range (is )?too (large|wide|big)/i, seenFrom: "Nethermind, publicnode" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /limited to (a )?[\d,]+ ?(block )?range/i, seenFrom: "Alchemy (free tier)" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /max(imum)?[ -]?(block)?[ -]?range/i, seenFrom: "Besu, drpc" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /too many (blocks|results|logs)/i, seenFrom: "Erigon" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /returned too many/i, seenFrom: "various" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /more than [\d,]+ (blocks|logs|results)/i, seenFrom: "various" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /exceed(s|ed)? (the )?(max(imum)? )?(number of )?(logs|results|blocks)/i, seenFrom: "various" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /logs? (limit|count) exceeded/i, seenFrom: "various" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /range limit exceeded/i, seenFrom: "various" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /query timeout exceeded/i, seenFrom: "geth (--rpc.evmtimeout on getLogs)" },
  { kind: "LOG_RANGE_TOO_LARGE", pattern: /requested too many/i, seenFrom: "various" },
  // Broadcasts.
  { kind: "TX_ALREADY_KNOWN", pattern: /already known|already imported|known transaction|transaction already exists/i, seenFrom: "geth, Erigon, Nethermind, Besu, anvil" },
  { kind: "NONCE_TOO_LOW", pattern: /nonce too low|nonce has already been used|oldnonce/i, seenFrom: "geth, Nethermind, Besu, anvil" },
  { kind: "REPLACEMENT_UNDERPRICED", pattern: /underpriced/i, seenFrom: "geth (replacement transaction underpriced), Besu" },
];

/** The kind of a provider message, or null when the table does not know it. */
export function classifyProviderMessage(message: string): ProviderMessageKind | null {
  for (const rule of PROVIDER_MESSAGES) if (rule.pattern.test(message)) return rule.kind;
  return null;
}
