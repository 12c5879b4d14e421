// aggregate3 is encoded and decoded by hand for speed: it must agree with ethers' ABI coder.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbiCoder, Interface, hexlify, randomBytes } from "ethers";
import { decodeAggregate3, encodeAggregate3 } from "./readBatcher.ts";

const iface = new Interface([
  "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[] returnData)",
]);

describe("aggregate3 codec", () => {
  it("encodes calldata exactly as ethers does, for empty, short and odd-length payloads", () => {
    for (const sizes of [[], [4], [0, 4, 36, 37, 64, 100], Array.from({ length: 50 }, (_, i) => i * 3)]) {
      const calls = sizes.map((n) => ({ to: hexlify(randomBytes(20)), data: hexlify(randomBytes(n)) }));
      assert.equal(encodeAggregate3(calls), iface.encodeFunctionData("aggregate3", [calls.map((c) => [c.to, true, c.data])]));
    }
  });

  it("decodes results exactly as ethers does, and refuses data of another shape", () => {
    const results = [[true, "0x"], [false, hexlify(randomBytes(68))], [true, hexlify(randomBytes(32))], [true, hexlify(randomBytes(7))]] as [boolean, string][];
    const encoded = AbiCoder.defaultAbiCoder().encode(["(bool,bytes)[]"], [results]);
    assert.deepEqual(decodeAggregate3(encoded, results.length), results);
    assert.equal(decodeAggregate3(encoded, results.length + 1), null, "wrong count");
    assert.equal(decodeAggregate3(encoded.slice(0, encoded.length - 64), results.length), null, "truncated");
    assert.equal(decodeAggregate3("0x", 0), null);
  });
});
