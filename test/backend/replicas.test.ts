// Scale-out: two replicas of the backend share one signing key and one real PostgreSQL server
// (nonces, idempotency keys and the journal live there). 200 POSTs with 50 repeated idempotency
// keys, spread over both replicas and driven concurrently — every repeat goes to the replica the
// first request did not — must make exactly 150 transactions with consecutive nonces, no gaps,
// and every repeat must answer the first request's result.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { NONCE_TABLE, type NonceRow } from "../../src/tx/storeNonces.ts";
import { type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { type Postgres, startPostgres } from "../helpers/postgres.ts";
import { type Answer, deployCallDemo, FROM, http, keyFile, nonceOf, type Service, startService } from "./fixture.ts";

// No skip when PostgreSQL is missing: .ci/run installs it, and a missing server must fail loudly.
describe("examples/backend: two replicas on one PostgreSQL", () => {
  let dir: string;
  let pg: Postgres;
  let anvil: Anvil;
  let address: string;
  let replicas: Service[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "abr-"));
    // One after the other: if one fails, the other is already assigned and after() stops it.
    anvil = await startAnvil();
    pg = await startPostgres();
    address = await deployCallDemo(anvil);
    const env = { ABIBIND_RPC: anvil.http, ABIBIND_ADDRESS: address, ABIBIND_KEY_FILE: keyFile(dir), ABIBIND_DATABASE_URL: pg.url };
    replicas.push(await startService(env));
    replicas.push(await startService(env));
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await anvil?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("200 concurrent POSTs with 50 repeated keys over both replicas: 150 transactions, consecutive nonces", async () => {
    const start = await nonceOf(anvil);
    interface Req {
      readonly key: string;
      readonly year: string;
      readonly replica: number;
    }
    const queue: Req[] = [];
    const late: Req[] = [];
    for (let i = 0; i < 150; i++) {
      const r = { key: `order-${i}`, year: String(3000 + i), replica: i % 2 };
      queue.push(r);
      // Half of the repeats race their first request (in flight), half come once it is likely done.
      if (i < 25) queue.push({ ...r, replica: 1 - r.replica });
      else if (i < 50) late.push({ ...r, replica: 1 - r.replica });
    }
    queue.push(...late);
    assert.equal(queue.length, 200);

    const answers = new Map<string, Answer[]>();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let r = queue[next++]; r !== undefined; r = queue[next++]) {
        const a = await http("POST", `${replicas[r.replica]!.url}/calldemo/year`, { body: { year: r.year }, headers: { "idempotency-key": r.key } });
        assert.equal(a.status, 200, `${r.key} on replica ${r.replica}: ${JSON.stringify(a.body)}`);
        answers.set(r.key, [...(answers.get(r.key) ?? []), a]);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 32 }, worker));
    const ms = Date.now() - started;

    assert.equal(answers.size, 150);
    for (const [key, list] of answers) {
      for (const a of list) assert.deepEqual(a.body, list[0]!.body, `${key}: a repeat answered another result`);
      assert.equal(list[0]!.body.status, "1");
    }
    assert.equal([...answers.values()].filter((l) => l.length === 2).length, 50);
    const hashes = new Set([...answers.values()].map((l) => l[0]!.body.transactionHash as string));
    assert.equal(hashes.size, 150, "one transaction per idempotency key");

    assert.equal(await nonceOf(anvil), start + 150, "exactly 150 transactions from the shared key");
    const nonces = await Promise.all([...hashes].map(async (h) => Number(BigInt((await rpc(anvil.http, "eth_getTransactionByHash", [h])).nonce))));
    nonces.sort((a, b) => a - b);
    assert.deepEqual(nonces, Array.from({ length: 150 }, (_, i) => start + i), "consecutive nonces, no gap, none reused");
    assert.equal(Object.keys((await rpc(anvil.http, "txpool_content")).queued ?? {}).length, 0, "nothing stuck behind a gap");

    // The shared counter agrees with the chain.
    const store = await PostgresStore.open(pg.url);
    try {
      const row = await store.get<NonceRow>(NONCE_TABLE, `31337:${FROM.toLowerCase()}`);
      assert.equal(row?.value.next, start + 150);
    } finally {
      await store.close();
    }
    // Both replicas did the work.
    for (const r of replicas) assert.ok((r.output().match(/"path":"\/calldemo\/year","status":200/g) ?? []).length >= 50);
    const lat = replicas.flatMap((r) => [...r.output().matchAll(/"path":"\/calldemo\/year","status":200,"ms":(\d+)/g)].map((m) => Number(m[1]))).sort((a, b) => a - b);
    console.log(`# 200 POSTs over 2 replicas in ${ms} ms; service time p50 ${lat[lat.length >> 1]} ms, max ${lat.at(-1)} ms`);
  });
});
