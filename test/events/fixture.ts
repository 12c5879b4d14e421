// Real events on a real anvil for the log tests: CallDemo (YearChanged) deployed from its
// compiled abi/CallDemo.bin, plus a tiny contract whose LOG1 no ABI describes.
import { readFileSync } from "node:fs";
import { Interface } from "ethers";
import { rpc } from "../helpers/anvil.ts";
import { ROOT } from "../helpers/run.ts";

export const FROM = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
export const CALLDEMO_ABI = JSON.parse(readFileSync(`${ROOT}abi/CallDemo.abi`, "utf8")) as unknown[];
export const CALLDEMO_BIN = `0x${readFileSync(`${ROOT}abi/CallDemo.bin`, "utf8").trim().replace(/^0x/, "")}`;
export const calldemo = new Interface(CALLDEMO_ABI as never);
export const UNKNOWN_TOPIC = `0x${"ab".repeat(32)}`;
// Runtime: PUSH32 topic, PUSH1 0, PUSH1 0, LOG1, STOP; init code copies and returns it.
const RAW_LOGGER_BIN = `0x6027600c60003960276000f37f${"ab".repeat(32)}60006000a100`;

async function receipt(url: string, hash: string): Promise<{ contractAddress: string; blockNumber: string; status: string }> {
  for (;;) {
    const r = await rpc(url, "eth_getTransactionReceipt", [hash]);
    if (r !== null) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
}

export async function deploy(url: string, bin: string): Promise<string> {
  const hash = await rpc(url, "eth_sendTransaction", [{ from: FROM, data: bin, gas: "0x200000" }]);
  return (await receipt(url, hash)).contractAddress;
}

export async function deployCallDemo(url: string): Promise<string> {
  return deploy(url, CALLDEMO_BIN);
}

export async function deployRawLogger(url: string): Promise<string> {
  return deploy(url, RAW_LOGGER_BIN);
}

/** Sends setYear(year) and waits for it to be mined (automine). */
export async function setYear(url: string, address: string, year: number | bigint): Promise<void> {
  const hash = await rpc(url, "eth_sendTransaction", [{ from: FROM, to: address, data: calldemo.encodeFunctionData("setYear", [year]), gas: "0x100000" }]);
  await receipt(url, hash);
}

/** Sends a call to the raw logger (one undecodable log) and waits for it. */
export async function poke(url: string, address: string): Promise<void> {
  const hash = await rpc(url, "eth_sendTransaction", [{ from: FROM, to: address, data: "0x", gas: "0x100000" }]);
  await receipt(url, hash);
}

/**
 * Makes a history: `blocks` blocks, each holding `perBlock` setYear calls (several logs per block,
 * so logIndex > 0 occurs), with empty blocks in between. Returns the block range it covered.
 */
export async function makeHistory(url: string, address: string, opts: { blocks: number; perBlock: number; gap?: number; startYear?: number; rawLogger?: string }): Promise<{ first: number; last: number }> {
  const first = Number(BigInt(await rpc(url, "eth_blockNumber"))) + 1;
  let year = opts.startYear ?? 3000;
  await rpc(url, "evm_setAutomine", [false]);
  try {
    for (let b = 0; b < opts.blocks; b++) {
      for (let i = 0; i < opts.perBlock; i++) {
        await rpc(url, "eth_sendTransaction", [{ from: FROM, to: address, data: calldemo.encodeFunctionData("setYear", [year++]), gas: "0x100000" }]);
        if (opts.rawLogger !== undefined && i === 0 && b % 3 === 0) await rpc(url, "eth_sendTransaction", [{ from: FROM, to: opts.rawLogger, data: "0x", gas: "0x100000" }]);
      }
      await rpc(url, "evm_mine", []);
      if ((opts.gap ?? 0) > 0) await rpc(url, "anvil_mine", [`0x${opts.gap!.toString(16)}`]);
    }
  } finally {
    await rpc(url, "evm_setAutomine", [true]);
  }
  const last = Number(BigInt(await rpc(url, "eth_blockNumber")));
  return { first, last };
}

/** The node's own answer, in one request: the reference set the scans must reproduce exactly. */
export async function directLogs(url: string, filter: Record<string, unknown>): Promise<{ blockNumber: string; logIndex: string; blockHash: string; transactionHash: string; data: string; topics: string[]; address: string }[]> {
  return rpc(url, "eth_getLogs", [filter]);
}

export const key = (l: { blockHash: string; logIndex: string | number }): string => `${l.blockHash}:${Number(l.logIndex)}`;
