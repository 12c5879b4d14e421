// Options and plumbing shared by the node-facing commands (call, send, deploy, logs, watch).
import { type Client, UsageError, connect, loadSigner } from "abibind";
import type { Provider, Signer } from "ethers";
import { type OptionTable, type Values, bigintValue } from "./options.ts";

export const RPC_OPTIONS = {
  rpc: { type: "string", value: "ENDPOINT", description: "http(s)://, ws(s):// or an IPC socket path", env: "ABIBIND_RPC", required: true },
  "chain-id": { type: "string", value: "N", description: "the chain the endpoint must be on (checked at connect)" },
} as const satisfies OptionTable;

export const SIGNER_OPTIONS = {
  "private-key-file": {
    type: "string",
    value: "FILE",
    description: "sign with the hex private key in FILE (an environment variable may name the file, never hold the key)",
    env: "ABIBIND_KEY_FILE",
    envUnless: ["keystore", "from"],
  },
  keystore: { type: "string", value: "FILE", description: "sign with a geth v3 keystore file" },
  "password-file": { type: "string", value: "FILE", description: "the keystore's password: the first line of FILE (else prompted on a terminal)" },
  from: { type: "string", value: "ADDRESS", description: "an account the node manages (eth_sendTransaction, dev nodes)" },
  value: { type: "string", value: "WEI", description: "wei sent with the transaction" },
  confirmations: { type: "string", value: "N", description: "blocks to wait for", default: "1" },
  "max-fee-per-gas": { type: "string", value: "WEI", description: "EIP-1559 fee cap (default: from the node)" },
  "max-priority-fee-per-gas": { type: "string", value: "WEI", description: "EIP-1559 tip (default: from the node)" },
  "gas-limit": { type: "string", value: "N", description: "gas limit (default: estimated)" },
  nonce: { type: "string", value: "N", description: "nonce (default: the account's next)" },
} as const satisfies OptionTable;

export const JSON_OPTION = {
  json: { type: "boolean", description: "print one JSON document (integers as decimal strings)" },
} as const satisfies OptionTable;

export async function connectFor(values: { rpc: string | undefined; "chain-id": string | undefined }): Promise<Client> {
  const chainId = bigintValue(values["chain-id"], "chain-id");
  return connect(values.rpc!, { timeoutMs: 10_000, ...(chainId !== undefined ? { chainId } : {}) });
}

type SignerValues = Values<typeof SIGNER_OPTIONS>;

export async function signerFrom(v: SignerValues, provider: Provider): Promise<Signer> {
  const keyFile = v["private-key-file"];
  if (keyFile === undefined && v.keystore === undefined && v.from === undefined) {
    throw new UsageError("a signer is required: --private-key-file F, --keystore F --password-file F, or --from ADDRESS");
  }
  return loadSigner(
    {
      ...(keyFile !== undefined ? { privateKeyFile: keyFile } : {}),
      ...(v.keystore !== undefined ? { keystore: v.keystore } : {}),
      ...(v["password-file"] !== undefined ? { passwordFile: v["password-file"] } : {}),
      ...(v.from !== undefined ? { from: v.from } : {}),
    },
    provider,
  );
}

export function overridesFrom(v: SignerValues): { value?: bigint; maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint; gasLimit?: bigint; nonce?: number } {
  const value = bigintValue(v.value, "value");
  const maxFee = bigintValue(v["max-fee-per-gas"], "max-fee-per-gas");
  const tip = bigintValue(v["max-priority-fee-per-gas"], "max-priority-fee-per-gas");
  const gas = bigintValue(v["gas-limit"], "gas-limit");
  const nonce = bigintValue(v.nonce, "nonce");
  return {
    ...(value !== undefined ? { value } : {}),
    ...(maxFee !== undefined ? { maxFeePerGas: maxFee } : {}),
    ...(tip !== undefined ? { maxPriorityFeePerGas: tip } : {}),
    ...(gas !== undefined ? { gasLimit: gas } : {}),
    ...(nonce !== undefined ? { nonce: Number(nonce) } : {}),
  };
}

export function confirmationsOf(v: SignerValues): number {
  const c = bigintValue(v.confirmations, "confirmations");
  return c === undefined ? 1 : Math.max(1, Number(c));
}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}

/** The --json document of a mined transaction (send; deploy adds "address"): integers as decimal strings. */
export function receiptJson(receipt: { hash: string; blockNumber: number; status: number | null; gasUsed: bigint }, from: string, nonce: number) {
  return {
    transactionHash: receipt.hash,
    blockNumber: String(receipt.blockNumber),
    status: String(receipt.status),
    gasUsed: receipt.gasUsed.toString(),
    from,
    nonce: String(nonce),
  };
}
