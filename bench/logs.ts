// Backfill of 20 000 YearChanged events over 2 000 blocks, side by side in one run: one raw
// eth_getLogs, abibind's chunkedGetLogs (no limit, then behind a provider-style 500-block limit),
// ethers' queryFilter and viem's getContractEvents (which fail behind the limit or need manual chunking).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { Contract, ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import { createPublicClient, http as viemHttp } from "viem";
import { foundry } from "viem/chains";
import { CallDemo__factory } from "../generated/index.js";
import { connect } from "../src/index.ts";
import { chunkedGetLogs } from "../src/events/chunkedGetLogs.ts";
import { LogDecoder } from "../src/events/logDecoder.ts";
import { ANVIL_KEY_0, rpc, startAnvil } from "../test/helpers/anvil.ts";
import { startFaultProxy } from "../test/helpers/faultProxy.ts";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 2000);
const PER_BLOCK = 10;
const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(i: string): string };
const out = JSON.parse(solc.compile(JSON.stringify({
  language: "Solidity",
  sources: { "YearSpammer.sol": { content: readFileSync(new URL("fixtures/YearSpammer.sol", import.meta.url), "utf8") } },
  settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
}))).contracts["YearSpammer.sol"].YearSpammer;

const anvil = await startAnvil({ args: ["--gas-limit", "100000000"] });
const setup = new JsonRpcProvider(anvil.http, undefined, { staticNetwork: true, cacheTimeout: -1 });
const wallet = new Wallet(ANVIL_KEY_0, setup);
const spammer = (await new ContractFactory(out.abi, out.evm.bytecode.object, wallet).deploy()) as Contract;
await spammer.waitForDeployment();
const address = await spammer.getAddress();
const start = await setup.getBlockNumber();
process.stderr.write(`making ${BLOCKS * PER_BLOCK} events in ${BLOCKS} blocks…\n`);
await rpc(anvil.http, "evm_setAutomine", [false]);
let nonce = await wallet.getNonce();
for (let b = 0; b < BLOCKS; b++) {
  const tx = await spammer.getFunction("spam").populateTransaction(b * PER_BLOCK, PER_BLOCK);
  await rpc(anvil.http, "eth_sendRawTransaction", [await wallet.signTransaction({ ...tx, nonce: nonce++, gasLimit: 400_000, chainId: 31337, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n })]);
  await rpc(anvil.http, "evm_mine", []);
}
const end = await setup.getBlockNumber();
setup.destroy();
const fromBlock = start + 1;
const toBlock = end;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value?: T; error?: string }> {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - t0, value };
  } catch (e) {
    return { ms: performance.now() - t0, error: String((e as { shortMessage?: string }).shortMessage ?? (e as Error).message).split("\n")[0]!.slice(0, 90) };
  }
}

const filter = { address, fromBlock: `0x${fromBlock.toString(16)}`, toBlock: `0x${toBlock.toString(16)}` };
const rows: string[] = [];
const decoder = new LogDecoder([CallDemo__factory.abi as never]);
for (const [label, upstream] of [["no limit", anvil.http], ["500-block limit", null]] as const) {
  const proxy = upstream === null ? await startFaultProxy(anvil.http, { maxBlockRange: 500 }) : null;
  const url = proxy?.http ?? anvil.http;
  const raw = await timed(async () => (await rpc(url, "eth_getLogs", [filter])).length as number);
  const client = await connect(url);
  const ours = await timed(async () => (await chunkedGetLogs(client.provider, { address, fromBlock, toBlock }, { decoder })).length);
  await client.close();
  const ethersProvider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  const demo = new Contract(address, CallDemo__factory.abi, ethersProvider);
  const ethersQ = await timed(async () => (await demo.queryFilter(demo.filters.YearChanged!(), fromBlock, toBlock)).length);
  ethersProvider.destroy();
  const viem = createPublicClient({ chain: foundry, transport: viemHttp(url, { retryCount: 0 }) });
  const viemQ = await timed(async () => (await viem.getContractEvents({ address: address as `0x${string}`, abi: CallDemo__factory.abi, eventName: "YearChanged", fromBlock: BigInt(fromBlock), toBlock: BigInt(toBlock) })).length);
  const cell = (r: { ms: number; value?: number; error?: string }) => (r.error !== undefined ? `fails after ${r.ms.toFixed(0)} ms: ${r.error}` : `${r.ms.toFixed(0)} ms, ${r.value} logs`);
  rows.push(`| ${label} | ${cell(raw)} | ${cell(ours)}${raw.error === undefined && ours.error === undefined ? ` (${(ours.ms / raw.ms).toFixed(2)}× raw)` : ""} | ${cell(ethersQ)} | ${cell(viemQ)} |`);
  await proxy?.close();
}
console.log(`\n### Backfill: ${BLOCKS * PER_BLOCK} events over ${BLOCKS} blocks (HTTP)\n`);
console.log("| provider | one raw eth_getLogs | abibind chunkedGetLogs (decoded) | ethers queryFilter | viem getContractEvents |\n|---|---|---|---|---|");
for (const r of rows) console.log(r);
console.log("\nGoal: abibind ≤ 1.2× raw without a limit; complete behind the 500-block limit.");
await anvil.stop();
process.exit(0);
