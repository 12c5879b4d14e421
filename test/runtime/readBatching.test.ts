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
});
