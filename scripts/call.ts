// The seed flow of go-ethereum's abigen walkthrough, in TypeScript: bind CallDemo, read the
// year (2020 on a fresh deployment), set it to 2021, read it again.
//
//   npx hardhat run scripts/call.ts          Hardhat's embedded network (deploys CallDemo)
//   node scripts/call.ts                     the same, with the project's Node 24
//   ABIBIND_RPC=http://127.0.0.1:8545 ...    an external node (URL, or an IPC socket path)
//   ABIBIND_ADDRESS=0x...                    bind a deployed CallDemo instead of deploying
//   ABIBIND_KEY_FILE=path                    sign with the key in that file (else eth_accounts[0])
import { readFileSync } from "node:fs";
import { type ContractRunner, type Provider, type Signer, Wallet, getAddress, isError } from "ethers";
import { type CallDemo, CallDemo__factory } from "../generated/index.js";
import { AbibindError, connect } from "abibind";

// Below the 15 s users are promised for a dead endpoint, start-up included.
const DEADLINE_MS = 12_000;

class ScriptError extends Error {}

function deadline<T>(what: string, p: Promise<T>, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScriptError(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

interface Chain {
  provider: Provider;
  signer: Signer | null;
  close(): Promise<void>;
}

async function embeddedChain(): Promise<Chain> {
  const { network } = await import("hardhat");
  const conn = await network.create();
  const [signer] = await conn.ethers.getSigners();
  return { provider: conn.ethers.provider, signer: signer ?? null, close: () => conn.close() };
}

async function externalChain(rpc: string): Promise<Chain> {
  const client = await connect(rpc, { timeoutMs: DEADLINE_MS });
  const provider = client.provider;
  const close = (): Promise<void> => client.close();
  try {
    const keyFile = process.env.ABIBIND_KEY_FILE;
    if (keyFile !== undefined && keyFile !== "") {
      let key: string;
      try {
        key = readFileSync(keyFile, "utf8").trim();
      } catch (e) {
        throw new ScriptError(`ABIBIND_KEY_FILE ${keyFile}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
      }
      try {
        return { provider, signer: new Wallet(key.startsWith("0x") ? key : `0x${key}`, provider), close };
      } catch {
        throw new ScriptError(`ABIBIND_KEY_FILE ${keyFile}: not a private key (expected 32 bytes of hex)`);
      }
    }
    const accounts = (await deadline("eth_accounts", provider.send("eth_accounts", []))) as string[];
    const signer = accounts.length > 0 ? await provider.getSigner(accounts[0]) : null;
    return { provider, signer, close };
  } catch (e) {
    await close();
    throw e;
  }
}

function parseAddress(text: string): string {
  try {
    return getAddress(text);
  } catch {
    throw new ScriptError(`ABIBIND_ADDRESS ${JSON.stringify(text)} is not a valid address (20 bytes of hex, checksummed if mixed-case)`);
  }
}

async function bind(chain: Chain, runner: ContractRunner): Promise<CallDemo> {
  const wanted = process.env.ABIBIND_ADDRESS;
  if (wanted !== undefined && wanted !== "") {
    const address = parseAddress(wanted);
    const code = await deadline("eth_getCode", chain.provider.getCode(address));
    if (code === "0x") throw new ScriptError(`no contract at ${address}: the address has no code on this chain`);
    return CallDemo__factory.connect(address, runner);
  }
  if (chain.signer === null) throw new ScriptError("cannot deploy CallDemo: no signer (set ABIBIND_KEY_FILE, or use a node with unlocked accounts)");
  const demo = await deadline("deploying CallDemo", new CallDemo__factory(chain.signer).deploy());
  await deadline("deploying CallDemo", demo.waitForDeployment());
  return demo;
}

async function main(): Promise<void> {
  const rpc = process.env.ABIBIND_RPC;
  const chain = rpc !== undefined && rpc !== "" ? await externalChain(rpc) : await embeddedChain();
  try {
    const demo = await bind(chain, chain.signer ?? chain.provider);
    console.log((await deadline("year()", demo.year())).toString());
    if (chain.signer === null) return;
    const tx = await deadline("setYear(2021)", demo.setYear(2021));
    const receipt = await deadline("waiting for the setYear receipt", tx.wait());
    if (receipt === null || receipt.status !== 1) throw new ScriptError(`setYear(2021) failed in transaction ${tx.hash}`);
    console.log((await deadline("year()", demo.year())).toString());
  } finally {
    await chain.close();
  }
}

try {
  await main();
} catch (e) {
  let line: string;
  if (e instanceof ScriptError) line = e.message;
  else if (e instanceof AbibindError) line = e.shortMessage;
  else if (isError(e, "CALL_EXCEPTION")) {
    const decoded = CallDemo__factory.decodeError(e.data ?? "0x");
    line = decoded !== null ? `CallDemo reverted with ${decoded.name}(${decoded.args.join(", ")})` : `call failed: ${e.shortMessage}`;
  } else line = `unexpected error: ${(e as Error).message?.split("\n")[0] ?? String(e)}`;
  process.stderr.write(`call.ts: ${line}\n`);
  process.exitCode = 1;
}
