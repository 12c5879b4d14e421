// What a failed JSON-RPC call means for a log scan: the range was too large (halve it), the
// endpoint is rate limiting (wait, honouring Retry-After), or something transient (retry).
// Codes first (HTTP 429, -32029, -32005), then the text by src/errors/providerMessages.ts.
import { parseRetryAfter } from "../connect/backoff.ts";
import { classifyProviderMessage } from "../errors/providerMessages.ts";

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

export function classifyFailure(e: unknown): Failure {
  const { code, message, status, retryAfter } = rpcError(e);
  const full = e instanceof Error ? `${message} ${e.message}` : message;
  const retryAfterMs = parseRetryAfter(retryAfter);
  const m = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(full);
  const suggestedRange = m === null ? undefined : Number(BigInt(m[2]!) - BigInt(m[1]!) + 1n);
  const base = { code: status === 429 ? 429 : code, message, retryAfterMs, suggestedRange: suggestedRange !== undefined && suggestedRange > 0 ? suggestedRange : undefined };
  // The text decides only where no code does, by the one table of provider messages.
  const said = classifyProviderMessage(full);
  if (status === 429 || code === 429 || code === -32029 || said === "RATE_LIMITED") return { kind: "rate", ...base };
  if (said === "LOG_RANGE_TOO_LARGE") return { kind: "range", ...base };
  // -32005 is "limit exceeded": with no rate wording, it is the result-size limit (geth, Infura).
  if (code === -32005) return { kind: "range", ...base };
  return { kind: "other", ...base };
}
