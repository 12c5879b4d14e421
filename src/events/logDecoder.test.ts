// Unit tier: topic filters by name land at the indexed parameter's own position, whatever
// non-indexed parameters come before it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbiCoder, id } from "ethers";
import { LogDecoder } from "./logDecoder.ts";

const ABI = ["event Paid(uint256 amount, address indexed payer, uint256 indexed invoice, string memo)"];
const TOPIC0 = id("Paid(uint256,address,uint256,string)");
const word = (type: string, v: unknown): string => AbiCoder.defaultAbiCoder().encode([type], [v]);

describe("LogDecoder.topicsFor", () => {
  const decoder = new LogDecoder([ABI]);

  it("maps an indexed argument after a non-indexed one to its own topic", () => {
    assert.deepEqual(decoder.topicsFor("Paid", { invoice: 7n }), [TOPIC0, null, word("uint256", 7n)]);
    const payer = "0x00000000000000000000000000000000000000aa";
    assert.deepEqual(decoder.topicsFor("Paid", { payer }), [TOPIC0, word("address", payer)]);
  });

  it("takes positions over all inputs, as ethers' filters do", () => {
    assert.deepEqual(decoder.topicsFor("Paid", [null, null, 7n]), [TOPIC0, null, word("uint256", 7n)]);
  });

  it("names a filter on a non-indexed or unknown parameter", () => {
    assert.throws(() => decoder.topicsFor("Paid", { amount: 1n }), { code: "USAGE", message: 'event Paid has no indexed parameter "amount"' });
    assert.throws(() => decoder.topicsFor("Nope"), { code: "USAGE", message: 'no ABI has an event "Nope"' });
  });
});
