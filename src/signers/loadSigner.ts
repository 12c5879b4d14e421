// One signer from what the user points at: a private-key file, a geth keystore (password file or
// terminal prompt), or an account the node manages (eth_accounts + eth_sendTransaction, dev nodes).
import { readFileSync } from "node:fs";
import { type JsonRpcApiProvider, JsonRpcSigner, type Provider, type Signer, Wallet, getAddress, isAddress } from "ethers";
import { UsageError } from "../errors/AbibindError.ts";
import { type KdfLimits } from "./kdfLimits.ts";
import { checkKeystore, decryptKeystore } from "./keystore.ts";
import { promptPassword, readPasswordFile } from "./password.ts";
import { readPrivateKeyFile } from "./privateKeyFile.ts";
import { InvalidAddressError, KeyFileError, NoSignerError } from "../errors/commonErrors.ts";

export interface SignerSource {
  /** A file holding a hex private key. */
  readonly privateKeyFile?: string;
  /** A geth v3 keystore file. */
  readonly keystore?: string;
  /** The keystore's password file (first line); without it, a prompt on a terminal. */
  readonly passwordFile?: string;
  /** An account the node manages (dev nodes): transactions go through eth_sendTransaction. */
  readonly from?: string;
  readonly kdfLimits?: Partial<KdfLimits>;
}

export async function loadSigner(source: SignerSource, provider: Provider | null): Promise<Signer> {
  const given = (["privateKeyFile", "keystore", "from"] as const).filter((k) => source[k] !== undefined);
  if (given.length === 0) {
    throw new NoSignerError("no signer: give a private key file, a keystore file or a node-managed account (from)");
  }
  if (given.length > 1) throw new UsageError(`give only one signer, not ${given.join(" and ")}`);
  if (source.passwordFile !== undefined && source.keystore === undefined) throw new UsageError("a password file goes with a keystore");

  if (source.privateKeyFile !== undefined) return new Wallet(readPrivateKeyFile(source.privateKeyFile), provider);

  if (source.keystore !== undefined) {
    const path = source.keystore;
    let json: string;
    try {
      json = readFileSync(path, "utf8");
    } catch (e) {
      throw new KeyFileError(`cannot read keystore ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
    const opts = { path, ...(source.kdfLimits ? { limits: source.kdfLimits } : {}) };
    checkKeystore(json, opts); // malformed or absurd KDF: fail before asking for a password
    const password =
      source.passwordFile !== undefined
        ? readPasswordFile(source.passwordFile)
        : await promptPassword(`Password for ${path}: `, `keystore ${path} needs a password file: stdin is not a terminal to prompt on`);
    const { privateKey } = await decryptKeystore(json, password, opts);
    return new Wallet(privateKey, provider);
  }

  const from = source.from!;
  if (!isAddress(from)) throw new InvalidAddressError(`from: "${from}" is not an address`);
  const rpc = provider as JsonRpcApiProvider | null;
  if (rpc === null || typeof rpc.send !== "function") {
    throw new NoSignerError(`a node-managed account (${getAddress(from)}) needs a JSON-RPC provider`);
  }
  const accounts = (await rpc.send("eth_accounts", [])) as unknown;
  const address = getAddress(from);
  if (!Array.isArray(accounts) || !accounts.some((a) => typeof a === "string" && a.toLowerCase() === address.toLowerCase())) {
    throw new NoSignerError(`the node does not manage account ${address} (eth_accounts lists ${Array.isArray(accounts) ? accounts.length : 0})`);
  }
  return new JsonRpcSigner(rpc, address);
}
