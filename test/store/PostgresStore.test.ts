// PostgresStore against a real PostgreSQL server: the Store contract (versions, CAS, prefix
// listing, checkpoints, rollback), and what several processes sharing it need — two stores
// (two pools, as two replicas) racing read-modify-write on one key, including a key that does not
// exist yet, lose no update.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Postgres, startPostgres } from "../helpers/postgres.ts";
import { PostgresStore } from "../../src/store/PostgresStore.ts";

describe("PostgresStore", () => {
  let pg: Postgres;
  let a: PostgresStore;
  let b: PostgresStore;
  before(async () => {
    pg = await startPostgres();
    [a, b] = await Promise.all([PostgresStore.open(pg.url), PostgresStore.open(pg.url)]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await pg?.stop();
  });

  it("keeps versions, compares-and-sets, lists by prefix in byte order, keeps checkpoints", async () => {
    assert.equal(await a.get("t", "x"), undefined);
    assert.equal(await a.put("t", "x", { n: 1n }), 1);
    assert.equal(await a.put("t", "x", { n: 2 }), 2);
    const r = await b.get<{ n: number }>("t", "x");
    assert.deepEqual(r?.value, { n: 2 });
    assert.equal(r?.version, 2);
    assert.equal(await a.update("t", "x", { n: 3 }, 1), null);
    assert.equal(await a.update("t", "x", { n: 3 }, 2), 3);
    assert.equal(await a.update("t", "new", 1, 0), 1);
    assert.equal(await a.update("t", "new", 1, 0), null);
    for (const k of ["p:b", "p:B", "p:a", "q:a"]) await a.put("l", k, k);
    assert.deepEqual((await b.list("l", { prefix: "p:" })).map((x) => x.key), ["p:B", "p:a", "p:b"]);
    assert.deepEqual((await b.list("l", { limit: 2 })).map((x) => x.key), ["p:B", "p:a"]);
    assert.equal(await a.delete("l", "p:a"), true);
    assert.equal(await a.delete("l", "p:a"), false);
    await a.setCheckpoint("w", { next: 7 });
    assert.deepEqual(await b.getCheckpoint("w"), { next: 7 });
  });

  it("rolls a transaction back when it throws, and passes the caller's error through unchanged", async () => {
    const boom = new Error("boom");
    await assert.rejects(
      a.transaction(async (t) => {
        await t.put("rb", "k", 1);
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.equal(await b.get("rb", "k"), undefined);
  });

  it("serialises read-modify-write across two pools, even on a key that does not exist yet", async () => {
    const incr = (s: PostgresStore) =>
      s.transaction(async (t) => {
        const cur = await t.get<number>("ctr", "c");
        // Widen the race window: the other pool is trying the same thing now.
        await new Promise((r) => setTimeout(r, 1));
        await t.put("ctr", "c", (cur?.value ?? 0) + 1);
      });
    await Promise.all(Array.from({ length: 60 }, (_, i) => incr(i % 2 === 0 ? a : b)));
    const r = await a.get<number>("ctr", "c");
    assert.equal(r?.value, 60);
    assert.equal(r?.version, 60);
  });

  it("reports an unreachable database as a JOURNAL error without its password", async () => {
    await assert.rejects(PostgresStore.open("postgres://u:s3cret@127.0.0.1:1/x"), (e: Error & { code?: string }) => e.code === "JOURNAL" && !e.message.includes("s3cret") && e.message.includes("127.0.0.1:1"));
  });
});
