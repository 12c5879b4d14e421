// Sends that never repeat. The signed transaction is committed to the journal before it is
// broadcast; a retry with the same idempotency key (after a crash at any point, or a timeout)
// rebroadcasts or finds that transaction instead of signing a new one. A timeout means "outcome
// unknown", resolved by the journal on the next run, never by guessing.
import { type Provider, type Signer, Transaction, type TransactionReceipt, type TransactionRequest, getAddress, isError, keccak256, toUtf8Bytes } from "ethers";
import { AbibindError } from "../errors/AbibindError.ts";
import { classifyProviderMessage } from "../errors/providerMessages.ts";
import type { Store, StoredRecord, StoreTx } from "../store/Store.ts";
import { JournalError, NoSignerError } from "../errors/commonErrors.ts";
import { TimeoutError } from "../errors/commonErrors.ts";

export const JOURNAL_TABLE = "tx_journal";

export type JournalState = "reserved" | "signed" | "pending" | "mined" | "failed" | "replaced" | "dropped";

export interface JournalEntry {
  readonly key: string;
  /** Fingerprint of what was asked (chain, from, to, data, value): the same key must mean the same intent. */
  readonly intent: string;
  readonly state: JournalState;
  readonly from: string;
  readonly chainId: string;
  readonly nonce?: number;
  /** Every signed version, oldest first (more than one after a fee replacement). */
  readonly signed: readonly { readonly hash: string; readonly raw: string }[];
  readonly reservedAt: number;
  /** The process that reserved the key (random per process): lets it reclaim a reservation it could not free. */
  readonly owner?: string;
  readonly receipt?: { readonly hash: string; readonly blockNumber: number; readonly status: number; readonly gasUsed: string };
}

export class IdempotencyConflictError extends AbibindError {
  override name = "IdempotencyConflictError";
  /** The journal key, as given to durableSend. */
  readonly key: string;
  constructor(key: string) {
    super("IDEMPOTENCY_CONFLICT", `idempotency key "${key}" was already used for a different transaction`);
    this.key = key;
  }
}

/** The key is held by a send still before signing (in this or another process): retry shortly. */
export class IdempotencyKeyInFlightError extends JournalError {
  override name = "IdempotencyKeyInFlightError";
  readonly key: string;
  constructor(key: string, reservedAgoMs: number) {
    super(`idempotency key "${key}" is being sent by another process (reserved ${Math.round(reservedAgoMs / 1000)} s ago)`);
    this.key = key;
  }
}

export interface DurableSendOptions {
  readonly confirmations?: number;
  /** How long to wait for the receipt (ms); past it the outcome is unknown (the journal keeps it pending). */
  readonly timeoutMs?: number;
  /** A reservation older than this (ms) belongs to a process that died before signing. Default 60 s. */
  readonly staleReservationMs?: number;
  /**
   * Takes the nonce from a shared source (several processes under one key): called inside the store
   * transaction that journals the signed transaction, so taking the nonce, signing and journaling
   * commit together or not at all. Default: the node's pending count (one process per key).
   */
  readonly allocateNonce?: (t: StoreTx, from: string, chainId: bigint) => Promise<number>;
}

export interface DurableSendResult {
  readonly entry: JournalEntry;
  readonly receipt: TransactionReceipt;
  /** False when an earlier run had already sent (or finished) this intent. */
  readonly sentNow: boolean;
}

function intentOf(chainId: bigint, from: string, tx: TransactionRequest): string {
  const value = tx.value === undefined || tx.value === null ? "0" : BigInt(tx.value).toString();
  const to = typeof tx.to === "string" ? tx.to.toLowerCase() : String(tx.to ?? "");
  return keccak256(toUtf8Bytes(JSON.stringify([chainId.toString(), from.toLowerCase(), to, String(tx.data ?? "0x").toLowerCase(), value])));
}

// A reservation names its process. When the store fails between reserving a key and freeing it
// (the database restarting), the entry stays "reserved": another process must wait out
// staleReservationMs, but this process knows whether it is still sending that key, and if not,
// takes it over at once.
const PROCESS_OWNER = globalThis.crypto.randomUUID();
/** Keys this process is sending now, whatever the store (two Store objects may share a database). */
const sendingNow = new Set<string>();

