// The naming rules of generated code, in one place, because the README documents them
// and users depend on them staying the same run after run.

/** What naming needs of a contract: its name and where it came from. */
export interface NameSource {
  readonly name: string;
  readonly file: string;
  readonly sourceUnit?: string;
}

const IDENT_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** JavaScript reserved words and strict-mode restricted names. */
export const JS_RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof",
  "var", "void", "while", "with", "yield", "let", "static", "implements", "interface", "package",
  "private", "protected", "public", "await", "arguments", "eval", "async", "of", "undefined",
]);

/**
 * Property names a bound contract already answers itself. ethers' Contract proxy returns its own
 * member for these (BaseContract and Object.prototype), so a contract function of that name is
 * only reachable through its signature key or getFunction; `then` would make the contract look like
 * a promise; `logs` is added by abibind's runtime. test/codegen/corpusCli.test.ts pins this list against ethers.
 */
export const CONTRACT_MEMBERS = new Set([
  "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "__proto__",
  "addListener", "attach", "connect", "constructor", "deploymentTransaction", "emit", "fallback",
  "filters", "getAddress", "getDeployedCode", "getEvent", "getFunction", "hasOwnProperty",
  "interface", "isPrototypeOf", "listenerCount", "listeners", "off", "on", "once",
  "propertyIsEnumerable", "queryFilter", "queryTransaction", "removeAllListeners", "removeListener",
  "runner", "target", "toLocaleString", "toString", "valueOf", "waitForDeployment",
  "then", "logs",
]);

/** Keys an ethers Result answers itself (Array and Result members): never usable as output names. */
export const RESULT_MEMBERS = new Set([
  "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "__proto__",
  "at", "concat", "constructor", "copyWithin", "entries", "every", "fill", "filter", "find",
  "findIndex", "findLast", "findLastIndex", "flat", "flatMap", "forEach", "getValue",
  "hasOwnProperty", "includes", "indexOf", "isPrototypeOf", "join", "keys", "lastIndexOf", "length",
  "map", "pop", "propertyIsEnumerable", "push", "reduce", "reduceRight", "reverse", "shift", "slice",
  "some", "sort", "splice", "toArray", "toLocaleString", "toObject", "toReversed", "toSorted",
  "toSpliced", "toString", "unshift", "valueOf", "values", "with", "then",
]);

/** The ethers types the generated declaration files import (each file imports those it uses). */
export const ETHERS_TYPES = [
  "AddressLike", "Addressable", "BaseContract", "BigNumberish", "BytesLike", "ContractDeployTransaction",
  "ContractFactory", "ContractMethod", "ContractRunner", "ContractTransactionResponse", "EventFragment",
  "FunctionFragment", "Indexed", "Interface", "Listener", "Result", "Signer",
] as const;

/** The common.d.ts types the generated declaration files import. */
export const COMMON_TYPES = [
  "DecodedCustomError", "NonPayableOverrides", "PayableOverrides", "TypedContractEvent", "TypedContractMethod",
  "TypedDeferredTopicFilter", "TypedEventLog", "TypedListener", "TypedLogDescription", "TypedLogsQuery",
] as const;

/** Global types the contract and factory declaration files name. */
export const GLOBAL_TYPES = ["Array", "ConstructorParameters", "Promise"] as const;

/**
 * Names TypeScript cannot declare as an interface or namespace, or refer to as a type: the
 * ECMAScript reserved words and the type keywords (each tried as an interface, namespace and type
 * reference under tsc 5.0 and 5.9).
 */
export const UNDECLARABLE = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
  "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
  "while", "with",
  "any", "bigint", "boolean", "infer", "intrinsic", "keyof", "never", "number", "object", "readonly",
  "string", "symbol", "undefined", "unique", "unknown",
]);

/**
 * How a declaration file names an imported or global type: the name itself, unless the file
 * declares that name (a contract named `Signer`, `Promise` or `Decoded`, whose error union
 * is `DecodedCustomError`); then the import is aliased `Ethers<Name>` / `Common<Name>`, and a
 * global is reached as `globalThis.<Name>`.
 */
