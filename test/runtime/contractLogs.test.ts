// contract.logs through the generated bindings: chunked history of one event, filtered by an
// indexed argument, decoded with the ABI, exactly the node's own answer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { connect, contractLogs } from "../../src/index.ts";
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";

describe("contract.logs on generated bindings", () => {
  let anvil: Anvil;
  before(async () => {
    anvil = await startAnvil();
  });
  after(async () => {
    await anvil.stop();
  });

  it("returns every YearChanged in order, decoded, also filtered by an indexed arg, for a deployed and a connected binding", async () => {
    const client = await connect(anvil.http);
    try {
      const demo = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, client.provider)).deploy();
      await demo.waitForDeployment();
      for (const y of [2021, 2022, 2023, 2024]) await (await demo.setYear(y)).wait();
      const raw = await rpc(anvil.http, "eth_getLogs", [{ address: await demo.getAddress(), fromBlock: "0x0", toBlock: "latest" }]);
      const viaDeployed = await demo.logs.YearChanged({ fromBlock: 0 }, { initialChunk: 2 });
      assert.deepEqual(viaDeployed.map((l) => `${l.blockHash}:${l.logIndex}`), raw.map((l: { blockHash: string; logIndex: string }) => `${l.blockHash}:${Number(l.logIndex)}`));
      assert.deepEqual(viaDeployed.map((l) => [l.args!.previous, l.args!.current]), [[2020n, 2021n], [2021n, 2022n], [2022n, 2023n], [2023n, 2024n]]);
      const typed = CallDemo__factory.connect(await demo.getAddress(), client.provider);
      const filtered = await typed.logs.YearChanged({ fromBlock: 0, args: { previous: 2022n } });
      assert.deepEqual(filtered.map((l) => l.args!.current), [2023n]);
      assert.equal((await typed.logs["YearChanged(uint256,uint256)"]({ fromBlock: 0 })).length, 4);
      assert.equal((await typed.logs.all({ fromBlock: 0 })).length, 4);
    } finally {
      await client.close();
    }
  });

  it("rejects a typed query with LogDecodeError for a log of the event's topic that does not decode; all() keeps it raw", async () => {
    const client = await connect(anvil.http);
    try {
      // A contract whose every call emits LOG4 with ERC-20's Transfer topic and 3 indexed words,
      // the ERC-721 layout: the topic matches ERC-20's ABI, the layout does not.
      const t0 = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
      const runtime = `600360026001` + `7f${t0}` + `60006000a400`;
      const creation = `0x602d600c600039602d6000f3${runtime}`;
      const wallet = new Wallet(ANVIL_KEY_0, client.provider);
      const deployed = await (await wallet.sendTransaction({ data: creation })).wait();
      const address = deployed!.contractAddress!;
      await (await wallet.sendTransaction({ to: address, data: "0x" })).wait();
      const logs = contractLogs(client.provider, { address, abi: ["event Transfer(address indexed from, address indexed to, uint256 value)"] });
      await assert.rejects(logs.Transfer!({ fromBlock: 0 }), (e: unknown) => {
        const err = e as { code: string; name: string; blockNumber: number; logIndex: number; message: string };
        assert.equal(err.name, "LogDecodeError");
        assert.equal(err.code, "LOG_DECODE");
        assert.equal(err.logIndex, 0);
        assert.match(err.message, new RegExp(`^the log at block ${err.blockNumber}, index 0 \\(address 0x[0-9a-fA-F]{40}, transaction 0x[0-9a-f]{64}\\) does not decode as Transfer\\(address,address,uint256\\)$`));
        return true;
      });
      const all = await logs.all({ fromBlock: 0 });
      assert.equal(all.length, 1);
      assert.equal(all[0]!.event, null);
      assert.equal(all[0]!.topics.length, 4);
    } finally {
      await client.close();
    }
  });
});