/** Sends `tx` once per idempotency key, durably. The signer must sign locally (a Wallet, a keystore). */
export async function durableSend(signer: Signer, store: Store, key: string, tx: TransactionRequest, options: DurableSendOptions = {}): Promise<DurableSendResult> {
  // Another call of this process is sending the key: its reservation is live.
  const soleSender = !sendingNow.has(key);
  if (soleSender) sendingNow.add(key);
  try {
    return await sendOnce(signer, store, key, tx, options, soleSender);
  } finally {
    if (soleSender) sendingNow.delete(key);
  }
}

async function sendOnce(signer: Signer, store: Store, key: string, tx: TransactionRequest, options: DurableSendOptions, soleSender: boolean): Promise<DurableSendResult> {
  const provider = signer.provider;
  if (provider === null) throw new NoSignerError("the signer has no provider");
  const from = getAddress(await signer.getAddress());
  const { chainId } = await provider.getNetwork();
  const intent = intentOf(chainId, from, tx);
  const stale = options.staleReservationMs ?? 60_000;

  // 1. Reserve the key, or take over the entry an earlier run left.
  const existing = await store.transaction(async (t) => {
    const cur = (await t.get<JournalEntry>(JOURNAL_TABLE, key)) as StoredRecord<JournalEntry> | undefined;
    if (cur !== undefined) {
      if (cur.value.intent !== intent) throw new IdempotencyConflictError(key);
      const ours = soleSender && cur.value.owner === PROCESS_OWNER;
      const abandoned = cur.value.state === "reserved" && (ours || Date.now() - cur.value.reservedAt > stale);
      if (!abandoned) return cur.value;
    }
    const entry: JournalEntry = { key, intent, state: "reserved", from, chainId: chainId.toString(), signed: [], reservedAt: Date.now(), owner: PROCESS_OWNER };
    await t.put(JOURNAL_TABLE, key, entry);
    return null;
  });
  if (existing !== null) {
    if (existing.state === "reserved") {
      throw new IdempotencyKeyInFlightError(key, Date.now() - existing.reservedAt);
    }
    return { ...(await settle(provider, store, existing, options)), sentNow: false };
  }

  // 2. Sign and journal before anything leaves this process.
  let entry: JournalEntry;
  try {
    const populated = await signer.populateTransaction({ ...tx, from });
    const allocate = options.allocateNonce;
    if (allocate === undefined) {
      const raw = await signer.signTransaction(populated);
      const hash = Transaction.from(raw).hash!;
      entry = await update(store, key, (e) => ({ ...e, state: "signed", nonce: Number(populated.nonce), signed: [{ hash, raw }] }));
    } else {
      // Gas and fees were looked up above, outside the lock; only the nonce is taken under it.
      entry = await store.transaction(async (t) => {
        const cur = await t.get<JournalEntry>(JOURNAL_TABLE, key);
        if (cur === undefined) throw new JournalError(`journal entry "${key}" disappeared`);
        const nonce = await allocate(t, from, chainId);
        const raw = await signer.signTransaction({ ...populated, nonce });
        const next: JournalEntry = { ...cur.value, state: "signed", nonce, signed: [{ hash: Transaction.from(raw).hash!, raw }] };
        await t.put(JOURNAL_TABLE, key, next);
        return next;
      });
    }
  } catch (e) {
    // Nothing was broadcast: free the key so a retry can sign again.
    await store.delete(JOURNAL_TABLE, key).catch(() => undefined);
    throw e;
  }

  // 3. Broadcast, then wait; from here on a retry rebroadcasts the same bytes.
  await broadcast(provider, entry.signed[entry.signed.length - 1]!.raw);
  entry = await update(store, key, (e) => ({ ...e, state: "pending" }));
  return { ...(await settle(provider, store, entry, options)), sentNow: true };
}

async function update(store: Store, key: string, fn: (e: JournalEntry) => JournalEntry): Promise<JournalEntry> {
  return store.transaction(async (t) => {
    const cur = await t.get<JournalEntry>(JOURNAL_TABLE, key);
    if (cur === undefined) throw new JournalError(`journal entry "${key}" disappeared`);
    const next = fn(cur.value);
    await t.put(JOURNAL_TABLE, key, next);
    return next;
  });
}

