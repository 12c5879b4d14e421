import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SqliteStore } from "../../src/store/SqliteStore.ts";

const dir = mkdtempSync(join(tmpdir(), "ab-store-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("SqliteStore", () => {
  it("keeps checkpoints across reopen (a real database file, WAL)", async () => {
    const file = join(dir, "cp.db");
    const s = new SqliteStore(file);
    assert.equal(await s.getCheckpoint("w"), undefined);
    await s.setCheckpoint("w", { block: 12, hash: "0xab" });
    await s.setCheckpoint("w", { block: 13, hash: "0xcd" });
    await s.close();
    const again = new SqliteStore(file);
    assert.deepEqual(await again.getCheckpoint("w"), { block: 13, hash: "0xcd" });
    await again.close();
    // Read by the sqlite engine in another process: the file is an ordinary SQLite database.
    const r = spawnSync(process.execPath, ["-e", `const {DatabaseSync}=require("node:sqlite");const d=new DatabaseSync(${JSON.stringify(file)});console.log(d.prepare("PRAGMA journal_mode").get().journal_mode, d.prepare("SELECT value FROM records WHERE tbl='checkpoint' AND key='w'").get().value)`], { encoding: "utf8" });
    assert.equal(r.stdout.trim(), 'wal {"block":13,"hash":"0xcd"}');
  });

  it("put/get/update/delete/list with versions", async () => {
    const s = new SqliteStore(join(dir, "kv.db"));
    assert.equal(await s.put("tx", "a", { n: 1 }), 1);
    assert.equal(await s.put("tx", "a", { n: 2 }), 2);
    assert.equal(await s.update("tx", "a", { n: 3 }, 1), null);
    assert.equal(await s.update("tx", "a", { n: 3 }, 2), 3);
    assert.equal(await s.update("tx", "b", { n: 9 }, 1), null);
    assert.equal(await s.update("tx", "b", { n: 9 }, 0), 1);
    await s.put("tx", "c1", 5n);
    await s.put("other", "a", true);
    assert.deepEqual((await s.get("tx", "a"))?.value, { n: 3 });
    assert.equal((await s.get("tx", "c1"))?.value, "5");
    assert.deepEqual((await s.list("tx")).map((r) => r.key), ["a", "b", "c1"]);
    assert.deepEqual((await s.list("tx", { prefix: "c" })).map((r) => r.key), ["c1"]);
    assert.equal(await s.delete("tx", "b"), true);
    assert.equal(await s.delete("tx", "b"), false);
    assert.equal(await s.get("tx", "b"), undefined);
    await s.close();
  });

  it("transactions commit all writes together or none", async () => {
    const s = new SqliteStore(join(dir, "tx.db"));
    await s.transaction(async (tx) => {
      await tx.put("j", "x", 1);
      await new Promise((r) => setTimeout(r, 5));
      await tx.put("j", "y", 2);
      assert.equal((await tx.get("j", "x"))?.value, 1);
    });
    await assert.rejects(
      s.transaction(async (tx) => {
        await tx.put("j", "x", 100);
        await tx.put("j", "z", 3);
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal((await s.get("j", "x"))?.value, 1);
    assert.equal(await s.get("j", "z"), undefined);
    await s.close();
  });

  it("serialises concurrent transactions (no lost updates)", async () => {
    const s = new SqliteStore(join(dir, "inc.db"));
    await s.put("c", "n", 0);
    await Promise.all(
      Array.from({ length: 50 }, () =>
        s.transaction(async (tx) => {
          const cur = (await tx.get<number>("c", "n"))!;
          await new Promise((r) => setImmediate(r));
          await tx.put("c", "n", cur.value + 1);
        }),
      ),
    );
    assert.equal((await s.get("c", "n"))?.value, 50);
    await s.close();
  });

  it("names the file when it cannot open it", () => {
    assert.throws(() => new SqliteStore(join(dir, "no/such/dir/x.db")), (e: Error & { code?: string }) => e.code === "JOURNAL" && e.message.includes("no/such/dir/x.db"));
  });
});
