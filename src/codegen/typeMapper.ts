// ABI parameter → TypeScript type, for ethers v6 inputs and outputs, with named structs
// collected per generated file so same-named structs of different contracts never merge.
import { type AbiParam, canonicalType, splitType } from "./abiModel.ts";
import { NameScope, RESULT_MEMBERS, TYPE_RESERVED, paramLabels, propertyKey } from "./names.ts";

interface StructDef {
  readonly namespace: string | null;
  readonly base: string;
  readonly components: readonly AbiParam[];
}

export class TypeMapper {
  readonly #fileScope: NameScope;
  readonly #namespaces = new Map<string, { name: string; scope: NameScope; structs: StructDef[] }>();
  readonly #topStructs: StructDef[] = [];
  readonly #byKey = new Map<string, StructDef>();
  readonly #rootScopeForTop: NameScope;
  readonly #mergeable: string | undefined;
  readonly #typeRef: (name: string) => string;

  /**
   * `mergeable`: the file's contract interface name; a struct namespace of that name merges with it
   * (as in TypeChain). `ref`: how the file names an imported type (typeRefs).
   */
  constructor(fileScope: NameScope, mergeable?: string, ref: (name: string) => string = (n) => n) {
    this.#fileScope = fileScope;
    this.#rootScopeForTop = fileScope;
    this.#mergeable = mergeable;
    this.#typeRef = ref;
  }

  /** Registers the struct behind a tuple parameter, if its internalType names one. */
  #struct(p: AbiParam): StructDef | null {
    // Each part of the path must be an identifier: a hand-written `struct 9Lib.S` stays an unnamed tuple.
    const m = /^struct ((?:[A-Za-z_$][A-Za-z0-9_$]*\.)*[A-Za-z_$][A-Za-z0-9_$]*)(?:\[[0-9]*\])*$/.exec(p.internalType ?? "");
    if (m === null) return null;
    const tupleParam: AbiParam = { name: "", type: "tuple", components: p.components ?? [] };
    const shape = `${canonicalType(tupleParam)}|${(p.components ?? []).map((c) => c.name).join(",")}`;
    const key = `${m[1]}|${shape}`;
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const path = m[1]!.split(".");
    const simple = path[path.length - 1]!;
    const ns = path.length > 1 ? path.slice(0, -1).join("_") : null;
    let def: StructDef;
    if (ns === null) {
      const base = this.#claimStructBase(this.#rootScopeForTop, simple);
      def = { namespace: null, base, components: p.components ?? [] };
      this.#topStructs.push(def);
    } else {
      let entry = this.#namespaces.get(ns);
      if (entry === undefined) {
        entry = { name: ns === this.#mergeable ? ns : this.#fileScope.claim(ns), scope: new NameScope(TYPE_RESERVED), structs: [] };
        this.#namespaces.set(ns, entry);
      }
      const base = this.#claimStructBase(entry.scope, simple);
      def = { namespace: entry.name, base, components: p.components ?? [] };
      entry.structs.push(def);
    }
    this.#byKey.set(key, def);
    // Register nested structs now so emission order follows first use.
    for (const c of def.components) if (splitType(c.type)!.base === "tuple") this.#struct(c);
    return def;
  }

