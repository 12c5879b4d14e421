// A write, the careful way: simulate first (the revert surfaces before any gas is paid), send
// once, wait for the receipt with a deadline, and check its status (abigen's WaitMined does not).
import type { Signer, TransactionReceipt, TransactionRequest } from "ethers";
import { type ContractContext, type ErrorRegistry, TransactionFailedError, wrapContractError } from "../errors/contractErrors.ts";
import { NoSignerError, TimeoutError } from "../errors/commonErrors.ts";

export interface TransactOptions {
  readonly confirmations?: number;
  /** How long to wait for the receipt (ms). Default 120 000. */
  readonly timeoutMs?: number;
  /** Skip the eth_call simulation (not recommended). */
  readonly skipSimulation?: boolean;
}

export interface TransactResult {
  readonly receipt: TransactionReceipt;
  readonly from: string;
  readonly nonce: number;
}

/** eth_call of the transaction as `from`: a revert surfaces, decoded, before any gas is paid. */
export async function simulate(signer: Signer, tx: TransactionRequest, ctx: ContractContext, errors: ErrorRegistry): Promise<string> {
  const provider = signer.provider;
  if (provider === null) throw new NoSignerError("the signer has no provider");
  const from = await signer.getAddress();
  try {
    await provider.call({ ...tx, from });
  } catch (e) {
    throw await wrapContractError(e, ctx, errors, tx.to ? provider : undefined);
  }
  return from;
}

export async function transact(signer: Signer, tx: TransactionRequest, ctx: ContractContext, errors: ErrorRegistry, options: TransactOptions = {}): Promise<TransactResult> {
  const provider = signer.provider;
  if (provider === null) throw new NoSignerError("the signer has no provider");
  const from = options.skipSimulation === true ? await signer.getAddress() : await simulate(signer, tx, ctx, errors);
  let response;
  try {
    response = await signer.sendTransaction(tx);
  } catch (e) {
    throw await wrapContractError(e, ctx, errors, tx.to ? provider : undefined);
  }
  const timeoutMs = options.timeoutMs ?? 120_000;
  let receipt: TransactionReceipt | null;
  try {
    receipt = await response.wait(options.confirmations ?? 1, timeoutMs);
  } catch (e) {
    if ((e as { code?: string }).code === "TIMEOUT") {
      throw new TimeoutError(`transaction ${response.hash} was sent but not mined within ${Math.round(timeoutMs / 1000)} s; its outcome is unknown`);
    }
    if ((e as { code?: string }).code === "CALL_EXCEPTION") {
      const r = (e as { receipt?: TransactionReceipt }).receipt;
      throw new TransactionFailedError(ctx, response.hash, r?.blockNumber ?? null);
    }
    throw e;
  }
  if (receipt === null) throw new TimeoutError(`transaction ${response.hash}: no receipt`);
  if (receipt.status !== 1) throw new TransactionFailedError(ctx, response.hash, receipt.blockNumber);
  return { receipt, from, nonce: response.nonce };
}
