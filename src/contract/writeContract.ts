// writeContract: one function called by a transaction, the careful way: simulated first (a revert
// surfaces, decoded, before any gas is paid), sent once, its receipt awaited with a deadline and
// its status checked. With a journal, the signed transaction is recorded before it is broadcast
// (durableSend): running again with the same idempotency key never signs a second transaction.
import type { Interface, InterfaceAbi, Signer, TransactionReceipt, TransactionRequest } from "ethers";
import { TransactionFailedError } from "../errors/contractErrors.ts";
import type { Store } from "../store/Store.ts";
import { JOURNAL_TABLE, durableSend } from "../tx/durableSend.ts";
import { simulate, transact } from "../tx/transact.ts";
import type { AbiSet } from "./loadAbi.ts";
import { prepareCall } from "./preparedCall.ts";

/** What a transaction may set besides its target and data. */
export type TransactionOverrides = Pick<TransactionRequest, "value" | "gasLimit" | "maxFeePerGas" | "maxPriorityFeePerGas" | "gasPrice" | "nonce">;

export interface WriteContractParameters {
  /**
   * Signs and sends; must have a provider. A journal needs one that signs locally (a key or
   * keystore). Or a function that loads it, called only once the call is checked, so a keystore's
   * password is never asked for a call that cannot be made.
   */
  readonly signer: Signer | (() => Promise<Signer>);
  readonly address: string;
  /** loadAbi's result (reverts decode with every error it knows), or the contract's ABI. */
  readonly abi: AbiSet | InterfaceAbi | Interface;
  /** A name, or the full signature of an overloaded function. */
  readonly functionName: string;
  /** Checked by ABI type: values, or their text (integers in decimal or 0x, arrays and tuples as JSON). */
  readonly args?: readonly unknown[];
  readonly overrides?: TransactionOverrides;
  /** Blocks to wait for (default 1). */
  readonly confirmations?: number;
  /** How long to wait for the receipt (ms, default 120 000). */
  readonly timeoutMs?: number;
  /**
   * Record the signed transaction in `store` under `idempotencyKey` before broadcasting it. The
   * store may be given as a function that opens it, called only once the call is checked, so a
   * mistyped command leaves no journal file behind.
   */
  readonly journal?: { readonly store: Store | (() => Store); readonly idempotencyKey: string };
}

export interface WriteContractReturnType {
  /** The canonical signature of the function called. */
  readonly signature: string;
  /** The mined receipt, status 1 (a failed transaction throws TransactionFailedError). */
  readonly receipt: TransactionReceipt;
  readonly from: string;
  readonly nonce: number;
}

export async function writeContract(params: WriteContractParameters): Promise<WriteContractReturnType> {
  const call = prepareCall(params.abi, params.address, params.functionName, params.args);
  const signer = typeof params.signer === "function" ? await params.signer() : params.signer;
  const tx: TransactionRequest = { ...params.overrides, to: call.address, data: call.data };
  const ctx = { contractName: call.fn.contract.name, address: call.address, function: call.fn.signature, args: call.args };
  const confirmations = params.confirmations ?? 1;
  const timing = params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {};
  const journal = params.journal;
  if (journal === undefined) {
    const sent = await transact(signer, tx, ctx, call.abis.errors, { confirmations, ...timing });
    return { signature: call.fn.signature, ...sent };
  }
  const store = typeof journal.store === "function" ? journal.store() : journal.store;
  // A journaled key that already went out is not simulated again: its outcome is on chain.
  if ((await store.get(JOURNAL_TABLE, journal.idempotencyKey)) === undefined) await simulate(signer, tx, ctx, call.abis.errors);
  const r = await durableSend(signer, store, journal.idempotencyKey, tx, { confirmations, ...timing });
  if (r.receipt.status !== 1) throw new TransactionFailedError(ctx, r.receipt.hash, r.receipt.blockNumber);
  return { signature: call.fn.signature, receipt: r.receipt, from: r.entry.from, nonce: r.entry.nonce ?? 0 };
}
