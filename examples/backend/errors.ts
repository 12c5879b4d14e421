// What the service answers for each failure. The node being away is 503 (clients retry later), a
// revert found by simulation is 422 with the decoded error, and anything unexpected is a 500 whose
// details go to the log, not to the client.
import { isError } from "ethers";
import { AbibindError, ContractRevertError } from "abibind";
import { HttpError } from "./http.ts";

const NODE_CODES = new Set(["ENDPOINT_UNREACHABLE", "TIMEOUT", "RATE_LIMITED", "RPC_ERROR", "CHAIN_MISMATCH", "LOGS_INCOMPLETE", "ENDPOINT_INVALID"]);

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
    if (c instanceof AbibindError && NODE_CODES.has(c.code)) {
      const why = c.code === "CHAIN_MISMATCH" ? c.shortMessage : `the Ethereum node (${endpoint}) is unavailable: ${c.shortMessage}`;
      return new HttpError(503, "NODE_UNAVAILABLE", why, { "retry-after": "1" });
    }
    if (isError(c, "NETWORK_ERROR") || isError(c, "SERVER_ERROR") || isError(c, "TIMEOUT")) {
      return new HttpError(503, "NODE_UNAVAILABLE", `the Ethereum node (${endpoint}) is unavailable: ${(c as Error & { shortMessage?: string }).shortMessage ?? "no answer"}`, { "retry-after": "1" });
    }
  }
  return null;
}

/** Any failure as the answer to send; `internal` is true when the details belong in the log only. */
export function toHttpError(e: unknown, endpoint: string): { error: HttpError; internal: boolean } {
  if (e instanceof HttpError) return { error: e, internal: false };
  if (e instanceof ContractRevertError) return { error: new HttpError(422, "CONTRACT_REVERT", e.shortMessage), internal: false };
  if (e instanceof AbibindError) {
    switch (e.code) {
      case "IDEMPOTENCY_CONFLICT":
        return { error: new HttpError(422, "IDEMPOTENCY_CONFLICT", `${e.shortMessage}: a repeated Idempotency-Key must come with the same body`), internal: false };
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