async function broadcast(provider: Provider, raw: string): Promise<void> {
  try {
    await provider.broadcastTransaction(raw);
  } catch (e) {
    // The node already has it (our earlier broadcast went through) or already mined it, or holds a
    // higher-fee version of the same nonce (our replaceByFee): all fine — settle() finds which one
    // is mined, and notices if the nonce went to a transaction of someone else.
    if (isError(e, "NONCE_EXPIRED") || isError(e, "REPLACEMENT_UNDERPRICED")) return;
    const kind = classifyProviderMessage(String((e as { error?: { message?: string } }).error?.message ?? (e as Error).message ?? ""));
    if (kind === "TX_ALREADY_KNOWN" || kind === "NONCE_TOO_LOW" || kind === "REPLACEMENT_UNDERPRICED") return;
    throw e;
  }
}

/** Brings an entry to a final state: mined/failed from a receipt, or replaced/dropped. */
async function settle(provider: Provider, store: Store, entry: JournalEntry, options: DurableSendOptions): Promise<{ entry: JournalEntry; receipt: TransactionReceipt }> {
  const findReceipt = async (): Promise<TransactionReceipt | null> => {
    // Re-read the entry: replaceByFee may have journaled a newer version meanwhile.
    entry = (await store.get<JournalEntry>(JOURNAL_TABLE, entry.key))?.value ?? entry;
    for (const s of [...entry.signed].reverse()) {
      const r = await provider.getTransactionReceipt(s.hash);
      if (r !== null) return r;
    }
    return null;
  };
  let receipt = await findReceipt();
  if (receipt === null && entry.signed.length > 0) {
    // Not mined yet (or the node lost it, e.g. it restarted): put the latest version out again.
    await broadcast(provider, entry.signed[entry.signed.length - 1]!.raw);
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    const confirmations = options.confirmations ?? 1;
    while (receipt === null) {
      if (Date.now() > deadline) {
        throw new TimeoutError(`transaction ${entry.signed[entry.signed.length - 1]!.hash} (idempotency key "${entry.key}") is not mined yet; its outcome is unknown: run again with the same key to resume`,
        );
      }
      receipt = await findReceipt();
      if (receipt === null) {
        const mined = await provider.getTransactionCount(entry.from, "latest");
        if (entry.nonce !== undefined && mined > entry.nonce && (await findReceipt()) === null) {
          // The nonce was used by a transaction we never signed for this key.
          await update(store, entry.key, (e) => ({ ...e, state: "dropped" }));
          throw new JournalError(`transaction for idempotency key "${entry.key}" was dropped: nonce ${entry.nonce} of ${entry.from} was used by another transaction`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    if (confirmations > 1) await provider.waitForTransaction(receipt.hash, confirmations, Math.max(1, deadline - Date.now()));
  }
  if (receipt === null) throw new JournalError(`journal entry "${entry.key}" has no signed transaction`);
  // replaced: the intent was settled by a fee replacement (replaceByFee), not by the version first signed.
  const minedHash = receipt.hash;
  const byReplacement = entry.signed.findIndex((s) => s.hash === minedHash) > 0;
  const state: JournalState = receipt.status !== 1 ? "failed" : byReplacement ? "replaced" : "mined";
  const summary = { hash: receipt.hash, blockNumber: receipt.blockNumber, status: receipt.status ?? 0, gasUsed: receipt.gasUsed.toString() };
  const final = await update(store, entry.key, (e) => ({ ...e, state, receipt: summary }));
  return { entry: final, receipt };
}

/**
 * Replaces a pending journaled transaction by the same nonce with higher fees (speed-up). The new
 * version is journaled before broadcast; whichever version is mined settles the entry.
 */
export async function replaceByFee(signer: Signer, store: Store, key: string, fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<JournalEntry> {
  const cur = await store.get<JournalEntry>(JOURNAL_TABLE, key);
  if (cur === undefined) throw new JournalError(`no journal entry for idempotency key "${key}"`);
  const e = cur.value;
  if (e.state !== "pending" && e.state !== "signed") throw new JournalError(`idempotency key "${key}" is ${e.state}, not pending: nothing to replace`);
  const last = Transaction.from(e.signed[e.signed.length - 1]!.raw);
  const next = last.clone();
  next.signature = null;
  next.maxFeePerGas = fees.maxFeePerGas;
  next.maxPriorityFeePerGas = fees.maxPriorityFeePerGas;
  const raw = await signer.signTransaction(next);
  const hash = Transaction.from(raw).hash!;
  const entry = await update(store, key, (x) => ({ ...x, signed: [...x.signed, { hash, raw }] }));
  await broadcast(signer.provider!, raw);
  return entry;
}