  #claimStructBase(scope: NameScope, simple: string): string {
    let base = simple;
    while (scope.has(`${base}Struct`) || scope.has(`${base}StructOutput`)) base += "_";
    scope.claim(`${base}Struct`);
    scope.claim(`${base}StructOutput`);
    return base;
  }

  #ref(def: StructDef, output: boolean): string {
    const n = `${def.base}Struct${output ? "Output" : ""}`;
    return def.namespace === null ? n : `${def.namespace}.${n}`;
  }

  input(p: AbiParam): string {
    const { base, dims } = splitType(p.type)!;
    let t: string;
    if (base === "tuple") {
      const def = this.#struct(p);
      t = def !== null ? this.#ref(def, false) : this.tupleInput(p.components ?? []);
    } else t = this.#typeRef(inputScalar(base));
    return arrayType(t, dims);
  }

  output(p: AbiParam): string {
    const { base, dims } = splitType(p.type)!;
    let t: string;
    if (base === "tuple") {
      const def = this.#struct(p);
      t = def !== null ? this.#ref(def, true) : this.tupleOutput(p.components ?? []);
    } else t = outputScalar(base);
    return arrayType(t, dims);
  }

  /** The type an indexed event argument decodes to: dynamic ones arrive as their topic hash. */
  eventOutput(p: AbiParam): string {
    if (p.indexed === true && isDynamicForTopic(p)) return this.#typeRef("Indexed");
    return this.output(p);
  }

  /** A filter value for an indexed argument: ethers cannot encode arrays or tuples as topics. */
  eventInput(p: AbiParam): string {
    if (p.indexed === true) {
      const { base, dims } = splitType(p.type)!;
      if (base === "tuple" || dims.length > 0) return "null";
    }
    return this.input(p);
  }

  /** Struct input: an object keyed by component name when every name is usable, else a tuple. */
  tupleInput(components: readonly AbiParam[]): string {
    if (objectNamesUsable(components, false)) {
      return `{ ${components.map((c) => `${propertyKey(c.name)}: ${this.input(c)}`).join("; ")} }`;
    }
    return `[${components.map((c) => this.input(c)).join(", ")}]`;
  }

  /** Struct/result output: the positional tuple, intersected with the names ethers' Result exposes. */
  tupleOutput(components: readonly AbiParam[], map: (p: AbiParam) => string = (p) => this.output(p)): string {
    const labels = paramLabels(components.map((c) => c.name));
    const types = components.map(map);
    const tuple = `[${types.map((t, i) => `${labels[i]}: ${t}`).join(", ")}]`;
    const named = resultNames(components);
    if (named.length === 0) return tuple;
    return `${tuple} & { ${named.map((i) => `${propertyKey(components[i]!.name)}: ${types[i]}`).join("; ")} }`;
  }

  /** The struct declarations collected so far, as d.ts text. */
  declarations(): string {
    let out = "";
    const decl = (def: StructDef, indent: string): string => {
      const inT = this.tupleInput(def.components);
      const outT = this.tupleOutput(def.components);
      return `${indent}export type ${def.base}Struct = ${inT};\n\n${indent}export type ${def.base}StructOutput = ${outT};\n`;
    };
    // Emitting may register nothing new (structs were registered on first use), but loop defensively.
    for (const def of this.#topStructs) out += `${decl(def, "")}\n`;
    for (const entry of this.#namespaces.values()) {
      out += `export declare namespace ${entry.name} {\n${entry.structs.map((d) => decl(d, "  ")).join("\n")}}\n\n`;
    }
    return out;
  }
}

/**
 * Array dimensions, innermost first (TypeChain's rule): a fixed length of 1 to 5 is a tuple of that
 * many elements, anything longer or dynamic is `T[]`.
 */
function arrayType(element: string, dims: readonly string[]): string {
  return dims.reduce((acc, d) => {
    const n = d === "" ? 0 : Number(d);
    if (n >= 1 && n <= 5) return `[${Array<string>(n).fill(acc).join(", ")}]`;
    return / [&|] /.test(acc) ? `(${acc})[]` : `${acc}[]`;
  }, element);
}

/** The input type of an elementary ABI type (the external `function` type is its 24 bytes). */
function inputScalar(base: string): string {
  if (base.startsWith("uint") || base.startsWith("int")) return "BigNumberish";
  if (base === "address") return "AddressLike";
  if (base === "bool") return "boolean";
  if (base === "string") return "string";
  return "BytesLike";
}

/** The decoded type of an elementary ABI type (a `function` value decodes to `0x` and 48 hex digits). */
function outputScalar(base: string): string {
  if (base.startsWith("uint") || base.startsWith("int")) return "bigint";
  if (base === "bool") return "boolean";
  return "string";
}

function isDynamicForTopic(p: AbiParam): boolean {
  const { base, dims } = splitType(p.type)!;
  return dims.length > 0 || base === "string" || base === "bytes" || base === "tuple";
}

/** Indices of components whose names ethers' Result exposes as keys: non-empty, unique, not an Array member. */
export function resultNames(components: readonly AbiParam[]): number[] {
  const count = new Map<string, number>();
  for (const c of components) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  const out: number[] = [];
  components.forEach((c, i) => {
    if (c.name !== "" && count.get(c.name) === 1 && !RESULT_MEMBERS.has(c.name) && !/^[0-9]+$/.test(c.name)) out.push(i);
  });
  return out;
}

function objectNamesUsable(components: readonly AbiParam[], output: boolean): boolean {
  if (components.length === 0) return false;
  const names = new Set<string>();
  for (const c of components) {
    // ethers reads each field as value[name]; `__proto__` in an object literal sets the prototype instead.
    if (c.name === "" || c.name === "__proto__" || names.has(c.name) || (output && RESULT_MEMBERS.has(c.name))) return false;
    names.add(c.name);
  }
  return true;
}
