// What the service answers for each failure. The node being away is 503 (clients retry later), a
// revert found by simulation is 422 with the decoded error, and anything unexpected is a 500 whose
// details go to the log, not to the client.
import { isError } from "ethers";
import { AbibindError, ChainMismatchError, ContractRevertError, IdempotencyConflictError } from "abibind";
import { HttpError } from "./http.ts";

const NODE_CODES = new Set(["ENDPOINT_UNREACHABLE", "TIMEOUT", "RATE_LIMITED", "RPC_ERROR", "LOGS_INCOMPLETE", "ENDPOINT_INVALID"]);

/** The chain of causes of an error (ethers keeps the underlying one in `error` or `cause`). */
function* causes(e: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let cur = e; cur !== undefined && cur !== null && !seen.has(cur); ) {
    seen.add(cur);
    yield cur;
    const o = cur as { cause?: unknown; error?: unknown };
    cur = o.cause ?? (o.error instanceof Error ? o.error : undefined);
  }
}

/** A 503 when `e` means the node is unreachable or not answering properly, else null. */
export function nodeError(e: unknown, endpoint: string): HttpError | null {
  for (const c of causes(e)) {
    // The node answers, but for another chain: not a blip to wait out, the operator must act.
    if (c instanceof ChainMismatchError) return new HttpError(503, "CHAIN_MISMATCH", `${c.shortMessage} (check ABIBIND_RPC and ABIBIND_CHAIN_ID)`, { "retry-after": "30" });
    if (c instanceof AbibindError && NODE_CODES.has(c.code)) {
      return new HttpError(503, "NODE_UNAVAILABLE", `the Ethereum node (${endpoint}) is unavailable: ${c.shortMessage}`, { "retry-after": "1" });
    }
    if (isError(c, "NETWORK_ERROR") || isError(c, "SERVER_ERROR") || isError(c, "TIMEOUT")) {
      return new HttpError(503, "NODE_UNAVAILABLE", `the Ethereum node (${endpoint}) is unavailable: ${(c as Error & { shortMessage?: string }).shortMessage ?? "no answer"}`, { "retry-after": "1" });
    }
  }
  return null;
}

/** The key the client sent, from a journal key (`calldemo.setYear:<key>`). */
export function clientKey(journalKey: string): string {
  const i = journalKey.indexOf(":");
  return i === -1 ? journalKey : journalKey.slice(i + 1);
}

/** Any failure as the answer to send; `internal` is true when the details belong in the log only. */
export function toHttpError(e: unknown, endpoint: string): { error: HttpError; internal: boolean } {
  if (e instanceof HttpError) return { error: e, internal: false };
  if (e instanceof ContractRevertError) return { error: new HttpError(422, "CONTRACT_REVERT", e.shortMessage), internal: false };
  if (e instanceof AbibindError) {
    switch (e.code) {
      case "IDEMPOTENCY_CONFLICT": {
        // The journal's key is internal (calldemo.setYear:<key>): name the key the client sent.
        const key = e instanceof IdempotencyConflictError ? clientKey(e.key) : undefined;
        const what = key === undefined ? "this Idempotency-Key" : `Idempotency-Key "${key}"`;
        return { error: new HttpError(422, "IDEMPOTENCY_CONFLICT", `${what} was already used with another body: a repeated key must come with the same body`), internal: false };
      }
      case "NO_SIGNER":
        return { error: new HttpError(503, "NO_SIGNER", e.shortMessage), internal: false };
      case "NO_CONTRACT":
        return { error: new HttpError(503, "NO_CONTRACT", `${e.shortMessage} (check ABIBIND_ADDRESS)`), internal: false };
      case "JOURNAL":
        return { error: new HttpError(503, "JOURNAL", e.shortMessage), internal: true };
    }
  }
  const node = nodeError(e, endpoint);
  if (node !== null) return { error: node, internal: false };
  return { error: new HttpError(500, "INTERNAL", "internal error (see the service log)"), internal: true };
}
