// The example backend when what it depends on restarts: the node behind a WebSocket or IPC
// endpoint (under an open event stream and between POSTs), and the PostgreSQL server under a
// burst of keyed POSTs. Real anvil, real PostgreSQL, the service as a real process.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Anvil, freePort, rpc, startAnvil } from "../helpers/anvil.ts";
import { type Postgres, startPostgres } from "../helpers/postgres.ts";
import { type Answer, deployCallDemo, http, keyFile, nonceOf, openStream, startService, until } from "./fixture.ts";

describe("examples/backend over WebSocket and IPC", () => {
  for (const transport of ["ws", "ipc"] as const) {
    it(`ABIBIND_RPC over ${transport}: reads, keyed writes, and an open stream through a node restart, nothing lost or repeated`, { timeout: 90_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), `abx-${transport}-`));
      const port = await freePort();
      const nodeArgs = { port, dir, args: ["--state", join(dir, "chain.json")] };
      let anvil: Anvil = await startAnvil(nodeArgs);
      writeFileSync(join(dir, "config.json"), JSON.stringify({ pollIntervalMs: 100, rpcTimeoutMs: 3000, sweepIntervalMs: 500 }));
      const address = await deployCallDemo(anvil);
      const svc = await startService(
        { ABIBIND_RPC: anvil[transport], ABIBIND_ADDRESS: address, ABIBIND_KEY_FILE: keyFile(dir), ABIBIND_JOURNAL: join(dir, "journal.db") },
        ["--config", join(dir, "config.json")],
      );
      try {
        assert.equal((await http("GET", `${svc.url}/calldemo/year`)).status, 200);
        const stream = await openStream(`${svc.url}/calldemo/events/stream`);
        assert.equal(stream.status, 200);
        const post = async (year: number): Promise<Answer> => {
          const r = await http("POST", `${svc.url}/calldemo/year`, { body: { year: String(year) }, headers: { "idempotency-key": `${transport}-${year}` } });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          return r;
        };
        await post(3000);
        await post(3001);
        await stream.waitFor(2);
        await anvil.stop(); // SIGTERM: anvil writes its state
        assert.equal((await http("GET", `${svc.url}/calldemo/year`)).status, 503);
        anvil = await startAnvil(nodeArgs);
        // The service's one client reconnects by itself: writes and the stream carry on.
        await until("the node again", async () => (await http("GET", `${svc.url}/calldemo/year`)).status === 200);
        await post(3002);
        await post(3003);
        await stream.waitFor(4, 30_000);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(
          stream.events.map((e) => e.data.args.current),
          ["3000", "3001", "3002", "3003"],
        );
        assert.equal(new Set(stream.events.map((e) => e.id)).size, 4);
        assert.ok(!stream.ended, "the stream stayed open through the restart");
        stream.close();
      } finally {
        await svc.stop();
        await anvil.stop();
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    });
  }
});

describe("examples/backend when its PostgreSQL restarts", () => {
  let dir: string;
  let pg: Postgres;
  let anvil: Anvil;
  let address: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "abpg-"));
    anvil = await startAnvil();
    pg = await startPostgres();
    address = await deployCallDemo(anvil);
    writeFileSync(join(dir, "config.json"), JSON.stringify({ rpcTimeoutMs: 3000, sweepIntervalMs: 300 }));
  });
  after(async () => {
    await anvil?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("a burst of keyed POSTs through a restart: each succeeds or is a retryable 503 JOURNAL; retries give the first result; one transaction per key, no nonce gap; no service restart", { timeout: 120_000 }, async () => {
    const svc = await startService({ ABIBIND_RPC: anvil.http, ABIBIND_ADDRESS: address, ABIBIND_KEY_FILE: keyFile(dir), ABIBIND_DATABASE_URL: pg.url }, ["--config", join(dir, "config.json")]);
    try {
      const startNonce = await nonceOf(anvil);
      const keys = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
      const year = (i: number): string => String(5000 + i);
      const send = (i: number): Promise<Answer> => http("POST", `${svc.url}/calldemo/year`, { body: { year: year(i) }, headers: { "idempotency-key": keys[i]! } });
      const first: Answer[] = [];
      // Twelve at a time; the database restarts once the first twelve are answered, and the burst
      // goes on while it is down and coming back.
      let restarting = false;
      let duringRestart = 0;
      let restarted: Promise<void> | undefined;
      for (let i = 0; i < keys.length; i += 12) {
        if (restarting) duringRestart++;
        const round = await Promise.all(keys.slice(i, i + 12).map((_, k) => send(i + k)));
        first.push(...round);
        if (restarted === undefined) {
          restarting = true;
          restarted = pg.restart().finally(() => (restarting = false));
        }
      }
      await restarted;
      for (const [i, r] of first.entries()) {
        const ok = r.status === 200 || (r.status === 503 && r.body.error.code === "JOURNAL");
        assert.ok(ok, `${keys[i]}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      const failed = first.filter((r) => r.status !== 200).length;
      assert.ok(duringRestart > 0 && failed > 0, `the restart overlapped the burst: ${duringRestart} rounds sent while it ran, ${failed} requests failed`);
      // The service recovers by itself: every key goes through with retries of the same request.
      const final = new Map<string, string>();
      for (const [i, k] of keys.entries()) {
        const r = await until(`${k} to succeed`, async () => {
          const a = await send(i);
          return a.status === 200 ? a : null;
        }, 60_000);
        if (first[i]!.status === 200) assert.equal(r.body.transactionHash, first[i]!.body.transactionHash, `${k}: a retry answers the first result`);
        final.set(k, r.body.transactionHash as string);
      }
      assert.equal(new Set(final.values()).size, keys.length, "one transaction per key");
      await until("every transaction mined", async () => (await nonceOf(anvil, "pending")) === (await nonceOf(anvil)));
      assert.equal((await nonceOf(anvil)) - startNonce, keys.length, `exactly ${keys.length} transactions, no nonce left unused (${failed} requests failed during the restart)`);
      for (const [k, hash] of final) {
        const receipt = await rpc(anvil.http, "eth_getTransactionReceipt", [hash]);
        assert.equal(receipt?.status, "0x1", k);
      }
    } finally {
      await svc.stop();
    }
  });
});
