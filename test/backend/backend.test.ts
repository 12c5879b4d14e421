// The example backend as its users meet it: a real anvil (with Multicall3 and CallDemo), the
// service started as a process (`node examples/backend/server.ts`) and driven over real HTTP.
// Faults are real too: the service is SIGKILLed mid-send and restarted, the node is stopped and
// started again on the same port (its chain kept with --state).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { encryptKeystore } from "../../src/signers/keystore.ts";
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { deployCallDemo, http, keyFile, nonceOf, openStream, type Service, startService, until } from "./fixture.ts";

describe("examples/backend", () => {
  let dir: string;
  let anvil: Anvil;
  let address: string;
  let env: Record<string, string>;
  let svc: Service;
  const stateArgs = (): string[] => ["--state", join(dir, "chain.json")];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "abk-"));
    anvil = await startAnvil({ args: stateArgs(), dir });
    address = await deployCallDemo(anvil);
    // Tuning through the config file: fast polling and short node deadlines keep the test quick.
    writeFileSync(join(dir, "config.json"), JSON.stringify({ pollIntervalMs: 100, rpcTimeoutMs: 1500, sweepIntervalMs: 500 }));
    env = {
      ABIBIND_RPC: anvil.http,
      ABIBIND_ADDRESS: address,
      ABIBIND_CHAIN_ID: "31337",
      ABIBIND_KEY_FILE: keyFile(dir),
      ABIBIND_JOURNAL: join(dir, "journal.db"),
    };
    svc = await startService(env, ["--config", join(dir, "config.json")]);
  });
  after(async () => {
    await svc?.stop();
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it("exits 1 with one line naming the missing settings", async () => {
    const [r, bad] = await Promise.all([
      run(NODE, ["--conditions=abibind-source", "examples/backend/server.ts"], { cwd: ROOT, env: { ABIBIND_RPC: "", ABIBIND_ADDRESS: "" } }),
      run(NODE, ["--conditions=abibind-source", "examples/backend/server.ts"], { cwd: ROOT, env: { ABIBIND_RPC: anvil.http, ABIBIND_ADDRESS: "0x12" } }),
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "abibind backend: missing settings: ABIBIND_RPC, ABIBIND_ADDRESS (set them in the environment or the --config file)\n");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^abibind backend: ABIBIND_ADDRESS must be an address, not "0x12"\n$/);
  });

  it("GET /health and GET /calldemo/year answer with integers as decimal strings", async () => {
    const h = await http("GET", `${svc.url}/health`);
    assert.equal(h.status, 200);
    assert.deepEqual(h.body, { ok: true, chainId: "31337", blockNumber: String(Number(BigInt(await rpc(anvil.http, "eth_blockNumber")))) });
    const y = await http("GET", `${svc.url}/calldemo/year`);
    assert.equal(y.status, 200);
    assert.deepEqual(y.body, { year: "2020" });
    assert.match(y.headers.get("content-type") ?? "", /^application\/json/);
  });

  it("POST /calldemo/year sends, waits for the receipt and answers its summary", async () => {
    const before = await nonceOf(anvil);
    const r = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2031" } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), ["blockNumber", "status", "transactionHash", "year"]);
    assert.equal(r.body.status, "1");
    assert.equal(r.body.year, "2031");
    assert.match(r.body.blockNumber, /^[0-9]+$/);
    const receipt = await rpc(anvil.http, "eth_getTransactionReceipt", [r.body.transactionHash]);
    assert.equal(String(Number(BigInt(receipt.blockNumber))), r.body.blockNumber);
    assert.equal(await nonceOf(anvil), before + 1);
    assert.deepEqual((await http("GET", `${svc.url}/calldemo/year`)).body, { year: "2031" });
  });

  it("an Idempotency-Key makes repeats (sequential and in flight) return the first result, one transaction", async () => {
    const before = await nonceOf(anvil);
    const headers = { "idempotency-key": "order-1" };
    const first = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2032" }, headers });
    assert.equal(first.status, 200);
    const again = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2032" }, headers });
    assert.deepEqual(again, { ...again, status: 200, body: first.body });

    // In flight: the node does not mine until told, so the repeats arrive while the first waits.
    await rpc(anvil.http, "evm_setAutomine", [false]);
    try {
      const h2 = { "idempotency-key": "order-2" };
      const racing = [1, 2, 3].map(() => http("POST", `${svc.url}/calldemo/year`, { body: { year: "2033" }, headers: h2 }));
      await until("the transaction in the mempool", async () => Object.keys((await rpc(anvil.http, "txpool_content")).pending ?? {}).length > 0);
      await new Promise((r) => setTimeout(r, 200));
      await rpc(anvil.http, "evm_mine");
      const answers = await Promise.all(racing);
      for (const a of answers) assert.deepEqual({ status: a.status, body: a.body }, { status: 200, body: answers[0]!.body });
    } finally {
      await rpc(anvil.http, "evm_setAutomine", [true]);
    }
    assert.equal(await nonceOf(anvil), before + 2);
  });

  it("the same Idempotency-Key with another body is a 422; a bad key is a 400", async () => {
    const r = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "1999" }, headers: { "idempotency-key": "order-1" } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "IDEMPOTENCY_CONFLICT");
    // The key as the client sent it, not the journal's internal one.
    assert.equal(r.body.error.message, 'Idempotency-Key "order-1" was already used with another body: a repeated key must come with the same body');
    const bad = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "1999" }, headers: { "idempotency-key": "x".repeat(201) } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "INVALID_IDEMPOTENCY_KEY");
  });

  it("a node on another chain than ABIBIND_CHAIN_ID is 503 CHAIN_MISMATCH, not NODE_UNAVAILABLE", async () => {
    const other = await startService({ ...env, ABIBIND_CHAIN_ID: "1", ABIBIND_JOURNAL: join(dir, "other.db") });
    try {
      for (const path of ["/health", "/calldemo/year"]) {
        const r = await http("GET", `${other.url}${path}`);
        assert.equal(r.status, 503);
        assert.equal(r.body.error.code, "CHAIN_MISMATCH");
        assert.match(r.body.error.message, /is on chain 31337, expected chain 1 \(check ABIBIND_RPC and ABIBIND_CHAIN_ID\)$/);
      }
    } finally {
      await other.stop();
    }
  });

  it('{"year":"0"} is a 422 naming InvalidYear, found by simulation: nothing is sent', async () => {
    const before = await nonceOf(anvil, "pending");
    const r = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "0" }, headers: { "idempotency-key": "zero" } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.code, "CONTRACT_REVERT");
    assert.match(r.body.error.message, /InvalidYear\(given=0\)/);
    assert.equal(await nonceOf(anvil, "pending"), before);
  });

  it("malformed bodies and unknown routes get a 4xx with {error: {code, message}}", async () => {
    const cases: [string | undefined, string][] = [
      ["{not json", "not valid JSON"],
      ["", "empty"],
      ["[]", "JSON object"],
      ['"2020"', "JSON object"],
      ["{}", 'missing field "year"'],
      ['{"year":2020}', "decimal integer in a string"],
      ['{"year":"-1"}', "decimal integer in a string"],
      ['{"year":"20.5"}', "decimal integer in a string"],
      ['{"year":"0x10"}', "decimal integer in a string"],
      [`{"year":"${2n ** 256n}"}`, "uint256"],
      ['{"year":"2020","extra":1}', 'unknown field "extra"'],
    ];
    const before = await nonceOf(anvil, "pending");
    for (const [body, says] of cases) {
      const r = await http("POST", `${svc.url}/calldemo/year`, body === undefined ? {} : { body });
      assert.equal(r.status, 400, `${body}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(Object.keys(r.body), ["error"]);
      assert.equal(r.body.error.code, "INVALID_BODY");
      assert.ok(r.body.error.message.includes(says), `${body}: ${r.body.error.message}`);
    }
    const big = await http("POST", `${svc.url}/calldemo/year`, { body: `{"year":"${"1".repeat(20_000)}"}` });
    assert.equal(big.status, 413);
    assert.equal(await nonceOf(anvil, "pending"), before);
    assert.equal((await http("GET", `${svc.url}/nope`)).body.error.code, "NOT_FOUND");
    const m = await http("DELETE", `${svc.url}/calldemo/year`);
    assert.equal(m.status, 405);
    assert.equal(m.headers.get("allow"), "GET, POST");
    const q = await http("GET", `${svc.url}/calldemo/events?fromBlock=abc`);
    assert.equal(q.status, 400);
    assert.equal(q.body.error.code, "INVALID_QUERY");
  });

  it("a request retried after the service was killed mid-send and restarted returns the first transaction", async () => {
    const before = await nonceOf(anvil);
    await rpc(anvil.http, "evm_setAutomine", [false]);
    let hash: string;
    try {
      const pending = http("POST", `${svc.url}/calldemo/year`, { body: { year: "2034" }, headers: { "idempotency-key": "order-3" } }).catch(() => null);
      hash = await until("the transaction in the mempool", async () => {
        const pool = (await rpc(anvil.http, "txpool_content")).pending ?? {};
        const txs = Object.values(pool).flatMap((byNonce) => Object.values(byNonce as Record<string, { hash: string }>));
        return txs[0]?.hash;
      });
      await svc.stop("SIGKILL");
      assert.equal(await pending, null, "the client lost its answer with the service");
      svc = await startService(env, ["--config", join(dir, "config.json")]);
      await rpc(anvil.http, "evm_mine");
    } finally {
      await rpc(anvil.http, "evm_setAutomine", [true]);
    }
    const retry = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2034" }, headers: { "idempotency-key": "order-3" } });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.transactionHash, hash);
    assert.equal(retry.body.year, "2034");
    assert.equal(await nonceOf(anvil), before + 1, "no second transaction");
  });

  it("GET /calldemo/events lists the YearChanged history in the NDJSON log shape", async () => {
    const r = await http("GET", `${svc.url}/calldemo/events?fromBlock=0`);
    assert.equal(r.status, 200);
    assert.equal(r.body.fromBlock, "0");
    const currents = r.body.events.map((e: { args: { current: string } }) => e.args.current);
    assert.deepEqual(currents, ["2031", "2032", "2033", "2034"]);
    const e = r.body.events[0];
    assert.equal(e.event, "YearChanged");
    assert.equal(e.signature, "YearChanged(uint256,uint256)");
    assert.deepEqual(e.args, { previous: "2020", current: "2031" });
    assert.equal(e.address, address);
    assert.equal(typeof e.blockNumber, "number");
    const later = await http("GET", `${svc.url}/calldemo/events?fromBlock=${r.body.events[2].blockNumber}&toBlock=${r.body.events[2].blockNumber}`);
    assert.deepEqual(later.body.events.map((x: { args: { current: string } }) => x.args.current), ["2033"]);
  });

  it("the event stream delivers each new event once across a node restart, and resumes after Last-Event-ID", async () => {
    const stream = await openStream(`${svc.url}/calldemo/events/stream`);
    assert.equal(stream.status, 200);
    try {
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2041" } })).status, 200);
      await stream.waitFor(1);
      await anvil.stop();
      await new Promise((r) => setTimeout(r, 500));
      anvil = await startAnvil({ args: stateArgs(), dir, port: anvil.port });
      const sent = await until("a POST after the node came back", async () => {
        const r = await http("POST", `${svc.url}/calldemo/year`, { body: { year: "2042" } });
        return r.status === 200 ? r : null;
      });
      assert.equal(sent.body.year, "2042");
      const events = await stream.waitFor(2);
      await new Promise((r) => setTimeout(r, 800)); // room for a duplicate to show up, if any
      assert.deepEqual(events.map((e) => e.data.args.current), ["2041", "2042"]);
      for (const e of events) {
        assert.equal(e.id, `${e.data.blockHash}:${e.data.logIndex}`);
        assert.equal(e.data.event, "YearChanged");
      }
      const resumed = await openStream(`${svc.url}/calldemo/events/stream`, { "last-event-id": events[0]!.id! });
      try {
        assert.equal(resumed.status, 200);
        const again = await resumed.waitFor(1);
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(again.map((e) => e.data.args.current), ["2042"]);
      } finally {
        resumed.close();
      }
      const bad = await http("GET", `${svc.url}/calldemo/events/stream`, { headers: { "last-event-id": "nonsense" } });
      assert.equal(bad.status, 400);
      const gone = await http("GET", `${svc.url}/calldemo/events/stream`, { headers: { "last-event-id": `0x${"ab".repeat(32)}:0` } });
      assert.equal(gone.status, 410);
    } finally {
      stream.close();
    }
  });

  it("node down: 503 with a clear message, also for a service started meanwhile (POST without signer: 503); recovers", async () => {
    const nosigner = { ...env };
    delete (nosigner as Record<string, string>).ABIBIND_KEY_FILE;
    nosigner.ABIBIND_JOURNAL = join(dir, "journal2.db");
    await anvil.stop();
    const late = await startService(nosigner, ["--config", join(dir, "config.json")]);
    try {
      // Concurrently: each waits out the node deadline (rpcTimeoutMs) before answering 503.
      const down = await Promise.all([svc, late].flatMap((s) => [http("GET", `${s.url}/health`), http("GET", `${s.url}/calldemo/year`)]));
      for (const a of down) {
        assert.equal(a.status, 503);
        assert.equal(a.body.error.code, "NODE_UNAVAILABLE");
        assert.match(a.body.error.message, new RegExp(`the Ethereum node \\(http://127\\.0\\.0\\.1:${anvil.port}\\) is unavailable: `));
      }
      const p = await http("POST", `${late.url}/calldemo/year`, { body: { year: "2050" } });
      assert.equal(p.status, 503);
      assert.equal(p.body.error.code, "NO_SIGNER");
      assert.match(p.body.error.message, /ABIBIND_KEY_FILE/);
      anvil = await startAnvil({ args: stateArgs(), dir, port: anvil.port });
      for (const s of [svc, late]) {
        const h = await until("health back", async () => {
          const r = await http("GET", `${s.url}/health`);
          return r.status === 200 ? r : null;
        });
        assert.equal(h.body.ok, true);
        assert.deepEqual((await http("GET", `${s.url}/calldemo/year`)).body, { year: "2042" });
      }
    } finally {
      await late.stop();
    }
    // Structured logs, and no secret in them: the key file's contents never appear.
    const lines = svc.output().trim().split("\n");
    for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), l);
    assert.ok(!svc.output().includes("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
  });

  it("signs with a keystore and password file, and never logs the password", async () => {
    const password = "test-only password, correct horse battery staple 7";
    writeFileSync(join(dir, "keystore.json"), await encryptKeystore(ANVIL_KEY_0, password, { scrypt: "light" }));
    writeFileSync(join(dir, "password"), `${password}\n`);
    const ks = { ...env, ABIBIND_KEYSTORE: join(dir, "keystore.json"), ABIBIND_PASSWORD_FILE: join(dir, "password"), ABIBIND_JOURNAL: join(dir, "journal3.db") };
    delete (ks as Record<string, string>).ABIBIND_KEY_FILE;
    const s = await startService(ks);
    try {
      const r = await http("POST", `${s.url}/calldemo/year`, { body: { year: "2060" }, headers: { "idempotency-key": "ks-1" } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual((await http("GET", `${s.url}/calldemo/year`)).body, { year: "2060" });
    } finally {
      await s.stop();
    }
    assert.ok(!s.output().includes(password));
    assert.match(s.output(), /"signer":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"/);
    const wrong = await run(NODE, ["--conditions=abibind-source", "examples/backend/server.ts"], { cwd: ROOT, env: { ...ks, ABIBIND_PASSWORD_FILE: "" } });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr, "abibind backend: ABIBIND_KEYSTORE needs ABIBIND_PASSWORD_FILE (a service cannot prompt for a password)\n");
  });
});
