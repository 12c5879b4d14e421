// What a failed JSON-RPC call means for a log scan: the range was too large (halve it), the
// endpoint is rate limiting (wait, honouring Retry-After), or something transient (retry).
// Recognises the real messages of common providers and the JSON-RPC -32005 family.

export type FailureKind = "range" | "rate" | "other";

export interface Failure {
  readonly kind: FailureKind;
  /** The JSON-RPC error code or HTTP status, when known. */
  readonly code: number | string | undefined;
  readonly message: string;
  /** How long the endpoint asked us to wait, in ms (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
  /** A block count the provider suggested (e.g. Infura's "Try with this block range [0x…, 0x…]"). */
  readonly suggestedRange: number | undefined;
}

// Messages of geth, Infura, Alchemy, QuickNode, Ankr, Chainstack, BlastAPI, Cloudflare, Erigon,
// Nethermind, Besu, publicnode, drpc… for a getLogs that spans too many blocks or returns too many logs.
const RANGE_PATTERNS: readonly RegExp[] = [
  /query returned more than \d+ results/i,
  /log response size exceeded/i,
  /response size (should not|is too|exceed)/i,
  /block range/i,
  /blocks? range/i,
  /range (is )?too (large|wide|big)/i,
  /limited to (a )?[\d,]+ ?(block )?range/i,
  /max(imum)?[ -]?(block)?[ -]?range/i,
  /too many (blocks|results|logs)/i,
  /returned too many/i,
  /more than [\d,]+ (blocks|logs|results)/i,
  /exceed(s|ed)? (the )?(max(imum)? )?(number of )?(logs|results|blocks)/i,
  /logs? (limit|count) exceeded/i,
  /range limit exceeded/i,
  /query timeout exceeded/i,
  /requested too many/i,
];

const RATE_PATTERNS: readonly RegExp[] = [
  /rate.?limit/i,
  /too many requests/i,
  /request rate/i,
  /rate exceeded/i,
  /daily request count/i,
  /exceeded .*(quota|capacity|compute units|credits)/i,
  /throughput/i,
  /(quota|credits?) (exceeded|exhausted)/i,
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;

/** The first JSON-RPC style {code, message} found in an error and its causes (ethers nests them). */
function rpcError(e: unknown): { code: number | string | undefined; message: string; status: number | undefined; retryAfter: string | undefined } {
  let code: number | string | undefined;
  let message = "";
  let status: number | undefined;
  let retryAfter: string | undefined;
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (!isObj(v) || seen.has(v) || depth > 6) return;
    seen.add(v);
    if (typeof v.code === "number" && code === undefined) code = v.code;
    if (typeof v.statusCode === "number" && status === undefined) status = v.statusCode;
    if (typeof v.status === "number" && status === undefined) status = v.status;
    const headers = v.headers;
    if (isObj(headers) && retryAfter === undefined) {
      const h = headers["retry-after"] ?? headers["Retry-After"];
      if (typeof h === "string") retryAfter = h;
    }
    if (typeof v.retryAfter === "string" || typeof v.retryAfter === "number") retryAfter ??= String(v.retryAfter);
    if (typeof v.message === "string" && typeof v.code === "number" && message === "") message = v.message;
    for (const k of ["error", "info", "cause", "response", "data"]) visit(v[k], depth + 1);
  };
  visit(e, 0);
  if (message === "") message = e instanceof Error ? e.message : String(e);
  if (code === undefined && isObj(e) && typeof e.code === "string") code = e.code;
  return { code, message, status, retryAfter };
}

/** Retry-After as ms: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function classifyFailure(e: unknown): Failure {
  const { code, message, status, retryAfter } = rpcError(e);
  const full = e instanceof Error ? `${message} ${e.message}` : message;
  const retryAfterMs = parseRetryAfter(retryAfter);
  const m = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(full);
  const suggestedRange = m === null ? undefined : Number(BigInt(m[2]!) - BigInt(m[1]!) + 1n);
  const base = { code: status === 429 ? 429 : code, message, retryAfterMs, suggestedRange: suggestedRange !== undefined && suggestedRange > 0 ? suggestedRange : undefined };
  if (status === 429 || code === 429 || code === -32029 || RATE_PATTERNS.some((p) => p.test(full))) return { kind: "rate", ...base };
  if (RANGE_PATTERNS.some((p) => p.test(full))) return { kind: "range", ...base };
  // -32005 is "limit exceeded": with no rate wording, it is the result-size limit (geth, Infura).
  if (code === -32005) return { kind: "range", ...base };
  return { kind: "other", ...base };
}
