// Rebroadcasts journaled transactions that are signed but not known mined. A send whose broadcast
// failed (the node went down right after signing) holds a nonce; until its bytes reach the node,
// every later nonce of the key waits behind it. The journal has the bytes, so this loop puts them
// out again — the same bytes, never a new signature — until they are mined.
import type { Provider } from "ethers";
import { JOURNAL_TABLE, type JournalEntry, type Store } from "abibind";

export async function rebroadcastUnsettled(store: Store, provider: Provider, prefix: string): Promise<number> {
  const entries = await store.list<JournalEntry>(JOURNAL_TABLE, { prefix });
  let sent = 0;
  for (const { value: e } of entries) {
    if (e.state !== "signed" && e.state !== "pending") continue;
    const last = e.signed.at(-1);
    if (last === undefined) continue;
    if ((await provider.getTransactionReceipt(last.hash).catch(() => null)) !== null) continue;
    // "already known", "nonce too low": fine, the node has it or it is settled; durableSend records the outcome.
    await provider.broadcastTransaction(last.raw).then(
      () => sent++,
      () => undefined,
    );
  }
  return sent;
}
