// Concurrent reads are folded: into Multicall3 aggregate3 when the chain has it (deployed here at
// its canonical address with anvil_setCode), else into a JSON-RPC batch. Reverts stay per call.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { connect } from "../../src/index.ts";
import { MULTICALL3_ADDRESS } from "../../src/connect/readBatcher.ts";
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { MULTICALL3_RUNTIME } from "../helpers/multicall3.ts";

describe("read batching", () => {
  let anvil: Anvil;
  let address: string;
  before(async () => {
    anvil = await startAnvil();
    const c = await connect(anvil.http);
    const demo = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, c.provider)).deploy();
    await demo.waitForDeployment();
    address = await demo.getAddress();
    await c.close();
  });
  after(async () => {
    await anvil.stop();
  });

  it("sends a lone read in the turn it was made, as one plain eth_call", async () => {
    const c = await connect(anvil.http);
    try {
      const demo = CallDemo__factory.connect(address, c.provider);
      const before = c.provider.batcher!.requests;
      const read = demo.year();
      await null; // one microtask later: no waiting for a later turn of the event loop
      assert.equal(c.provider.batcher!.requests - before, 1);
      assert.equal(await read, 2020n);
      for (let i = 0; i < 20; i++) assert.equal(await demo.year(), 2020n);
      assert.equal(c.provider.batcher!.requests - before, 21, "one request per sequential read");
    } finally {
      await c.close();
    }
  });

  it("answers 1000 concurrent reads with JSON-RPC batches of 100 when there is no Multicall3", async () => {
    const c = await connect(anvil.http);
    try {
      const demo = CallDemo__factory.connect(address, c.provider);
      const before = c.provider.batcher!.requests;
      const years = await Promise.all(Array.from({ length: 1000 }, () => demo.year()));
      assert.ok(years.every((y) => y === 2020n));
      // One JSON-RPC batch per 100 reads (providers cap batch sizes), plus the Multicall3 probe.
      assert.ok(c.provider.batcher!.requests - before <= 11, `${c.provider.batcher!.requests - before} requests`);
    } finally {
      await c.close();
    }
  });

  it("folds 1000 concurrent reads into at most 10 node requests with Multicall3, and keeps reverts per call", async () => {
    await rpc(anvil.http, "anvil_setCode", [MULTICALL3_ADDRESS, MULTICALL3_RUNTIME]);
    for (const kind of ["http", "ws", "ipc"] as const) {
      const c = await connect(anvil[kind]);
      try {
        const demo = CallDemo__factory.connect(address, c.provider);
        const before = c.provider.batcher!.requests;
        const years = await Promise.all(Array.from({ length: 1000 }, () => demo.year()));
        assert.ok(years.every((y) => y === 2020n));
        const used = c.provider.batcher!.requests - before;
        assert.ok(used <= 10, `${kind}: ${used} node requests for 1000 reads`);
        const [ok, bad] = await Promise.allSettled([demo.year(), demo.setYear.staticCall(0)]);
        assert.equal(ok.status === "fulfilled" && ok.value, 2020n);
        assert.equal(bad.status, "rejected");
        assert.equal(CallDemo__factory.decodeError((bad as PromiseRejectedResult).reason.data)?.name, "InvalidYear");
      } finally {
        await c.close();
      }
    }
  });

  it("folds the reads made while a request is in flight into one request", async () => {
    await rpc(anvil.http, "anvil_setCode", [MULTICALL3_ADDRESS, MULTICALL3_RUNTIME]);
    for (const kind of ["http", "ws", "ipc"] as const) {
      const c = await connect(anvil[kind]);
      try {
        const demo = CallDemo__factory.connect(address, c.provider);
        const before = c.provider.batcher!.requests;
        const first = demo.year();
        await null; // `first` is on the wire
        const years = await Promise.all([first, ...Array.from({ length: 50 }, () => demo.year())]);
        assert.ok(years.every((y) => y === 2020n));
        assert.equal(c.provider.batcher!.requests - before, 2, `${kind}: the first read alone, then the other 50 together`);
      } finally {
        await c.close();
      }
    }
  });

  it("keeps folding reads that come from many I/O callbacks (a server under load), then goes back to sending lone reads at once", async () => {
    const c = await connect(anvil.http);
    try {
      const demo = CallDemo__factory.connect(address, c.provider);
      const batcher = c.provider.batcher!;
      // Reads from separate callbacks of one turn, as a server's requests arrive.
      const fromCallbacks = (n: number): Promise<bigint[]> =>
        Promise.all(Array.from({ length: n }, () => new Promise<bigint>((resolve, reject) => setImmediate(() => demo.year().then(resolve, reject)))));
      let before = batcher.requests;
      assert.ok((await fromCallbacks(20)).every((y) => y === 2020n));
      assert.equal(batcher.requests - before, 2, "the first read at once, the other 19 folded");
      before = batcher.requests;
      assert.ok((await fromCallbacks(20)).every((y) => y === 2020n));
      assert.equal(batcher.requests - before, 1, "all 20 folded: the batcher knows reads come this way");
      assert.equal(await demo.year(), 2020n); // a lone read: sequential use is back
      before = batcher.requests;
      const read = demo.year();
      await null;
      assert.equal(batcher.requests - before, 1, "a lone read leaves in its own turn again");
      assert.equal(await read, 2020n);
    } finally {
      await c.close();
    }
  });

  it("sends a read with `from` alone (an aggregate3 would change msg.sender)", async () => {
    const c = await connect(anvil.http);
    try {
      const demo = CallDemo__factory.connect(address, c.provider);
      const from = new Wallet(ANVIL_KEY_0).address;
      const data = demo.interface.encodeFunctionData("year");
      const before = c.provider.batcher!.requests;
      const [withFrom, a, b] = await Promise.all([c.provider.call({ to: address, data, from }), demo.year(), demo.year()]);
      assert.equal(BigInt(withFrom), 2020n);
      assert.equal(a, 2020n);
      assert.equal(b, 2020n);
      assert.equal(c.provider.batcher!.requests - before, 1, "the two plain reads folded");
      assert.equal(BigInt(await c.provider.call({ to: address, data, from })), 2020n);
      assert.equal(c.provider.batcher!.requests - before, 1, "the read with `from` went around the batcher");
    } finally {
      await c.close();
    }
  });
});
