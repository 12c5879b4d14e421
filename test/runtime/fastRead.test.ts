// Typed reads through the generated bindings take abibind's fast path (precomputed selector,
// direct decoding) and answer exactly what ethers' Contract answers; anything unusual falls back.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Contract, Wallet } from "ethers";
import { fastReadStats } from "abibind/runtime";
import { CallDemo__factory } from "../../generated/index.js";
import { connect } from "../../src/index.ts";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";

describe("fast typed reads", () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil();
  });
  after(async () => {
    await anvil.stop();
  });

  it("reads through the fast path and agrees with ethers' Contract", async () => {
    const c = await connect(anvil.http);
    try {
      const demo = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, c.provider)).deploy();
      await demo.waitForDeployment();
      const address = await demo.getAddress();
      const typed = CallDemo__factory.connect(address, c.provider);
      const plain = new Contract(address, CallDemo__factory.abi, c.provider);
      const before = fastReadStats.fast;
      assert.equal(await typed.year(), 2020n);
      assert.equal(await demo.year(), 2020n, "a deployed contract is bound too");
      assert.equal(await typed.connect(c.provider).year(), 2020n, "connect() keeps the binding");
      assert.equal(fastReadStats.fast - before, 3);
      assert.equal(await plain.getFunction("year")(), await typed.year());
      // Overrides (a block tag) are ethers' business: the slow path answers, at that block.
      const slowBefore = fastReadStats.slow;
      assert.equal(await typed.year({ blockTag: "latest" }), 2020n);
      assert.equal(fastReadStats.slow - slowBefore, 1);
      assert.equal(typeof typed.year.staticCall, "function");
      assert.equal(typed.year.fragment.format("sighash"), "year()");
    } finally {
      await c.close();
    }
  });

  it("reports NoContractError when the address has no code (ethers says BAD_DATA)", async () => {
    const c = await connect(anvil.http);
    try {
      const nothing = CallDemo__factory.connect("0x0000000000000000000000000000000000000abc", c.provider);
      await assert.rejects(nothing.year(), {
        name: "NoContractError",
        code: "NO_CONTRACT",
        message: "no contract at 0x0000000000000000000000000000000000000aBc: the address has no code",
      });
    } finally {
      await c.close();
    }
  });
});
