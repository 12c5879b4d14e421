// Contract failures, wrapped once at the contract layer with the context that matters: which
// contract, address and function, and the revert decoded (custom error, Error(string), Panic).
import { type ErrorFragment, Interface, type InterfaceAbi, isError } from "ethers";
import { AbibindError } from "./AbibindError.ts";

// Solidity's panic codes (docs.soliditylang.org, "Panic via assert and Error via require").
const PANICS: Record<number, string> = {
  0x00: "generic compiler panic",
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "conversion to an invalid enum value",
  0x22: "incorrectly encoded storage byte array",
  0x31: "pop() on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory (too large an allocation)",
  0x51: "call to a zero-initialised internal function",
};

export function panicMeaning(code: bigint): string {
  return PANICS[Number(code)] ?? "unknown panic code";
}

export type RevertReason =
  | { readonly kind: "custom"; readonly name: string; readonly signature: string; readonly args: readonly unknown[]; readonly argNames: readonly string[] }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "panic"; readonly code: bigint; readonly meaning: string }
  | { readonly kind: "empty" }
  | { readonly kind: "unknown"; readonly data: string };

/** Every custom error the project knows, by selector: reverts bubble up from callees, so one ABI is not enough. */
export class ErrorRegistry {
  readonly #bySelector = new Map<string, ErrorFragment[]>();
  readonly #seen = new Set<string>();

  add(abi: InterfaceAbi): this {
    const iface = new Interface(abi);
    iface.forEachError((f) => {
      const key = f.format("sighash");
      if (this.#seen.has(key)) return;
      this.#seen.add(key);
      const list = this.#bySelector.get(f.selector) ?? [];
      list.push(f);
      this.#bySelector.set(f.selector, list);
    });
    return this;
  }

  decode(data: string | null | undefined): RevertReason {
    if (data === null || data === undefined || data === "0x" || data === "") return { kind: "empty" };
    const selector = data.slice(0, 10).toLowerCase();
    const coder = Interface.from([]);
    try {
      if (selector === "0x08c379a0") {
        const [message] = coder.getAbiCoder().decode(["string"], `0x${data.slice(10)}`);
        return { kind: "error", message: String(message) };
      }
      if (selector === "0x4e487b71") {
        const [code] = coder.getAbiCoder().decode(["uint256"], `0x${data.slice(10)}`);
        return { kind: "panic", code: BigInt(code), meaning: panicMeaning(BigInt(code)) };
      }
    } catch {
      return { kind: "unknown", data };
    }
    for (const f of this.#bySelector.get(selector) ?? []) {
      try {
        const args = coder.getAbiCoder().decode(f.inputs, `0x${data.slice(10)}`);
        return { kind: "custom", name: f.name, signature: f.format("sighash"), args: [...args], argNames: f.inputs.map((i) => i.name) };
      } catch {
        // same selector, other shape: try the next candidate
      }
    }
    return { kind: "unknown", data };
  }
}

function show(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return /^0x[0-9a-fA-F]*$/.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return String(v);
}

export function describeRevert(r: RevertReason): string {
  switch (r.kind) {
    case "custom":
      return `${r.name}(${r.args.map((a, i) => (r.argNames[i] ? `${r.argNames[i]}=${show(a)}` : show(a))).join(", ")})`;
    case "error":
      return `Error(${JSON.stringify(r.message)})`;
    case "panic":
      return `Panic(0x${r.code.toString(16).padStart(2, "0")}: ${r.meaning})`;
    case "empty":
      return "no reason (empty revert data)";
    case "unknown":
      return `unknown error data ${r.data.length > 74 ? `${r.data.slice(0, 74)}…` : r.data}`;
  }
}

export interface ContractContext {
  readonly contractName?: string;
  readonly address: string;
  readonly function: string;
  readonly args?: readonly unknown[];
}

function where(ctx: ContractContext): string {
  return `${ctx.contractName ?? "contract"} at ${ctx.address}`;
}

export class ContractRevertError extends AbibindError {
  override name = "ContractRevertError";
  readonly reason: RevertReason;
  readonly context: ContractContext;
  constructor(context: ContractContext, reason: RevertReason, cause?: unknown) {
    super("CONTRACT_REVERT", `${context.function} reverted on ${where(context)}: ${describeRevert(reason)}`, {
      ...(context.args !== undefined ? { details: `args: ${context.args.map(show).join(", ")}` } : {}),
      cause,
    });
    this.reason = reason;
    this.context = context;
  }
}

export class NoContractError extends AbibindError {
  override name = "NoContractError";
  readonly address: string;
  constructor(address: string, chainId?: bigint) {
    super("NO_CONTRACT", `no contract at ${address}${chainId === undefined ? "" : ` on chain ${chainId}`}: the address has no code`);
    this.address = address;
  }
}

export class TransactionFailedError extends AbibindError {
  override name = "TransactionFailedError";
  readonly hash: string;
  constructor(context: ContractContext, hash: string, blockNumber: number | null) {
    super("TRANSACTION_FAILED", `${context.function} on ${where(context)} was mined but failed (status 0) in transaction ${hash}${blockNumber === null ? "" : `, block ${blockNumber}`}`);
    this.hash = hash;
  }
}

interface CodeReader {
  getCode(address: string): Promise<string>;
}

/**
 * Turns what ethers threw for a contract call into the error that tells the truth. ethers says
 * BAD_DATA when a call returns nothing, which usually means no contract at the address.
 */
export async function wrapContractError(e: unknown, ctx: ContractContext, registry: ErrorRegistry, provider?: CodeReader): Promise<unknown> {
  if (e instanceof AbibindError) return e;
  if (isError(e, "CALL_EXCEPTION") || (isError(e, "UNKNOWN_ERROR") && typeof (e as { data?: unknown }).data === "string")) {
    const data = (e as { data?: string | null }).data;
    if ((data === null || data === undefined || data === "0x") && provider !== undefined) {
      const code = await provider.getCode(ctx.address).catch(() => null);
      if (code === "0x") return new NoContractError(ctx.address);
    }
    return new ContractRevertError(ctx, registry.decode(data), e);
  }
  if (isError(e, "BAD_DATA") && provider !== undefined) {
    const code = await provider.getCode(ctx.address).catch(() => null);
    if (code === "0x") return new NoContractError(ctx.address);
  }
  return e;
}
