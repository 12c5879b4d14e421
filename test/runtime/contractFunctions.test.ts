// The library functions the CLI's call/send/deploy/decode are made of, used from code against a
// real anvil: what a user's backend can do without generated bindings.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { type Client, connect, decodeData, deployContract, loadAbi, readContract, SqliteStore, writeContract } from "../../src/index.ts";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { ROOT } from "../helpers/run.ts";

const TRAPS = `${ROOT}test/fixtures/codegen/compiled/hardhat/Traps.sol`;

describe("loadAbi, readContract, writeContract, deployContract, decodeData", () => {
  let anvil: Anvil;
  let client: Client;
  let signer: Wallet;
  let demo: string;
  before(async () => {
    anvil = await startAnvil();
    client = await connect(anvil.http);
    signer = new Wallet(ANVIL_KEY_0, client.provider);
    const abis = loadAbi(`${ROOT}abi`);
    const callDemo = abis.contracts.find((c) => c.name === "CallDemo")!;
    const deployed = await deployContract({ signer, contract: callDemo });
    assert.equal(deployed.contractName, "CallDemo");
    assert.equal(deployed.receipt.status, 1);
    demo = deployed.address;
  });
  after(async () => {
    await client.close();
    await anvil.stop();
  });

  it("reads with a loaded ABI or a plain one, typed result and its JSON form", async () => {
    const r = await readContract({ provider: client.provider, address: demo, abi: loadAbi(`${ROOT}abi/CallDemo.abi`), functionName: "year" });
    assert.deepEqual(r, { signature: "year()", result: 2020n, resultJson: "2020" });
    const plain = await readContract({ provider: client.provider, address: demo, abi: ["function year() view returns (uint256)"], functionName: "year()" });
    assert.equal(plain.result, 2020n);
  });

  it("writes (simulated, mined, status checked), with arguments as values or text", async () => {
    const abi = loadAbi(`${ROOT}abi`);
    const w = await writeContract({ signer, address: demo, abi, functionName: "setYear", args: [2031n] });
    assert.equal(w.signature, "setYear(uint256)");
    assert.equal(w.receipt.status, 1);
    assert.equal(w.from, signer.address);
    await writeContract({ signer: async () => signer, address: demo, abi, functionName: "setYear", args: ["0x7f0"] });
    assert.equal((await readContract({ provider: client.provider, address: demo, abi, functionName: "year" })).result, 2032n);
  });

  it("a revert surfaces from the simulation, decoded, and the signer is not loaded for a bad call", async () => {
    const abi = loadAbi(`${ROOT}abi`);
    await assert.rejects(writeContract({ signer, address: demo, abi, functionName: "setYear", args: [0] }), { code: "CONTRACT_REVERT", shortMessage: /InvalidYear\(given=0\)/ });
    let loaded = false;
    const lazy = async () => ((loaded = true), signer);
    await assert.rejects(writeContract({ signer: lazy, address: demo, abi, functionName: "setYear", args: [-1] }), { code: "INVALID_ARGUMENT" });
    assert.equal(loaded, false);
  });

  it("journals a write: the same idempotency key twice is one transaction", async () => {
    const store = new SqliteStore(":memory:");
    try {
      const journal = { store, idempotencyKey: "order-1" };
      const abi = loadAbi(`${ROOT}abi`);
      const a = await writeContract({ signer, address: demo, abi, functionName: "setYear", args: [2040], journal });
      const b = await writeContract({ signer, address: demo, abi, functionName: "setYear", args: [2040], journal });
      assert.equal(b.receipt.hash, a.receipt.hash);
    } finally {
      await store.close();
    }
  });

  it("deploys with libraries linked by name or by full key", async () => {
    const lib = async (name: string) => (await deployContract({ signer, contract: loadAbi(`${TRAPS}/${name}.json`).contracts[0]! })).address;
    const math = await lib("MathLib");
    const other = await lib("Other_Lib");
    const abi = loadAbi(`${TRAPS}/UsesLib.json`);
    const usesLib = abi.contracts[0]!;
    await assert.rejects(deployContract({ signer, contract: usesLib, args: [7], libraries: { MathLib: math } }), { code: "INVALID_ADDRESS", shortMessage: /library Traps\.sol:Other_Lib needs an address/ });
    const fullKey = usesLib.links.find((l) => l.key.endsWith(":Other_Lib"))!.key;
    const d = await deployContract({ signer, contract: usesLib, args: ["7"], libraries: { MathLib: math, [fullKey]: other } });
    assert.equal((await readContract({ provider: client.provider, address: d.address, abi, functionName: "sum", args: [5] })).result, 24n);
  });

  it("decodes calldata, revert data and event logs", () => {
    const abi = loadAbi(`${ROOT}abi`);
    const call = decodeData({ abi, data: "0xbdd85ffa00000000000000000000000000000000000000000000000000000000000007e4" });
    assert.equal(call.kind, "function");
    assert.equal(call.args[0], 2020n);
    assert.deepEqual(call.argsJson, { newYear: "2020" });
    const panic = decodeData({ abi, data: `0x4e487b71${(0x11).toString(16).padStart(64, "0")}` });
    assert.deepEqual([panic.kind, panic.signature], ["error", "Panic(uint256)"]);
    const topic0 = "0x1b76843631c6b8fb319fba86859c479a7a3cd636ee165aaa11229b52af856ee6";
    const ev = decodeData({ abi, data: `0x${(2021).toString(16).padStart(64, "0")}`, topics: [topic0, `0x${(2020).toString(16).padStart(64, "0")}`] });
    assert.deepEqual(ev.argsJson, { previous: "2020", current: "2021" });
    assert.throws(() => decodeData({ abi, data: "0x12" }), { code: "INVALID_INPUT" });
    assert.throws(() => decodeData({ abi, data: "0xdeadbeef" }), { code: "FUNCTION_NOT_FOUND" });
  });

  it("names the file at fault when an ABI cannot be loaded", () => {
    assert.throws(() => loadAbi(`${ROOT}no-such.abi`), { code: "INVALID_ABI", shortMessage: /no-such\.abi: no such file or directory$/ });
  });
});
