import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Contract } from "ethers";
import { type Client, connect } from "../../src/connect/connect.ts";
import { type Anvil, startAnvil } from "../helpers/anvil.ts";
import { CALLDEMO_ABI, deployCallDemo, directLogs, key, makeHistory } from "./fixture.ts";
import { contractLogs } from "../../src/events/contractLogs.ts";

let anvil: Anvil;
let handle: Client;
let demo: string;

before(async () => {
  anvil = await startAnvil();
  demo = await deployCallDemo(anvil.http);
  await makeHistory(anvil.http, demo, { blocks: 10, perBlock: 2 });
  handle = await connect(anvil.http);
});
after(async () => {
  await handle.close();
  await anvil.stop();
});

describe("contractLogs", () => {
  it("logs.YearChanged({ fromBlock, toBlock, args }) on an ethers Contract, filtered by indexed args", async () => {
    const logs = contractLogs(handle.provider, new Contract(demo, CALLDEMO_ABI as never, handle.provider));
    const all = await logs.YearChanged!({ fromBlock: 0 }, { initialChunk: 3 });
    const ref = await directLogs(anvil.http, { address: demo, fromBlock: "0x0", toBlock: "latest" });
    assert.deepEqual(all.map(key), ref.map(key));
    assert.deepEqual([all[0]!.args!.previous, all[0]!.args!.current], [2020n, 3000n]);
    const one = await logs["YearChanged(uint256,uint256)"]!({ fromBlock: 0, toBlock: "latest", args: { previous: 3004n } });
    assert.deepEqual(one.map((l) => l.args!.current), [3005n]);
    const some = await logs.YearChanged!({ fromBlock: 0, args: [[3001n, 3010n]] });
    assert.deepEqual(some.map((l) => l.args!.current), [3002n, 3011n]);
    assert.equal((await logs.all({ fromBlock: 0, toBlock: all[3]!.blockNumber })).length, 4);
  });

  it("rejects an argument that is not an indexed parameter", async () => {
    const logs = contractLogs(handle.provider, { address: demo, abi: CALLDEMO_ABI as never });
    await assert.rejects(logs.YearChanged!({ fromBlock: 0, args: { current: 1n } }), /no indexed parameter "current"/);
  });
});
