// Signer and fee options of send/deploy → an ethers Signer and transaction overrides.
import type { Provider, Signer, TransactionRequest } from "ethers";
import { UsageError } from "../errors/AbibindError.ts";
import { loadSigner } from "../signers/loadSigner.ts";
import { bigintOption } from "./common.ts";

export interface SignerValues {
  "private-key-file"?: string | undefined;
  keystore?: string | undefined;
  "password-file"?: string | undefined;
  from?: string | undefined;
  value?: string | undefined;
  confirmations?: string | undefined;
  "max-fee-per-gas"?: string | undefined;
  "max-priority-fee-per-gas"?: string | undefined;
  "gas-limit"?: string | undefined;
  nonce?: string | undefined;
}

export async function signerFrom(verb: string, v: SignerValues, provider: Provider): Promise<Signer> {
  // Environment variables may name a key file, never hold a key.
  const keyFile = v["private-key-file"] ?? (v.keystore === undefined && v.from === undefined ? process.env.ABIBIND_KEY_FILE || undefined : undefined);
  if (keyFile === undefined && v.keystore === undefined && v.from === undefined) {
    throw new UsageError(`${verb}: a signer is required: --private-key-file F, --keystore F --password-file F, or --from ADDRESS`);
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

export function overridesFrom(v: SignerValues): TransactionRequest {
  const tx: TransactionRequest = {};
  const value = bigintOption("value", v.value);
  const maxFee = bigintOption("max-fee-per-gas", v["max-fee-per-gas"]);
  const tip = bigintOption("max-priority-fee-per-gas", v["max-priority-fee-per-gas"]);
  const gas = bigintOption("gas-limit", v["gas-limit"]);
  const nonce = bigintOption("nonce", v.nonce);
  if (value !== undefined) tx.value = value;
  if (maxFee !== undefined) tx.maxFeePerGas = maxFee;
  if (tip !== undefined) tx.maxPriorityFeePerGas = tip;
  if (gas !== undefined) tx.gasLimit = gas;
  if (nonce !== undefined) tx.nonce = Number(nonce);
  return tx;
}

export function confirmationsOf(v: SignerValues): number {
  const c = bigintOption("confirmations", v.confirmations);
  return c === undefined ? 1 : Math.max(1, Number(c));
}
