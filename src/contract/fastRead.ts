// The hot path of a typed read: precomputed selector, direct encoding of static scalar arguments
// and direct decoding of static scalar results, then straight to the runner's `call`. Generated
// bindings route view functions here; anything unusual (a revert, an empty result, a runner
// without `call`, unexpected argument shapes) falls back to ethers' Contract method, so errors and
// edge cases behave exactly as ethers defines them.

import { keccak_256 } from "@noble/hashes/sha3";
import { NoContractError } from "../errors/contractErrors.ts";
import { type FastKind, HEX_ADDRESS, checksum, decodeWord, encodeWord } from "../abi/words.ts";

export type { FastKind };

interface Runner {
  call(tx: { to: string; data: string }): Promise<string>;
}

interface ContractLike {
  readonly target: unknown;
  readonly runner: unknown;
}

/** How many typed reads took the fast path and how many went to ethers (tests and benchmarks read it). */
export const fastReadStats = { fast: 0, slow: 0 };

const keccak = keccak_256;
const selectors = new Map<string, string>();

/** What generated code awaits once before its first fast read. */
export async function loadFastRead(): Promise<typeof fastRead> {
  return fastRead;
}

/**
 * A typed read of a single static output (several outputs need ethers' named Result: slow path),
 * by function signature (its selector is computed once).
 * Returns the slow path's promise whenever it cannot answer exactly as ethers would.
 */
export async function fastRead(
  contract: ContractLike,
  signature: string,
  ins: readonly FastKind[],
  outs: readonly FastKind[],
  args: readonly unknown[],
  slow: (...a: unknown[]) => Promise<unknown>,
): Promise<unknown> {
  const runner = contract.runner as Partial<Runner> | null;
  const to = contract.target;
  if (args.length !== ins.length || runner === null || typeof runner?.call !== "function" || typeof to !== "string" || !HEX_ADDRESS.test(to)) {
    return slowRead(slow, args);
  }
  let data = selectors.get(signature);
  if (data === undefined) {
    const h = keccak(new TextEncoder().encode(signature));
    data = `0x${Array.from(h.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("")}`;
    selectors.set(signature, data);
  }
  for (let i = 0; i < ins.length; i++) {
    const w = encodeWord(ins[i]!, args[i]);
    if (w === null) return slowRead(slow, args);
    data += w;
  }
  let result: string;
  try {
    result = await runner.call({ to, data });
  } catch {
    // ethers turns the failure into its CALL_EXCEPTION with the decoded revert: let it.
    return slowRead(slow, args);
  }
  if (result === "0x") {
    // ethers would say BAD_DATA, which sends users hunting ABI bugs: say what is true.
    const provider = (runner as { provider?: { getCode?(a: string): Promise<string> } | null }).provider ?? (runner as { getCode?(a: string): Promise<string> });
    const code = typeof provider?.getCode === "function" ? await provider.getCode(to).catch(() => null) : null;
    if (code === "0x") throw new NoContractError(checksum(to.slice(2).toLowerCase()));
  }
  if (outs.length !== 1 || typeof result !== "string" || result.length < 66) return slowRead(slow, args);
  const v = decodeWord(outs[0]!, result.slice(2, 66));
  if (v === undefined) return slowRead(slow, args);
  fastReadStats.fast++;
  return v;
}

/** ethers' Contract method answers (a module function: no closure allocated per read). */
function slowRead(slow: (...a: unknown[]) => Promise<unknown>, args: readonly unknown[]): Promise<unknown> {
  fastReadStats.slow++;
  return slow(...args);
}
