// Request deadlines share one timer: each waiting request still fails at its own deadline, a
// finished one never does, and an idle timer does not keep the process alive.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { connect } from "../index.ts";
import { Deadlines } from "./deadlines.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Deadlines", () => {
  it("expires a waiting item at its deadline and never a finished one", async () => {
    const expired: string[] = [];
    const d = new Deadlines<string>((item) => expired.push(item));
    d.add("waits", 40);
    d.add("finishes", 40);
    d.delete("finishes");
    await sleep(10);
    assert.deepEqual(expired, [], "not before its deadline");
    await sleep(120);
    assert.deepEqual(expired, ["waits"]);
    d.clear();
  });

  it("honours a deadline shorter than those already waiting (a retry's remaining time)", async () => {
    const expired: string[] = [];
    const d = new Deadlines<string>((item) => expired.push(item));
    d.add("long", 10_000);
    d.add("short", 30);
    await sleep(150);
    assert.deepEqual(expired, ["short"]);
    d.clear();
  });

  it("keeps expiring items added after a sweep found nothing to expire", async () => {
    const expired: string[] = [];
    const d = new Deadlines<string>((item) => expired.push(item));
    d.add("first", 20);
    d.delete("first");
    await sleep(60); // the timer fired and found nothing
    d.add("second", 20);
    await sleep(100);
    assert.deepEqual(expired, ["second"]);
    d.clear();
  });
});

describe("request deadlines on a socket", () => {
  it("fails a request the node never answers with TIMEOUT, and the next one still works", { timeout: 10_000 }, async () => {
    // An IPC "node" that answers eth_chainId (so connect succeeds) and then only every other request.
    const dir = mkdtempSync(join(tmpdir(), "ab-"));
    const path = join(dir, "n.ipc");
    let seen = 0;
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      sockets.push(s);
      let buf = "";
      s.setEncoding("utf8");
      s.on("data", (chunk: string) => {
        buf += chunk;
        let req: { id: number; method: string };
        try {
          req = JSON.parse(buf) as typeof req; // the client sends one request at a time
        } catch {
          return; // not all of it yet
        }
        buf = "";
        if (req.method === "eth_chainId") s.write(`${JSON.stringify({ jsonrpc: "2.0", id: req.id, result: "0x7a69" })}\n`);
        else if (seen++ % 2 === 1) s.write(`${JSON.stringify({ jsonrpc: "2.0", id: req.id, result: "0x5" })}\n`);
      });
    });
    await new Promise<void>((r) => server.listen(path, r));
    const client = await connect(path, { timeoutMs: 600 });
    try {
      const started = Date.now();
      await assert.rejects(client.provider.send("eth_blockNumber", []), {
        code: "TIMEOUT",
        message: `the RPC endpoint ${path} did not answer within 1 s`,
      });
      assert.ok(Date.now() - started >= 550, "not before the deadline");
      assert.equal(await client.provider.send("eth_blockNumber", []), "0x5");
    } finally {
      await client.close();
      for (const s of sockets) s.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
