// connect(): HTTP, WebSocket and IPC against a real anvil; chain pinning; deadlines; redaction;
// a socket that survives the node restarting.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Contract, Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { connect } from "../../src/index.ts";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";

describe("connect", () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil();
  });
  after(async () => {
    await anvil.stop();
  });

  for (const kind of ["http", "ws", "ipc"] as const) {
    it(`deploys, reads, writes and decodes a custom error over ${kind}`, async () => {
      const client = await connect(anvil[kind]);
      try {
        assert.equal(client.chainId, 31337n);
        assert.equal(client.kind, kind);
        const wallet = new Wallet(ANVIL_KEY_0, client.provider);
        const demo = await new CallDemo__factory(wallet).deploy();
        await demo.waitForDeployment();
        assert.equal(await demo.year(), 2020n);
        const plain = new Contract(await demo.getAddress(), CallDemo__factory.abi, client.provider);
        assert.equal(await plain.getFunction("year")(), 2020n);
        const receipt = await (await demo.setYear(2024)).wait();
        assert.equal(receipt?.status, 1);
        assert.equal(await demo.year(), 2024n);
        await assert.rejects(demo.setYear(0), (e: { data?: string }) => CallDemo__factory.decodeError(e.data ?? "0x")?.name === "InvalidYear");
      } finally {
        await client.close();
      }
    });
  }

  it("emits the receipt of a transaction already mined without waiting for another block", async () => {
    const client = await connect(anvil.http);
    try {
      const wallet = new Wallet(ANVIL_KEY_0, client.provider);
      const tx = await wallet.sendTransaction({ to: wallet.address, value: 1n });
      // Mined in its own block; no other block follows. ethers' block-driven watcher waits for one.
      const started = Date.now();
      const receipt = await new Promise<unknown>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error("no receipt event within 3 s")), 3000);
        void client.provider.once(tx.hash, (r: unknown) => {
          clearTimeout(t);
          resolve(r);
        });
      });
      assert.equal((receipt as { hash: string }).hash, tx.hash);
      assert.ok(Date.now() - started < 3000);
    } finally {
      await client.close();
    }
  });

  it("rejects the wrong chain with ChainMismatchError", async () => {
    await assert.rejects(connect(anvil.http, { chainId: 1 }), {
      name: "ChainMismatchError",
      code: "CHAIN_MISMATCH",
      message: `the RPC endpoint ${anvil.http} is on chain 31337, expected chain 1`,
    });
  });

  it("lets the process exit after close() over ws and ipc", async () => {
    const script = `import { connect } from ${JSON.stringify(`${ROOT}src/index.ts`)};
      for (const ep of [${JSON.stringify(anvil.ws)}, ${JSON.stringify(anvil.ipc)}]) { const c = await connect(ep); await c.provider.getBlockNumber(); await c.close(); }
      console.log("done");`;
    const r = await run(NODE, ["--input-type=module", "-e", script], { cwd: ROOT, timeoutMs: 10_000 });
    assert.equal(r.stdout.trim(), "done", r.stderr);
    assert.equal(r.code, 0);
  });

  it("keeps working after the node restarts on the same port (ws and ipc reconnect)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ab-"));
    const node = await startAnvil({ dir });
    const clients = [await connect(node.ws), await connect(node.ipc)];
    try {
      for (const c of clients) assert.equal(await c.provider.getBlockNumber(), 0);
      const { port } = node;
      await node.stop();
      const again = await startAnvil({ port, dir, args: ["--block-time", "1"] });
      try {
        await new Promise((r) => setTimeout(r, 2500));
        for (const c of clients) assert.ok((await c.provider.getBlockNumber()) >= 1);
      } finally {
        await again.stop();
      }
    } finally {
      for (const c of clients) await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("connect failures", () => {
  it("fails fast with one message on a closed port", async () => {
    await assert.rejects(connect("http://127.0.0.1:1"), { code: "ENDPOINT_UNREACHABLE", message: "cannot reach the RPC endpoint http://127.0.0.1:1 (ECONNREFUSED)" });
  });

  it("gives up at the deadline on an endpoint that never answers", async () => {
    const sockets: Socket[] = [];
    const srv = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as { port: number }).port;
    const started = Date.now();
    try {
      await assert.rejects(connect(`http://127.0.0.1:${port}`, { timeoutMs: 1500 }), { code: "TIMEOUT" });
      await assert.rejects(connect(`ws://127.0.0.1:${port}`, { timeoutMs: 1500 }), { code: "TIMEOUT" });
      assert.ok(Date.now() - started < 6000);
    } finally {
      for (const s of sockets) s.destroy();
      srv.close();
    }
  });

  it("never shows credentials or API keys of the endpoint", async () => {
    const secretUrl = "http://alice:hunter2secret@127.0.0.1:1/v3/0123456789abcdef0123456789abcdef?apikey=topsecretkey";
    await assert.rejects(connect(secretUrl), (e: Error) => {
      assert.equal(e.message, "cannot reach the RPC endpoint http://***@127.0.0.1:1/v3/***?apikey=*** (ECONNREFUSED)");
      return true;
    });
  });

  it("rejects an unsupported scheme", async () => {
    await assert.rejects(connect("ftp://example.com"), { code: "ENDPOINT_INVALID" });
  });
});
