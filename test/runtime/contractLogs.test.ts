// contract.logs through the generated bindings: chunked history of one event, filtered by an
// indexed argument, decoded with the ABI, exactly the node's own answer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { connect } from "../../src/index.ts";
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
});
