// Nonces kept in the Store, for several processes sending under one key (backend replicas on one
// PostgreSQL). The counter row is read and advanced inside durableSend's journaling transaction,
// so two processes never sign with the same nonce: the store serialises them on that row.
import type { Provider } from "ethers";
import type { StoreTx } from "../store/Store.ts";

export const NONCE_TABLE = "nonce";

export interface NonceRow {
  /** The next nonce to hand out. */
  readonly next: number;
}

/**
 * An `allocateNonce` for durableSend. The nonce is the larger of the stored counter and the node's
 * pending count: the counter is ahead while other processes' signed transactions are not yet
 * broadcast; the node is ahead when the key was also used elsewhere.
 */
export function storeNonceAllocator(provider: Provider): (t: StoreTx, from: string, chainId: bigint) => Promise<number> {
  return async (t, from, chainId) => {
    const key = `${chainId}:${from.toLowerCase()}`;
    // Asked before the counter row is read (and so locked): the lock is not held across a node
    // round trip. A count read early is only lower, and the counter covers what it misses.
    const pending = await provider.getTransactionCount(from, "pending");
    const cur = await t.get<NonceRow>(NONCE_TABLE, key);
    const nonce = Math.max(cur?.value.next ?? 0, pending);
    await t.put<NonceRow>(NONCE_TABLE, key, { next: nonce + 1 });
    return nonce;
  };
}
