// Sends that never repeat: the sender is killed (SIGKILL) after the node accepted its transaction
// and before it printed anything; the node may even lose the transaction. A second run with the
// same journal and idempotency key never signs a new transaction.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";

const cli = join(ROOT, "src/cli/main.ts");
const FROM = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

async function waitFor<T>(what: string, fn: () => Promise<T | null>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("send --journal --idempotency-key", () => {
  let anvil: Anvil;
  let key: string;
  let address: string;
  before(async () => {
    anvil = await startAnvil();
    key = join(anvil.dir, "key");
    writeFileSync(key, ANVIL_KEY_0);
    const d = await run(NODE, [cli, "deploy", "abi/CallDemo.abi", "--rpc", anvil.http, "--private-key-file", key, "--json"], { cwd: ROOT });
    address = JSON.parse(d.stdout).address;
  });
  after(async () => {
    await anvil.stop();
  });

  async function killedMidSend(journal: string, idem: string, year: string): Promise<string> {
    await rpc(anvil.http, "evm_setAutomine", [false]);
    const child = spawn(NODE, [cli, "send", address, "setYear", year, "--abi", "abi", "--rpc", anvil.http, "--private-key-file", key, "--journal", journal, "--idempotency-key", idem, "--json"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    child.stdout.on("data", (d: Buffer) => (printed += d.toString()));
    const hash = await waitFor("the transaction in the mempool", async () => {
      const pool = await rpc(anvil.http, "txpool_content", []);
      const mine = pool.pending?.[FROM] ?? pool.pending?.[FROM.toLowerCase()];
      const txs = mine ? Object.values(mine) as { hash: string }[] : [];
      return txs.length > 0 ? txs[0]!.hash : null;
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    assert.equal(printed, "", "killed before printing anything");
    return hash;
  }

  it("after a kill, a second run reports the journaled transaction and signs nothing new", async () => {
    const journal = join(anvil.dir, "j1.db");
    const nonceBefore = BigInt(await rpc(anvil.http, "eth_getTransactionCount", [FROM, "latest"]));
    const hash = await killedMidSend(journal, "order-1", "2041");
    await rpc(anvil.http, "evm_setAutomine", [true]);
    await rpc(anvil.http, "evm_mine", []);
    const again = await run(NODE, [cli, "send", address, "setYear", "2041", "--abi", "abi", "--rpc", anvil.http, "--private-key-file", key, "--journal", journal, "--idempotency-key", "order-1", "--json"], { cwd: ROOT });
    assert.equal(again.code, 0, again.stderr);
    const doc = JSON.parse(again.stdout);
    assert.equal(doc.transactionHash, hash);
    assert.equal(doc.status, "1");
    assert.equal(BigInt(await rpc(anvil.http, "eth_getTransactionCount", [FROM, "latest"])), nonceBefore + 1n, "exactly one transaction");
  });

  it("after a kill and the node losing the transaction, a second run rebroadcasts the same signed bytes", async () => {
    const journal = join(anvil.dir, "j2.db");
    const nonceBefore = BigInt(await rpc(anvil.http, "eth_getTransactionCount", [FROM, "latest"]));
    const hash = await killedMidSend(journal, "order-2", "2042");
    await rpc(anvil.http, "anvil_dropTransaction", [hash]);
    await rpc(anvil.http, "evm_setAutomine", [true]);
    const again = await run(NODE, [cli, "send", address, "setYear", "2042", "--abi", "abi", "--rpc", anvil.http, "--private-key-file", key, "--journal", journal, "--idempotency-key", "order-2", "--json"], { cwd: ROOT });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).transactionHash, hash);
    assert.equal(BigInt(await rpc(anvil.http, "eth_getTransactionCount", [FROM, "latest"])), nonceBefore + 1n);
  });

  it("refuses the same key with other arguments, naming the key", async () => {
    const journal = join(anvil.dir, "j3.db");
    const args = ["send", address, "setYear", "2043", "--abi", "abi", "--rpc", anvil.http, "--private-key-file", key, "--journal", journal, "--idempotency-key", "order-3", "--json"];
    const first = await run(NODE, [cli, ...args], { cwd: ROOT });
    assert.equal(first.code, 0, first.stderr);
    const repeat = await run(NODE, [cli, ...args], { cwd: ROOT });
    assert.equal(repeat.stdout, first.stdout, "a plain repeat returns the first result");
    const other = await run(NODE, [cli, ...args.map((a) => (a === "2043" ? "2044" : a))], { cwd: ROOT });
    assert.equal(other.code, 1);
    assert.equal(other.stderr, 'abibind send: idempotency key "order-3" was already used for a different transaction\n');
  });

  it("leaves no journal file behind when the call itself is wrong", async () => {
    const journal = join(anvil.dir, "j5.db");
    const r = await run(NODE, [cli, "send", address, "setYear", "not-a-number", "--abi", "abi", "--rpc", anvil.http, "--private-key-file", key, "--journal", journal, "--idempotency-key", "order-5"], { cwd: ROOT });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^abibind send: .*not-a-number/);
    assert.ok(!existsSync(journal), "no journal was created");
  });

  it("refuses --journal with a node-managed signer", async () => {
    const r = await run(NODE, [cli, "send", address, "setYear", "1", "--abi", "abi", "--rpc", anvil.http, "--from", FROM, "--journal", join(anvil.dir, "j4.db"), "--idempotency-key", "x"], { cwd: ROOT });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^abibind send: --journal needs a local signer/);
  });
});
