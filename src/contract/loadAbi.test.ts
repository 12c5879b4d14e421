// Unit tier: choosing the contract to deploy. A bare name that several contracts share is not a
// loop of "choose one": the answer names the fully qualified names to give; test contracts are
// offered only when named.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type AbiContract, AbiSet } from "./loadAbi.ts";

const contract = (name: string, sourceUnit: string): AbiContract => ({ name, file: `artifacts/${sourceUnit}/${name}.json`, sourceUnit, abi: [], links: [] });
const set = new AbiSet(
  [
    contract("Token", "contracts/a/Token.sol"),
    contract("Token", "contracts/b/Token.sol"),
    contract("Vault", "contracts/Vault.sol"),
    contract("VaultTest", "contracts/Vault.t.sol"),
    contract("Helper", "test/fixtures/Helper.sol"),
  ],
  "artifacts",
);

describe("AbiSet.findContract", () => {
  it("takes a fully qualified path/File.sol:Name", () => {
    assert.equal(set.findContract("contracts/b/Token.sol:Token").sourceUnit, "contracts/b/Token.sol");
  });

  it("says which qualified names to give when a bare name is ambiguous", () => {
    assert.throws(() => set.findContract("Token"), {
      code: "USAGE",
      message: "several contracts are named Token in artifacts: give its fully qualified name, one of contracts/a/Token.sol:Token, contracts/b/Token.sol:Token",
    });
  });

  it("does not offer test contracts, but gives them when named", () => {
    assert.throws(() => set.findContract(), {
      message: "artifacts holds several contracts (contracts/a/Token.sol:Token, contracts/b/Token.sol:Token, Vault): choose one by name, or as path/File.sol:Name",
    });
    assert.equal(set.findContract("VaultTest").name, "VaultTest");
    assert.equal(set.findContract("test/fixtures/Helper.sol:Helper").name, "Helper");
    assert.throws(() => set.findContract("Nope"), { message: "no contract Nope in artifacts (has: contracts/a/Token.sol:Token, contracts/b/Token.sol:Token, Vault)" });
  });

  it("returns the only contract", () => {
    assert.equal(new AbiSet([contract("Vault", "contracts/Vault.sol"), contract("VaultTest", "contracts/Vault.t.sol")], "x").findContract().name, "Vault");
  });
});
