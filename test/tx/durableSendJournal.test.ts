// durableSend as a library: the journal's states, and replaceByFee (same nonce, higher fees,
// journaled before broadcast; whichever version is mined settles the entry).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { type Client, connect } from "../../src/connect/connect.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { JournalError } from "../../src/errors/commonErrors.ts";
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { IdempotencyConflictError, IdempotencyKeyInFlightError, JOURNAL_TABLE, type JournalEntry, durableSend, replaceByFee } from "../../src/tx/durableSend.ts";

describe("durableSend", () => {
  let anvil: Anvil;
  let client: Client;
  let store: SqliteStore;
  let dir: string;
  let wallet: Wallet;
  before(async () => {
    anvil = await startAnvil();
    client = await connect(anvil.http);
    dir = mkdtempSync(join(tmpdir(), "abibind-journal-"));
    store = new SqliteStore(join(dir, "journal.db"));
    wallet = new Wallet(ANVIL_KEY_0, client.provider);
  });
  after(async () => {
    await store.close();
    await client.close();
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals the signed transaction, settles it as mined, and answers a repeat from the journal", async () => {
    const tx = { to: "0x000000000000000000000000000000000000dEaD", value: 1n };
    const first = await durableSend(wallet, store, "pay-1", tx);
    assert.equal(first.sentNow, true);
    assert.equal(first.entry.state, "mined");
    assert.equal(first.entry.signed.length, 1);
    const again = await durableSend(wallet, store, "pay-1", tx);
    assert.equal(again.sentNow, false);
    assert.equal(again.receipt.hash, first.receipt.hash);
    await assert.rejects(durableSend(wallet, store, "pay-1", { ...tx, value: 2n }), IdempotencyConflictError);
  });

  it("replaces a pending transaction by fee; the replacement settles the entry", async () => {
    await rpc(anvil.http, "evm_setAutomine", [false]);
    try {
      const sending = durableSend(wallet, store, "pay-2", { to: "0x000000000000000000000000000000000000bEEF", value: 1n });
      let entry: JournalEntry | undefined;
      for (let i = 0; i < 100 && entry?.state !== "pending"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        entry = (await store.get<JournalEntry>(JOURNAL_TABLE, "pay-2"))?.value;
      }
      assert.equal(entry?.state, "pending");
      const replaced = await replaceByFee(wallet, store, "pay-2", { maxFeePerGas: 50_000_000_000n, maxPriorityFeePerGas: 5_000_000_000n });
      assert.equal(replaced.signed.length, 2, "both versions are journaled");
      await rpc(anvil.http, "evm_mine", []);
      const done = await sending;
      assert.equal(done.receipt.hash, replaced.signed[1]!.hash, "the higher-fee version was mined");
      assert.equal(done.entry.state, "replaced", "settled by the fee replacement");
      assert.equal(done.entry.nonce, entry!.nonce);
    } finally {
      await rpc(anvil.http, "evm_setAutomine", [true]);
    }
  });
  it("takes back at once a reservation this process could not free (the store failed), never another process's", async () => {
    const tx = { to: "0x000000000000000000000000000000000000dEaD", value: 3n };
    // The database goes away right after the key is reserved: signing cannot be journaled, nor the key freed.
    let calls = 0;
    const failing = Object.create(store) as SqliteStore;
    failing.transaction = (fn) => (++calls === 2 ? Promise.reject(new JournalError("database unavailable")) : store.transaction(fn));
    failing.delete = () => Promise.reject(new JournalError("database unavailable"));
    const nonce = await client.provider.getTransactionCount(wallet.address, "pending");
    await assert.rejects(durableSend(wallet, failing, "stuck-1", tx), JournalError);
    assert.equal((await store.get<JournalEntry>(JOURNAL_TABLE, "stuck-1"))?.value.state, "reserved");
    // Back with the database: the same process retries and sends, without waiting staleReservationMs.
    const t0 = Date.now();
    const r = await durableSend(wallet, store, "stuck-1", tx);
    assert.ok(Date.now() - t0 < 10_000);
    assert.equal(r.sentNow, true);
    assert.equal(r.entry.nonce, nonce);
    // A fresh reservation of another process stays its own.
    const other = { ...r.entry, key: "other-1", state: "reserved" as const, signed: [], reservedAt: Date.now(), owner: "another-process" };
    await store.put(JOURNAL_TABLE, "other-1", other);
    await assert.rejects(durableSend(wallet, store, "other-1", tx), IdempotencyKeyInFlightError);
  });
});
