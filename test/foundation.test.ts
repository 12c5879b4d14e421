// The seed flow end to end: scripts/call.ts on Hardhat's embedded network and against a real
// anvil over HTTP, WebSocket and IPC, and its one-line failures.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "./helpers/anvil.ts";
import { NODE, ROOT, run } from "./helpers/run.ts";

const callTs = join(ROOT, "scripts/call.ts");
const clean = { ABIBIND_RPC: "", ABIBIND_ADDRESS: "", ABIBIND_KEY_FILE: "" };

describe("scripts/call.ts on the embedded Hardhat network", () => {
  it("prints 2020, then 2021 after setYear, run as plain node", async () => {
    const r = await run(NODE, [callTs], { cwd: ROOT, env: clean });
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.trim().split("\n"), ["2020", "2021"]);
  });

  it("prints 2020, then 2021, run by npx hardhat run", async () => {
    const r = await run(join(ROOT, "node_modules/.bin/hardhat"), ["run", "scripts/call.ts"], { cwd: ROOT, env: clean });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n").slice(-2), ["2020", "2021"]);
  });
});

describe("scripts/call.ts against anvil", () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil();
  });
  after(async () => {
    await anvil.stop();
  });

  for (const transport of ["http", "ws", "ipc"] as const) {
    it(`deploys and prints 2020 then 2021 over ${transport}`, async () => {
      const r = await run(NODE, [callTs], { cwd: ROOT, env: { ...clean, ABIBIND_RPC: anvil[transport] } });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split("\n"), ["2020", "2021"]);
    });
  }

  it("binds ABIBIND_ADDRESS instead of deploying, signing with ABIBIND_KEY_FILE", async () => {
    const deployed = await run(NODE, [callTs], { cwd: ROOT, env: { ...clean, ABIBIND_RPC: anvil.http } });
    assert.equal(deployed.code, 0, deployed.stderr);
    // The deployment address: anvil's first account, read back from the node.
    const { rpc } = await import("./helpers/anvil.ts");
    const block = await rpc(anvil.http, "eth_getBlockByNumber", ["0x1", true]);
    const receipt = await rpc(anvil.http, "eth_getTransactionReceipt", [block.transactions[0].hash]);
    const keyFile = join(anvil.dir, "key");
    writeFileSync(keyFile, `${ANVIL_KEY_0}\n`, { mode: 0o600 });
    const r = await run(NODE, [callTs], {
      cwd: ROOT,
      env: { ...clean, ABIBIND_RPC: anvil.ipc, ABIBIND_ADDRESS: receipt.contractAddress, ABIBIND_KEY_FILE: keyFile },
    });
    assert.equal(r.code, 0, r.stderr);
    // The first run already set 2021: the current value, then the value after setYear(2021).
    assert.deepEqual(r.stdout.trim().split("\n"), ["2021", "2021"]);
    assert.ok(!r.stdout.includes(ANVIL_KEY_0.slice(2)) && !r.stderr.includes(ANVIL_KEY_0.slice(2)));
  });

  it("ends with one line when the address has no code", async () => {
    const r = await run(NODE, [callTs], {
      cwd: ROOT,
      env: { ...clean, ABIBIND_RPC: anvil.http, ABIBIND_ADDRESS: "0x0000000000000000000000000000000000000abc" },
    });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "call.ts: no contract at 0x0000000000000000000000000000000000000aBc: the address has no code on this chain\n");
  });

  it("ends with one line when the address is not an address", async () => {
    const r = await run(NODE, [callTs], { cwd: ROOT, env: { ...clean, ABIBIND_RPC: anvil.http, ABIBIND_ADDRESS: "0x1234" } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'call.ts: ABIBIND_ADDRESS "0x1234" is not a valid address (20 bytes of hex, checksummed if mixed-case)\n');
  });
});

describe("scripts/call.ts with a dead endpoint", () => {
  it("ends with one line naming the endpoint when the port is closed", async () => {
    const r = await run(NODE, [callTs], { cwd: ROOT, env: { ...clean, ABIBIND_RPC: "http://127.0.0.1:1" } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "call.ts: cannot reach the RPC endpoint http://127.0.0.1:1 (ECONNREFUSED)\n");
    assert.ok(r.ms < 15_000);
  });

  it("ends with one line when the IPC socket does not exist", async () => {
    const r = await run(NODE, [callTs], { cwd: ROOT, env: { ...clean, ABIBIND_RPC: "/nonexistent/abibind.ipc" } });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "call.ts: cannot reach the RPC endpoint /nonexistent/abibind.ipc (ENOENT)\n");
  });

  it("gives up within 15 s on an endpoint that accepts connections and never answers", async () => {
    const { createServer } = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const srv = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    try {
      const r = await run(NODE, [callTs], { cwd: ROOT, env: { ...clean, ABIBIND_RPC: `http://127.0.0.1:${port}` } });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `call.ts: the RPC endpoint http://127.0.0.1:${port} did not answer within 12 s\n`);
      assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      srv.close();
    }
  });
});
