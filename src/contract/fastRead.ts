// The hot path of a typed read: precomputed selector, direct encoding of static scalar arguments
// and direct decoding of static scalar results, then straight to the runner's `call`. Generated
// bindings route view functions here; anything unusual (a revert, an empty result, a runner
// without `call`, unexpected argument shapes) falls back to ethers' Contract method, so errors and
// edge cases behave exactly as ethers defines them.

/** ABI scalar kinds the fast path encodes and decodes itself. */
export type FastKind = string; // "uint256", "int8", "address", "bool", "bytes32", …

import { keccak_256 } from "@noble/hashes/sha3";
import { NoContractError } from "../errors/contractErrors.ts";

interface Runner {
  call(tx: { to: string; data: string }): Promise<string>;
}

interface ContractLike {
  readonly target: unknown;
  readonly runner: unknown;
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZEROS = "0".repeat(64);

function word(hex: string): string {
  return ZEROS.slice(hex.length) + hex;
}

/** One argument as a 32-byte word (hex, no 0x), or null when it needs ethers' general encoder. */
function encodeArg(kind: FastKind, v: unknown): string | null {
  if (kind === "address") return typeof v === "string" && HEX_ADDRESS.test(v) ? word(v.slice(2).toLowerCase()) : null;
  if (kind === "bool") return typeof v === "boolean" ? (v ? `${ZEROS.slice(1)}1` : ZEROS) : null;
  if (kind.startsWith("uint") || kind.startsWith("int")) {
    let n: bigint;
    if (typeof v === "bigint") n = v;
    else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
    else return null;
    const signed = kind.startsWith("int");
    const bits = BigInt(Number(kind.slice(signed ? 3 : 4)) || 256);
    if (signed ? n >= 1n << (bits - 1n) || n < -(1n << (bits - 1n)) : n < 0n || n >= 1n << bits) return null; // ethers reports the overflow
    return word((n < 0n ? (1n << 256n) + n : n).toString(16));
  }
  const m = /^bytes([0-9]+)$/.exec(kind);
  if (m !== null && typeof v === "string" && /^0x[0-9a-fA-F]*$/.test(v) && v.length === 2 + 2 * Number(m[1])) {
    return (v.slice(2).toLowerCase() + ZEROS).slice(0, 64);
  }
  return null;
}

/** One 32-byte word (64 hex chars) as the ABI value ethers would decode, or undefined if ethers would reject it. */
export function decodeWord(kind: FastKind, w: string): unknown {
  return decoderOf(kind)(w);
}

type WordDecoder = (w: string) => unknown;
const ONE = `${ZEROS.slice(1)}1`;
const ADDRESS_PAD = ZEROS.slice(40);
const rejectWord: WordDecoder = () => undefined;
/** Per kind, its decoder: parsing the kind once, not on every read. */
const decoders = new Map<FastKind, WordDecoder>();

function decoderOf(kind: FastKind): WordDecoder {
  let d = decoders.get(kind);
  if (d === undefined) {
    d = makeDecoder(kind);
    if (d !== rejectWord) decoders.set(kind, d);
  }
  return d;
}

function makeDecoder(kind: FastKind): WordDecoder {
  if (kind === "address") return (w) => (w.startsWith(ADDRESS_PAD) ? checksum(w.slice(24)) : undefined);
  if (kind === "bool") return (w) => (w === ZEROS ? false : w === ONE ? true : undefined);
  if (kind.startsWith("uint")) {
    const bits = Number(kind.slice(4)) || 256;
    if (bits >= 256) return (w) => BigInt(`0x${w}`);
    const limit = 1n << BigInt(bits);
    return (w) => {
      const n = BigInt(`0x${w}`);
      return n >= limit ? undefined : n;
    };
  }
  if (kind.startsWith("int")) {
    const bits = BigInt(Number(kind.slice(3)) || 256);
    const max = 1n << (bits - 1n);
    return (w) => {
      let n = BigInt(`0x${w}`);
      if (n >= 1n << 255n) n -= 1n << 256n;
      return n >= max || n < -max ? undefined : n;
    };
  }
  const m = /^bytes([0-9]+)$/.exec(kind);
  if (m !== null) {
    const chars = 2 * Number(m[1]);
    return (w) => `0x${w.slice(0, chars)}`;
  }
  return rejectWord;
}

/** How many typed reads took the fast path and how many went to ethers (tests and benchmarks read it). */
export const fastReadStats = { fast: 0, slow: 0 };

const keccak = keccak_256;
const checksums = new Map<string, string>();
const selectors = new Map<string, string>();

/** EIP-55 checksum, memoised: results repeat the same few addresses. */
function checksum(lowerHex: string): string {
  const known = checksums.get(lowerHex);
  if (known !== undefined) return known;
  const hash = keccak(new TextEncoder().encode(lowerHex));
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? lowerHex[i]!.toUpperCase() : lowerHex[i]!;
  }
  if (checksums.size < 10_000) checksums.set(lowerHex, out);
  return out;
}

/** What generated code awaits once before its first fast read. */
export async function loadFastRead(): Promise<typeof fastRead> {
  return fastRead;
}

/** The fast-path kind of an ABI type, or null when ethers' general coder is needed. */
export function fastKindOf(type: string): FastKind | null {
  if (type === "uint") return "uint256";
  if (type === "int") return "int256";
  return /^(u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)|address|bool|bytes([1-9]|[12][0-9]|3[0-2]))$/.test(type) ? type : null;
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
    const w = encodeArg(ins[i]!, args[i]);
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
  const v = decoderOf(outs[0]!)(result.slice(2, 66));
  if (v === undefined) return slowRead(slow, args);
  fastReadStats.fast++;
  return v;
}

/** ethers' Contract method answers (a module function: no closure allocated per read). */
function slowRead(slow: (...a: unknown[]) => Promise<unknown>, args: readonly unknown[]): Promise<unknown> {
  fastReadStats.slow++;
  return slow(...args);
}
