// Validated, normalised view of one contract's ABI. Everything the emitters read
// comes from here, so a malformed ABI fails once, with a message naming the item.
import { AbiFormatError } from "../errors/codegenErrors.ts";

export interface AbiParam {
  readonly name: string;
  readonly type: string;
  readonly internalType?: string;
  readonly components?: readonly AbiParam[];
  readonly indexed?: boolean;
}

export type StateMutability = "pure" | "view" | "nonpayable" | "payable";

export interface FunctionItem {
  readonly kind: "function";
  readonly name: string;
  readonly inputs: readonly AbiParam[];
  readonly outputs: readonly AbiParam[];
  readonly stateMutability: StateMutability;
  readonly signature: string;
}

export interface EventItem {
  readonly kind: "event";
  readonly name: string;
  readonly inputs: readonly AbiParam[];
  readonly anonymous: boolean;
  readonly signature: string;
}

export interface ErrorItem {
  readonly kind: "error";
  readonly name: string;
  readonly inputs: readonly AbiParam[];
  readonly signature: string;
}

export interface ConstructorItem {
  readonly kind: "constructor";
  readonly inputs: readonly AbiParam[];
  readonly stateMutability: StateMutability;
}

export interface ContractAbi {
  readonly functions: readonly FunctionItem[];
  readonly events: readonly EventItem[];
  readonly errors: readonly ErrorItem[];
  readonly constructor: ConstructorItem;
  readonly hasReceive: boolean;
  readonly hasFallback: boolean;
  /** The ABI as JSON values, normalised (type and stateMutability filled in), in input order. */
  readonly normalized: readonly Record<string, unknown>[];
  /**
   * Items left out because a type names a Solidity type instead of an ABI type (solc writes
   * `"Lib.TypeKind"` for library functions), each as `<signature>: skipped, type "<type>" cannot be
   * ABI-encoded`, in input order.
   */
  readonly skipped: readonly string[];
}