export function typeRefs(declared: ReadonlySet<string>): (name: string) => string {
  return (name) => {
    if (!declared.has(name)) return name;
    if ((GLOBAL_TYPES as readonly string[]).includes(name)) return `globalThis.${name}`;
    let alias = `${(COMMON_TYPES as readonly string[]).includes(name) ? "Common" : "Ethers"}${name}`;
    while (declared.has(alias)) alias += "_";
    return alias;
  };
}

/**
 * Names a generated file's own declarations (struct namespaces and types, event namespaces) never
 * take, so they cannot shadow what the file imports or refers to: they get a trailing `_` instead.
 */
export const TYPE_RESERVED = new Set([
  ...ETHERS_TYPES, ...ETHERS_TYPES.map((n) => `Ethers${n}`),
  ...COMMON_TYPES, ...COMMON_TYPES.map((n) => `Common${n}`),
  // the rest of common.d.ts
  "MinEthersFactory", "GetContractTypeFromFactory", "GetARGsTypeFromFactory", "StateMutability",
  "BaseOverrides", "ViewOverrides", "Overrides", "PostfixOverrides", "ContractMethodArgs",
  "DefaultReturnType", "LogsBlockTag", "TypedDecodedLog",
  // ethers names common.d.ts imports
  "ContractTransaction", "DeferredTopicFilter", "EventLog", "LogDescription", "TransactionRequest", "Typed",
  "ErrorFragment", "ErrorDescription",
  // TypeScript globals and keywords
  ...GLOBAL_TYPES, "ReadonlyArray", "Omit", "Partial", "Record", "Parameters", "Error", "Object", "String",
  "Number", "Boolean", "Symbol", "BigInt", "Function", "Pick", "Exclude", "Extract", "NonNullable",
  "ReturnType", "Readonly", "Required", "undefined", "globalThis", "type", "declare", "namespace", "module",
  "as", "is", "satisfies", "asserts", "accessor", "out", "require", "exports", "get", "set", "from",
  "abstract", "override", "global", "constructor",
  ...UNDECLARABLE,
  ...JS_RESERVED,
]);

/** True for an identifier a generated file may declare: ASCII identifier syntax, not a reserved word. */
export function isDeclarable(name: string): boolean {
  return IDENT_RE.test(name) && !UNDECLARABLE.has(name) && !JS_RESERVED.has(name);
}

