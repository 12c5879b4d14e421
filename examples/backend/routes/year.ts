// GET and POST /calldemo/year. The read goes through the generated binding on the client's
// provider, so concurrent GETs fold into one Multicall3 call. The write is simulated first (a
// revert such as InvalidYear is a 422 and nothing is sent), then sent through durableSend: the
// Idempotency-Key is the journal key, so a retried request — after a restart, or against another
// replica sharing the PostgreSQL journal — finds the first transaction instead of signing another.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { CallDemo__factory } from "../../../generated/index.js";
import { durableSend, IdempotencyKeyInFlightError, isAbibindError, JOURNAL_TABLE, type JournalEntry, simulate, storeNonceAllocator } from "abibind";
import type { BackendContext, SetYearResult } from "../context.ts";
import { HttpError, readJson } from "../http.ts";

export async function getYear(ctx: BackendContext): Promise<{ year: string }> {
  const client = await ctx.chain.client();
  const year = await CallDemo__factory.connect(ctx.config.address, client.provider).year();
  return { year: year.toString() };
}

const UINT256_MAX = 2n ** 256n - 1n;

/** The year of a POST body {"year":"<decimal>"}; anything else is a 400 that says what is wrong. */
export function parseYearBody(body: unknown): bigint {
  const example = 'send {"year":"2020"}';
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "INVALID_BODY", `the body must be a JSON object: ${example}`);
  const extra = Object.keys(body).filter((k) => k !== "year");
  if (extra.length > 0) throw new HttpError(400, "INVALID_BODY", `unknown field ${JSON.stringify(extra[0])}: ${example}`);
  const y = (body as { year?: unknown }).year;
  if (y === undefined) throw new HttpError(400, "INVALID_BODY", `missing field "year": ${example}`);
  // A string, not a JSON number: uint256 values do not survive JSON numbers (doubles).
  if (typeof y !== "string" || !/^[0-9]{1,78}$/.test(y)) throw new HttpError(400, "INVALID_BODY", `"year" must be a non-negative decimal integer in a string: ${example}`);
  const v = BigInt(y);
  if (v > UINT256_MAX) throw new HttpError(400, "INVALID_BODY", '"year" does not fit in a uint256');
  return v;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

export function parseIdempotencyKey(req: IncomingMessage): string | undefined {
  const raw = req.headers["idempotency-key"];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw) || !KEY.test(raw)) throw new HttpError(400, "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 200 visible ASCII characters, given once");
  return raw;
}

export async function postYear(ctx: BackendContext, req: IncomingMessage): Promise<SetYearResult> {
  const year = parseYearBody(await readJson(req));
  const idem = parseIdempotencyKey(req);
  if (ctx.signer === null) {
    throw new HttpError(503, "NO_SIGNER", "this service has no signer: the operator must set ABIBIND_KEY_FILE, or ABIBIND_KEYSTORE and ABIBIND_PASSWORD_FILE, to accept POST /calldemo/year");
  }
  // Without a key every request is its own intent, journaled all the same.
  const journalKey = `calldemo.setYear:${idem ?? randomUUID()}`;
  const joined = ctx.inflight.get(journalKey);
  if (joined !== undefined) {
    if (joined.year !== year) throw new HttpError(422, "IDEMPOTENCY_CONFLICT", `Idempotency-Key "${idem}" was already used with another body: a repeated key must come with the same body`);
    return joined.result;
  }
  const result = send(ctx, journalKey, year);
  ctx.inflight.set(journalKey, { year, result });
  try {
    return await result;
  } finally {
    ctx.inflight.delete(journalKey);
  }
}

async function send(ctx: BackendContext, journalKey: string, year: bigint): Promise<SetYearResult> {
  const client = await ctx.chain.client();
  const signer = ctx.signer!.connect(client.provider);
  const address = ctx.config.address;
  const tx = { to: address, data: CallDemo__factory.createInterface().encodeFunctionData("setYear", [year]) };
  // A key seen before is settled from the journal, whatever the chain says now; a new one is simulated first.
  if ((await ctx.store.get<JournalEntry>(JOURNAL_TABLE, journalKey)) === undefined) {
    await simulate(signer, tx, { contractName: "CallDemo", address, function: "setYear", args: [year] }, ctx.errors);
  }
  const deadline = Date.now() + ctx.config.txTimeoutMs;
  for (;;) {
    try {
      const { receipt } = await durableSend(signer, ctx.store, journalKey, tx, {
        timeoutMs: Math.max(1, deadline - Date.now()),
        allocateNonce: storeNonceAllocator(client.provider),
      });
      return { transactionHash: receipt.hash, blockNumber: String(receipt.blockNumber), status: String(receipt.status ?? 0), year: year.toString() };
    } catch (e) {
      // Another replica holds the key and has not signed yet: wait for it, then settle its transaction.
      if (e instanceof IdempotencyKeyInFlightError && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        continue;
      }
      if (isAbibindError(e, "TIMEOUT")) {
        const entry = await ctx.store.get<JournalEntry>(JOURNAL_TABLE, journalKey).catch(() => undefined);
        if (entry !== undefined && (entry.value.state === "pending" || entry.value.state === "signed")) {
          throw new HttpError(504, "TX_PENDING", `the transaction ${entry.value.signed.at(-1)?.hash ?? ""} is sent but not mined yet; retry with the same Idempotency-Key for its outcome`);
        }
      }
      throw e;
    }
  }
}
