// Command-line strings → ABI values, checked by type with errors that name the argument.
import { type ParamType, getAddress } from "ethers";
import { InvalidArgumentError } from "../errors/commonErrors.ts";

function fail(where: string, why: string): never {
  throw new InvalidArgumentError(`${where}: ${why}`);
}

/** A 0x address: checksummed if mixed-case (EIP-55), returned checksummed. */
export function parseAddress(text: string, where: string): string {
  const s = text.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) fail(where, `"${s}" is not an address (20 bytes of hex)`);
  try {
    return getAddress(s);
  } catch {
    fail(where, `"${s}" has a bad checksum (mixed-case addresses must be EIP-55 checksummed)`);
  }
}

export function parseValue(text: unknown, type: ParamType, where: string): unknown {
  if (type.isArray()) {
    const list = typeof text === "string" ? parseJsonList(text, where) : text;
    if (!Array.isArray(list)) fail(where, `expected a JSON array for ${type.format("sighash")}`);
    if (type.arrayLength >= 0 && list.length !== type.arrayLength) {
      fail(where, `expected ${type.arrayLength} elements for ${type.format("sighash")}, got ${list.length}`);
    }
    return list.map((v, i) => parseValue(v, type.arrayChildren, `${where}[${i}]`));
  }
  if (type.isTuple()) {
    const list = typeof text === "string" ? parseJsonList(text, where) : text;
    if (!Array.isArray(list)) fail(where, `expected a JSON array for ${type.format("sighash")}`);
    if (list.length !== type.components.length) fail(where, `expected ${type.components.length} components, got ${list.length}`);
    return list.map((v, i) => parseValue(v, type.components[i]!, `${where}.${type.components[i]!.name || i}`));
  }
  const s = typeof text === "string" ? text.trim() : typeof text === "number" || typeof text === "bigint" || typeof text === "boolean" ? String(text) : null;
  if (s === null) fail(where, `expected a ${type.type} value`);
  const base = type.baseType;
  if (base === "address") return parseAddress(s, where);
  if (base === "bool") {
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
    fail(where, `"${s}" is not a bool (true or false)`);
  }
  if (base === "string") return s;
  const m = /^(u?)int(\d*)$/.exec(base);
  if (m !== null) {
    if (!/^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(s)) fail(where, `"${s}" is not an integer`);
    const neg = s.startsWith("-");
    const v = neg ? -BigInt(s.slice(1)) : BigInt(s);
    const bits = BigInt(m[2] === "" ? 256 : Number(m[2]));
    if (m[1] === "u") {
      if (v < 0n) fail(where, `negative value ${s} for ${base}`);
      if (v >= 1n << bits) fail(where, `${s} overflows ${base}`);
    } else if (v >= 1n << (bits - 1n) || v < -(1n << (bits - 1n))) fail(where, `${s} overflows ${base}`);
    return v;
  }
  const b = /^bytes(\d*)$/.exec(base);
  if (b !== null) {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(s)) fail(where, `"${s}" is not 0x-prefixed hex bytes`);
    if (b[1] !== "" && (s.length - 2) / 2 !== Number(b[1])) fail(where, `expected ${b[1]} bytes for ${base}, got ${(s.length - 2) / 2}`);
    return s.toLowerCase();
  }
  fail(where, `unsupported type ${type.type}`);
}

function parseJsonList(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Bare lists like [1,0xab] are common on command lines: retry with unquoted items quoted.
    try {
      return JSON.parse(text.replace(/([\[,]\s*)([^\[\]",\s][^\[\],]*?)(\s*(?=[\],]))/g, '$1"$2"$3'));
    } catch {
      fail(where, `"${text}" is not a JSON array`);
    }
  }
}

export function parseArgsFor(params: readonly ParamType[], args: readonly unknown[], signature: string): unknown[] {
  if (args.length !== params.length) {
    throw new InvalidArgumentError(`${signature} takes ${params.length} argument${params.length === 1 ? "" : "s"}, got ${args.length}`);
  }
  return params.map((p, i) => parseValue(args[i], p, `argument ${i + 1}${p.name ? ` (${p.name})` : ""} of ${signature}`));
}