/** A set of taken identifiers; `claim` returns the name, or the name with `_` appended until free. */
export class NameScope {
  readonly #taken: Set<string>;
  constructor(reserved: Iterable<string> = []) {
    this.#taken = new Set(reserved);
  }
  claim(name: string): string {
    let n = name;
    while (this.#taken.has(n)) n += "_";
    this.#taken.add(n);
    return n;
  }
  has(name: string): boolean {
    return this.#taken.has(name);
  }
}

/** A parameter label: the ABI name when it is a safe identifier and unique, else `arg<index>`. */
export function paramLabels(names: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  const labels = names.map((n, i) => (n !== "" && !JS_RESERVED.has(n) && count.get(n) === 1 ? n : `arg${i}`));
  // `argN` must not collide with a real parameter of that name.
  const used = new Set<string>();
  return labels.map((l, i) => {
    let label = l;
    while (used.has(label) || (label !== names[i] && names.includes(label))) label = `${label}_`;
    used.add(label);
    return label;
  });
}

/** Quotes an object key when it is not a plain identifier. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__" ? name : JSON.stringify(name);
}

/**
 * Turns an arbitrary file-derived string into a PascalCase identifier fragment: characters other
 * than ASCII letters, digits, `_` and `$` separate words, each word's first letter is capitalised;
 * a non-ASCII character (after NFC normalisation) becomes the word `U<hex code point>`, so names
 * stay ASCII (file names then survive every file system) and distinct; a result starting with a
 * digit gets a leading `_`; an empty one is `Contract`.
 */
export function identifierFrom(text: string): string {
  const spelled = text.normalize("NFC").replace(/[^\x00-\x7f]/gu, (c) => ` U${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} `);
  const words = spelled.split(/[^A-Za-z0-9_$]+/).filter((w) => w !== "");
  let id = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  if (id === "") id = "Contract";
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return id;
}

/** An identifier fragment for a signature: `Foo(uint256,(bool,address)[])` → `Foo_uint256_tuple_bool_address_array`. */
export function signatureSuffix(signature: string): string {
  const open = signature.indexOf("(");
  const params = signature.slice(open + 1, -1);
  if (params === "") return signature.slice(0, open);
  return `${signature.slice(0, open)}_${params}`
    .replace(/\[(\d*)\]/g, (_m, n: string) => `_array${n}`)
    .replace(/\(/g, "_tuple_")
    .replace(/[,)]/g, "_")
    .replace(/_+/g, "_")
    .replace(/_$/, "");
}

/** True for a name usable as a contract's type name (its interface, namespace and file name). */
export function isSafeTypeName(name: string): boolean {
  return IDENT_RE.test(name) && !UNDECLARABLE.has(name);
}

export interface FunctionAlias {
  /** The extra member name on the contract. */
  readonly member: string;
  /** The function's ABI name. */
  readonly name: string;
  /** Why the alias exists, for the generated doc comment. */
  readonly reason: "clash" | "user";
}

/**
 * Extra contract members, in ABI order. A function that is not overloaded and whose name ethers'
 * BaseContract (or Object.prototype, or abibind) already answers gets the alias `<name>_` (more `_`
 * until the name is free); `--alias old=new` adds `new` for a non-overloaded `old` when `new` is
 * free, and then replaces the automatic alias. Overloaded functions need none: their signature keys
 * are always safe.
 */
export function functionAliases(names: readonly string[], user: ReadonlyMap<string, string> = new Map()): FunctionAlias[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  const taken = new Set<string>([...names, ...CONTRACT_MEMBERS]);
  const out: FunctionAlias[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name) || count.get(name) !== 1) continue;
    seen.add(name);
    const wanted = user.get(name);
    if (wanted !== undefined && !taken.has(wanted) && IDENT_RE.test(wanted)) {
      taken.add(wanted);
      out.push({ member: wanted, name, reason: "user" });
    } else if (CONTRACT_MEMBERS.has(name)) {
      let member = `${name}_`;
      while (taken.has(member)) member += "_";
      taken.add(member);
      out.push({ member, name, reason: "clash" });
    }
  }
  return out;
}


/**
 * Words ethers' human-readable ABI parser treats as keywords. A function or event of such a name
 * resolves by its bare name, but its signature key (`"view(uint256)"`) makes ethers throw, so such
 * keys are only typed where abibind makes them work (factory-made contracts, by selector).
 */
export const ETHERS_KEYWORDS = new Set([
  "constant", "external", "internal", "payable", "private", "public", "pure", "view", "event", "function",
  "error", "tuple", "returns", "indexed", "anonymous", "constructor", "fallback", "receive", "storage",
  "memory", "calldata", "override", "struct", "virtual", "immutable", "modifier", "library", "contract",
  "interface", "is",
]);

/**
 * The members of `contract.logs`: each event by signature, and by name when not overloaded;
 * `all` (every log of the address) is reserved, so an event named `all` has its signature key only.
 */
export function logsKeys(events: readonly { name: string; signature: string }[]): { key: string; signature: string }[] {
  const count = new Map<string, number>();
  for (const e of events) count.set(e.name, (count.get(e.name) ?? 0) + 1);
  const out: { key: string; signature: string }[] = [];
  for (const e of events) {
    if (count.get(e.name) === 1 && e.name !== "all") out.push({ key: e.name, signature: e.signature });
    out.push({ key: e.signature, signature: e.signature });
  }
  return out;
}