export { AbiFormatError };

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// The element type of an ABI type string, then any array suffixes. Anchored and linear:
// a malformed string such as `uint256]` fails the match instead of looping.
const TYPE = /^(uint(?:8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|int(?:8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|address|bool|string|bytes(?:[1-9]|[12][0-9]|3[0-2])?|tuple|function)((?:\[[0-9]*\])*)$/;
const FIXED = /^u?fixed(?:[0-9]+x[0-9]+)?(?:\[|$)/;
// What solc writes in `type` for a library function's enum, struct, contract or user type
// (`TypeKind`, `Lib.BOOL`, `Lib.TypeKind[]`): an identifier path, maybe with array suffixes.
const TYPE_PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*(?:\[[0-9]*\])*$/;
// ...that does not look like a misspelt elementary type (`uint7`, `bytes33`), which is a bad file.
const ELEMENTARY_LOOKING = /^(?:u?int|bytes|u?fixed)[0-9x]*(?:\[|$)/;

/** Thrown by readParam for a type that names a Solidity type: the item is skipped, not the file. */
class SolidityTypeName {
  readonly type: string;
  constructor(type: string) {
    this.type = type;
  }
}

export function isIdentifier(name: string): boolean {
  return IDENT.test(name);
}

/** Splits `uint256[2][]` into its base and its array suffixes, outermost last. */
export function splitType(type: string): { base: string; dims: string[] } | null {
  const m = TYPE.exec(type);
  if (m === null) return null;
  const dims = m[2] === "" ? [] : m[2]!.slice(1, -1).split("][");
  return { base: m[1]!, dims };
}

/** The canonical type as ethers and solc spell it: aliases expanded, tuples written out. */
export function canonicalType(p: AbiParam): string {
  const parts = splitType(p.type)!;
  let base = parts.base;
  if (base === "uint") base = "uint256";
  else if (base === "int") base = "int256";
  else if (base === "tuple") base = `(${(p.components ?? []).map(canonicalType).join(",")})`;
  return base + parts.dims.map((d) => `[${d}]`).join("");
}

export function signatureOf(name: string, inputs: readonly AbiParam[]): string {
  return `${name}(${inputs.map(canonicalType).join(",")})`;
}

/** A signature as the ABI writes it (types verbatim, tuples spelled out), for messages about items that cannot be bound. */
function rawSignature(name: string, inputs: unknown): string {
  const one = (p: unknown): string => {
    if (typeof p !== "object" || p === null) return "?";
    const { type, components } = p as { type?: unknown; components?: unknown };
    const t = typeof type === "string" ? type : "?";
    if (t.startsWith("tuple") && Array.isArray(components)) return `(${components.map(one).join(",")})${t.slice("tuple".length)}`;
    return t;
  };
  return `${name}(${Array.isArray(inputs) ? inputs.map(one).join(",") : ""})`;
}

function describe(item: Record<string, unknown>, index: number): string {
  const kind = typeof item.type === "string" ? item.type : "function";
  const name = typeof item.name === "string" && item.name !== "" ? ` ${item.name}` : "";
  return `ABI item ${index} (${kind}${name})`;
}

function readParams(raw: unknown, where: string, field: string, allowIndexed: boolean): AbiParam[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new AbiFormatError(`${where}: "${field}" is not an array`);
  return raw.map((p, i) => readParam(p, `${where} ${field}[${i}]`, allowIndexed));
}

function readParam(raw: unknown, where: string, allowIndexed: boolean): AbiParam {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new AbiFormatError(`${where}: expected an object, got ${JSON.stringify(raw)}`);
  }
  const p = raw as Record<string, unknown>;
  const type = p.type;
  if (typeof type !== "string") throw new AbiFormatError(`${where}: missing "type"`);
  if (FIXED.test(type)) {
    // ethers v6 has no coder for fixed-point numbers; typing them would promise a method that fails.
    throw new AbiFormatError(`${where}: type "${type}" is not supported by ethers v6`);
  }
  const parts = splitType(type);
  if (parts === null) {
    if (TYPE_PATH.test(type) && !ELEMENTARY_LOOKING.test(type)) throw new SolidityTypeName(type);
    throw new AbiFormatError(`${where}: unknown type "${type}"`);
  }
  for (const d of parts.dims) {
    if (d !== "" && (d.startsWith("0") || Number(d) > 2 ** 32)) {
      throw new AbiFormatError(`${where}: bad array length in "${type}"`);
    }
  }
  const name = p.name === undefined || p.name === null ? "" : p.name;
  if (typeof name !== "string") throw new AbiFormatError(`${where}: "name" is not a string`);
  if (name !== "" && !IDENT.test(name)) throw new AbiFormatError(`${where}: "${name}" is not a valid parameter name`);
  let components: AbiParam[] | undefined;
  if (parts.base === "tuple") {
    if (!Array.isArray(p.components)) throw new AbiFormatError(`${where}: tuple without "components"`);
    components = p.components.map((c, i) => readParam(c, `${where}.components[${i}]`, false));
  }
  const out: { -readonly [K in keyof AbiParam]: AbiParam[K] } = { name, type };
  if (typeof p.internalType === "string") out.internalType = p.internalType;
  if (components !== undefined) out.components = components;
  // `indexed: false` stays as written: the ABI the factory exports is the input's (TypeChain keeps it too).
  if (allowIndexed && typeof p.indexed === "boolean") out.indexed = p.indexed;
  return out;
}

function readMutability(item: Record<string, unknown>, where: string): StateMutability {
  const sm = item.stateMutability;
  if (sm === "pure" || sm === "view" || sm === "nonpayable" || sm === "payable") return sm;
  if (sm !== undefined) throw new AbiFormatError(`${where}: unknown stateMutability "${String(sm)}"`);
  // Pre-0.4.16 ABIs carry `constant`/`payable` instead.
  if (item.constant === true) return "view";
  if (item.payable === true) return "payable";
  return "nonpayable";
}

function paramJson(p: AbiParam): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (p.indexed !== undefined) o.indexed = p.indexed;
  if (p.internalType !== undefined) o.internalType = p.internalType;
  o.name = p.name;
  o.type = p.type;
  if (p.components !== undefined) o.components = p.components.map(paramJson);
  return o;
}

/** Validates a raw ABI (already JSON-parsed). Throws AbiFormatError naming the bad item. */
export function readAbi(raw: unknown): ContractAbi {
  if (!Array.isArray(raw)) throw new AbiFormatError("the ABI is not a JSON array");
  const functions: FunctionItem[] = [];
  const events: EventItem[] = [];
  const errors: ErrorItem[] = [];
  let ctor: ConstructorItem = { kind: "constructor", inputs: [], stateMutability: "nonpayable" };
  let hasReceive = false;
  let hasFallback = false;
  const normalized: Record<string, unknown>[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const identical = new Set<string>();
  raw.forEach((entry, index) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new AbiFormatError(`ABI item ${index}: expected an object`);
    }
    const item = entry as Record<string, unknown>;
    // solc (0.8.26, e.g. Uniswap v4's ProtocolFeesTest) can emit the very same item twice; ethers
    // keeps one, and so do we. Items that differ but share a signature are still an error.
    const text = JSON.stringify(item);
    if (identical.has(text)) return;
    identical.add(text);
    const where = describe(item, index);
    const type = item.type === undefined ? "function" : item.type;
    const needName = (): string => {
      const n = item.name;
      if (typeof n !== "string" || !IDENT.test(n)) {
        throw new AbiFormatError(`${where}: missing or invalid name ${JSON.stringify(n)}`);
      }
      return n;
    };
    const unique = (key: string): void => {
      if (seen.has(key)) throw new AbiFormatError(`${where}: duplicate entry ${key}`);
      seen.add(key);
    };
    try {
      // Every case reads its params before recording anything, so a skipped item leaves no trace.
      switch (type) {
        case "function": {
          const name = needName();
          const inputs = readParams(item.inputs, where, "inputs", false);
          const outputs = readParams(item.outputs, where, "outputs", false);
          const stateMutability = readMutability(item, where);
          const signature = signatureOf(name, inputs);
          unique(`function ${signature}`);
          functions.push({ kind: "function", name, inputs, outputs, stateMutability, signature });
          normalized.push({ type, name, inputs: inputs.map(paramJson), outputs: outputs.map(paramJson), stateMutability });
          break;
        }
        case "event": {
          const name = needName();
          const inputs = readParams(item.inputs, where, "inputs", true);
          const anonymous = item.anonymous === true;
          const signature = signatureOf(name, inputs);
          unique(`event ${signature}`);
          events.push({ kind: "event", name, inputs, anonymous, signature });
          normalized.push({ type, name, inputs: inputs.map(paramJson), anonymous });
          break;
        }
        case "error": {
          const name = needName();
          const inputs = readParams(item.inputs, where, "inputs", false);
          const signature = signatureOf(name, inputs);
          // Interfaces and their implementations may both declare the same error; one is enough.
          if (seen.has(`error ${signature}`)) return;
          unique(`error ${signature}`);
          errors.push({ kind: "error", name, inputs, signature });
          normalized.push({ type, name, inputs: inputs.map(paramJson) });
          break;
        }
        case "constructor": {
          const inputs = readParams(item.inputs, where, "inputs", false);
          const stateMutability = readMutability(item, where);
          unique("constructor");
          ctor = { kind: "constructor", inputs, stateMutability };
          normalized.push({ type, inputs: inputs.map(paramJson), stateMutability });
          break;
        }
        case "receive":
          hasReceive = true;
          normalized.push({ type, stateMutability: "payable" });
          break;
        case "fallback":
          hasFallback = true;
          normalized.push({ type, stateMutability: readMutability(item, where) });
          break;
        default:
          throw new AbiFormatError(`${where}: unknown item type ${JSON.stringify(type)}`);
      }
    } catch (e) {
      if (!(e instanceof SolidityTypeName)) throw e;
      if (type === "constructor") {
        // Without its constructor a contract would deploy with the wrong arguments: the file is bad.
        throw new AbiFormatError(`${where}: type "${e.type}" cannot be ABI-encoded`);
      }
      const name = typeof item.name === "string" ? item.name : String(type);
      skipped.push(`${rawSignature(name, item.inputs)}: skipped, type "${e.type}" cannot be ABI-encoded`);
    }
  });
  return { functions, events, errors, constructor: ctor, hasReceive, hasFallback, normalized, skipped };
}
