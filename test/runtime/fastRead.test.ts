// Typed reads through the generated bindings take abibind's fast path (precomputed selector,
// direct decoding) and answer exactly what ethers' Contract answers; anything unusual falls back.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AbiCoder, Contract, Wallet } from "ethers";
import fc from "fast-check";
import { fastReadStats } from "abibind/runtime";
import { decodeWord } from "../../src/abi/words.ts";
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

  it("decodes a result word exactly as ethers' ABI coder does, or leaves it to ethers", () => {
    const kinds = ["uint256", "uint8", "uint64", "uint160", "int256", "int8", "int128", "address", "bool", "bytes32", "bytes1", "bytes20"];
    const hexWord = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      // small values, sign-extended negatives and padded addresses: the edges of each kind
      fc.tuple(fc.nat(32), fc.constantFrom(0, 0xff)).chain(([n, pad]) => fc.uint8Array({ minLength: n, maxLength: n }).map((tail) => new Uint8Array([...new Uint8Array(32 - n).fill(pad), ...tail]))),
    ).map((b) => Buffer.from(b).toString("hex"));
    const coder = AbiCoder.defaultAbiCoder();
    fc.assert(
      fc.property(fc.constantFrom(...kinds), hexWord, (kind, w) => {
        const ours = decodeWord(kind, w);
        let theirs: unknown;
        try {
          theirs = coder.decode([kind], `0x${w}`)[0];
        } catch {
          assert.equal(ours, undefined, `ethers rejects ${kind} ${w}`);
          return;
        }
        // undefined: the fast path steps aside and ethers answers (it masks what it does not reject).
        if (ours !== undefined) assert.equal(ours, theirs);
        // A word as ethers itself would encode the value is always answered on the fast path.
        if (coder.encode([kind], [theirs]) === `0x${w}`) assert.notEqual(ours, undefined, `${kind} ${w}`);
      }),
      { numRuns: 3000 },
    );
  });
});
