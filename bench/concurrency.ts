// 1000 concurrent typed reads and 500 sequential sends with wait(), side by side in one run
// against one anvil (Multicall3-compatible aggregator at its canonical address for every peer):
// ethers' defaults, viem (JSON-RPC batch and multicall), and abibind's client.provider.
import { Contract, JsonRpcProvider, Wallet } from "ethers";
import { createPublicClient, http as viemHttp } from "viem";
import { foundry } from "viem/chains";
import { CallDemo__factory } from "../generated/index.js";
import { connect } from "../src/index.ts";
import { ANVIL_KEY_0, rpc, startAnvil } from "../test/helpers/anvil.ts";
import { MULTICALL3_RUNTIME } from "../test/helpers/multicall3.ts";
import { MULTICALL3_ADDRESS } from "../src/connect/readBatcher.ts";

const READS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SENDS = Number(process.env.BENCH_SENDS ?? 500);
const anvil = await startAnvil();
await rpc(anvil.http, "anvil_setCode", [MULTICALL3_ADDRESS, MULTICALL3_RUNTIME]);
const setup = await connect(anvil.http);
const demo = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, setup.provider)).deploy();
await demo.waitForDeployment();
const address = (await demo.getAddress()) as `0x${string}`;
await setup.close();

async function perRead(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: READS }, fn));
    if (r > 0) samples.push(((performance.now() - t0) / READS) * 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rows: [string, number, string][] = [];
const ethersDefault = new JsonRpcProvider(anvil.http);
const onEthers = new Contract(address, CallDemo__factory.abi, ethersDefault);
const ethersUs = await perRead(() => onEthers.getFunction("year")());
rows.push(["ethers 6 JsonRpcProvider defaults, Contract", ethersUs, "—"]);
ethersDefault.destroy();
const viemBatch = createPublicClient({ chain: foundry, transport: viemHttp(anvil.http, { batch: true }) });
rows.push(["viem readContract, JSON-RPC batch", await perRead(() => viemBatch.readContract({ address, abi: CallDemo__factory.abi, functionName: "year" })), "—"]);
const viemMulti = createPublicClient({ chain: { ...foundry, contracts: { multicall3: { address: MULTICALL3_ADDRESS as `0x${string}` } } }, transport: viemHttp(anvil.http), batch: { multicall: true } });
const viemMultiUs = await perRead(() => viemMulti.readContract({ address, abi: CallDemo__factory.abi, functionName: "year" }));
rows.push(["viem readContract, multicall", viemMultiUs, "—"]);
const client = await connect(anvil.http);
const typed = CallDemo__factory.connect(address, client.provider);
const before = client.provider.batcher!.requests;
const oursUs = await perRead(() => typed.year());
const perHundred = ((client.provider.batcher!.requests - before) / ((ROUNDS + 1) * READS)) * 100;
rows.push(["abibind generated binding on client.provider", oursUs, perHundred.toFixed(2)]);

console.log(`\n### ${READS} concurrent typed reads (median of ${ROUNDS} rounds, HTTP)\n`);
console.log("| path | µs/read | node requests per 100 reads | speed vs viem multicall |\n|---|---:|---:|---:|");
for (const [l, us, n] of rows) console.log(`| ${l} | ${us.toFixed(1)} | ${n} | ${(viemMultiUs / us).toFixed(2)}× |`);
console.log(
  `\nabibind: ${perHundred.toFixed(2)} node requests per 100 reads (goal ≤ 1); ${(viemMultiUs / oursUs).toFixed(2)}× as fast as viem multicall (goal ≥ 2.5×); ${(ethersUs / oursUs).toFixed(1)}× as fast as ethers defaults (goal ≥ 4×).`,
);

// Sequential sends, each waited for.
// anvil sometimes answers eth_sendRawTransaction a moment before the receipt exists; a wait()
// that then misses its block can stall, so every wait has a deadline and stalls are counted.
const stalls = new Map<string, number>();
async function sends(label: string, provider: import("ethers").Provider): Promise<number> {
  const wallet = new Wallet(ANVIL_KEY_0, provider);
  const c = CallDemo__factory.connect(address, wallet);
  const t0 = performance.now();
  for (let i = 0; i < SENDS; i++) {
    const tx = await c.setYear(3000 + i);
    let r: import("ethers").TransactionReceipt | null = await tx.wait(1, 10_000).catch(() => null);
    if (r === null) {
      stalls.set(label, (stalls.get(label) ?? 0) + 1);
      r = await provider.getTransactionReceipt(tx.hash);
    }
    if (r?.status !== 1) throw new Error(`${label}: send ${i} failed`);
  }
  return (performance.now() - t0) / SENDS;
}
// cacheTimeout -1: with its 250 ms default, ethers reuses a cached nonce and the next send fails.
const ethersForSends = new JsonRpcProvider(anvil.http, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
const ethersMs = await sends("ethers", ethersForSends);
ethersForSends.destroy();
const oursMs = await sends("abibind", client.provider);
console.log(`\n### ${SENDS} sequential sends with wait() (HTTP, automine)\n`);
console.log("| path | ms/send | wait() stalls past 10 s |\n|---|---:|---:|");
console.log(`| ethers 6 JsonRpcProvider (staticNetwork, pollingInterval 50 ms, cacheTimeout -1) + Wallet | ${ethersMs.toFixed(2)} | ${stalls.get("ethers") ?? 0} |`);
console.log(`| abibind client.provider + Wallet | ${oursMs.toFixed(2)} | ${stalls.get("abibind") ?? 0} |`);
console.log(`\nabibind / ethers: ${(oursMs / ethersMs).toFixed(2)} (goal ≤ 1).`);
await client.close();
await anvil.stop();
process.exit(0);
