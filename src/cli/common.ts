// Options and plumbing shared by the node-facing commands (call, send, deploy, decode, …).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type Client, connect } from "../connect/connect.ts";
import { UsageError } from "../errors/AbibindError.ts";

export const RPC_OPTIONS = {
  rpc: { type: "string" },
  "chain-id": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const SIGNER_OPTIONS = {
  "private-key-file": { type: "string" },
  keystore: { type: "string" },
  "password-file": { type: "string" },
  from: { type: "string" },
  value: { type: "string" },
  confirmations: { type: "string" },
  "max-fee-per-gas": { type: "string" },
  "max-priority-fee-per-gas": { type: "string" },
  "gas-limit": { type: "string" },
  nonce: { type: "string" },
} as const;

const NEGATIVE = "\u0000-";

export function parse<O extends NonNullable<ParseArgsConfig["options"]>>(verb: string, argv: string[], options: O) {
  // Negative numbers are arguments, not options: hide them from parseArgs, then restore.
  const args = argv.map((a) => (/^-[0-9]/.test(a) ? NEGATIVE + a.slice(1) : a));
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    const restore = (p: string): string => (p.startsWith(NEGATIVE) ? `-${p.slice(NEGATIVE.length)}` : p);
    r.positionals = r.positionals.map(restore);
    // An option's value may be negative too (`--from-block -1`): it gets its own error downstream.
    const values = r.values as Record<string, unknown>;
    for (const [k, v] of Object.entries(values)) {
      if (typeof v === "string") values[k] = restore(v);
      else if (Array.isArray(v)) values[k] = v.map((x) => (typeof x === "string" ? restore(x) : x));
    }
    return r;
  } catch (e) {
    throw new UsageError(`${verb}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** --rpc, else $ABIBIND_RPC. */
export function rpcOf(verb: string, value: string | undefined): string {
  const rpc = value ?? process.env.ABIBIND_RPC;
  if (rpc === undefined || rpc === "") throw new UsageError(`${verb}: --rpc <endpoint> is required (or set ABIBIND_RPC)`);
  return rpc;
}

export function bigintOption(name: string, value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.trim())) throw new UsageError(`--${name} "${value}" is not a non-negative integer`);
  return BigInt(value.trim());
}

export async function connectFor(verb: string, values: { rpc?: string | undefined; "chain-id"?: string | undefined }): Promise<Client> {
  const chainId = bigintOption("chain-id", values["chain-id"]);
  return connect(rpcOf(verb, values.rpc), { timeoutMs: 10_000, ...(chainId !== undefined ? { chainId } : {}) });
}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
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
