// ABI values → JSON for --json output: integers as decimal strings, addresses checksummed,
// bytes as 0x hex, tuples as objects keyed by component name (arrays when unnamed).
import { type ParamType, getAddress } from "ethers";

export function jsonValue(value: unknown, type: ParamType): unknown {
  if (type.isArray()) return (value as unknown[]).map((v) => jsonValue(v, type.arrayChildren));
  if (type.isTuple()) return jsonArgs(value as unknown[], type.components);
  if (type.baseType === "address") return getAddress(String(value));
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" && type.baseType.startsWith("bytes")) return value.toLowerCase();
  if (value !== null && typeof value === "object" && "hash" in value) return (value as { hash: string }).hash; // Indexed
  return value;
}

/** Values keyed by parameter name; `arg0`, `arg1`… for unnamed (or duplicate) names. */
export function jsonArgs(values: readonly unknown[], params: readonly ParamType[], unnamed: (i: number) => string = (i) => `arg${i}`): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = new Map<string, number>();
  for (const p of params) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  params.forEach((p, i) => {
    const key = p.name !== "" && count.get(p.name) === 1 ? p.name : unnamed(i);
    out[key] = jsonValue(values[i], p);
  });
  return out;
}

export function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}
