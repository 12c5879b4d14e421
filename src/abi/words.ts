// ABI words: one static scalar (uint/int of any width, address, bool, bytesN) as the 32-byte word
// on the wire and back, exactly as ethers' coder would, without its general machinery. Shared by
// typed reads (contract/fastRead.ts) and log decoding (events/logDecoder.ts).
import { keccak_256 } from "@noble/hashes/sha3";

/** ABI scalar kinds the fast path encodes and decodes itself. */
export type FastKind = string; // "uint256", "int8", "address", "bool", "bytes32", …


/** A 0x-prefixed 20-byte hex address, any case (no checksum check). */
export const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const ZEROS = "0".repeat(64);

function word(hex: string): string {
  return ZEROS.slice(hex.length) + hex;
}

/** One argument as a 32-byte word (hex, no 0x), or null when it needs ethers' general encoder. */
export function encodeWord(kind: FastKind, v: unknown): string | null {
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

const keccak = keccak_256;
const checksums = new Map<string, string>();

/** EIP-55 checksum, memoised: results repeat the same few addresses. */
export function checksum(lowerHex: string): string {
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

/** The fast-path kind of an ABI type, or null when ethers' general coder is needed. */
export function fastKindOf(type: string): FastKind | null {
  if (type === "uint") return "uint256";
  if (type === "int") return "int256";
  return /^(u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)|address|bool|bytes([1-9]|[12][0-9]|3[0-2]))$/.test(type) ? type : null;
}
