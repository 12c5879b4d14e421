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
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { IdempotencyConflictError, JOURNAL_TABLE, type JournalEntry, durableSend, replaceByFee } from "../../src/tx/durableSend.ts";

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
});
