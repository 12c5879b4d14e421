// factories/<Name>__factory.{js,d.ts}: the ABI (also `as const` for viem/abitype), connect,
// decodeError, and for deployable contracts deploy and library linking.
import { createRequire } from "node:module";
import { type AbiParam, type ContractAbi, type FunctionItem, splitType } from "./abiModel.ts";
import { type ContractTypesOutput, importTypes } from "./emitContract.ts";
import { CONTRACT_MEMBERS, ETHERS_KEYWORDS, functionAliases, logsKeys } from "./names.ts";

export interface LinkReference {
  /** The key users pass to linkBytecode: `path/File.sol:Lib`, or the placeholder when no name is known. */
  readonly key: string;
  /** Hex-character offsets (after the 0x prefix) of each 40-character placeholder. */
  readonly offsets: readonly number[];
}

export interface FactoryInput {
  readonly typeName: string;
  readonly abi: ContractAbi;
  readonly bytecode?: string;
  readonly links: readonly LinkReference[];
  readonly banner: string;
  readonly types: ContractTypesOutput;
  readonly aliases?: ReadonlyMap<string, string>;
}

/** A TypeScript literal type for a JSON value (the ABI `as const`). */
export function constType(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "readonly []";
    const inner = indent + "  ";
    return `readonly [\n${value.map((v) => `${inner}${constType(v, inner)}`).join(",\n")},\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) return constTypeInline(value);
  return JSON.stringify(value);
}

/**
 * The same as a recursive walk, but by one linear pass over JSON.stringify's output: on a
 * 3000-function ABI the walk's string joins were a tenth of the whole run.
 */
function constTypeInline(value: unknown): string {
  const json = JSON.stringify(value);
  let out = "";
  let i = 0;
  // true: inside an object (a string here may be a key), false: inside an array.
  const stack: boolean[] = [];
  let expectKey = false;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === "\\" ? 2 : 1;
      const str = json.slice(i, j + 1);
      out += expectKey ? `readonly ${str}: ` : str;
      i = expectKey ? j + 2 : j + 1; // a key is followed by ':'
      expectKey = false;
      continue;
    }
    if (c === "{") {
      if (json[i + 1] === "}") {
        out += "{}";
        i += 2;
        continue;
      }
      stack.push(true);
      out += "{ ";
      expectKey = true;
    } else if (c === "[") {
      if (json[i + 1] === "]") {
        out += "readonly []";
        i += 2;
        continue;
      }
      stack.push(false);
      out += "readonly [";
    } else if (c === "}") {
      stack.pop();
      out += " }";
    } else if (c === "]") {
      stack.pop();
      out += "]";
    } else if (c === ",") {
      const inObject = stack[stack.length - 1] === true;
      out += inObject ? "; " : ", ";
      expectKey = inObject;
    } else out += c;
    i++;
  }
  return out;
}

function jsonArray(items: readonly unknown[]): string {
  if (items.length === 0) return "[]";
  return `[\n${items.map((i) => `  ${JSON.stringify(i)}`).join(",\n")},\n]`;
}

export function emitFactory(input: FactoryInput): { js: string; dts: string } {
  const { typeName, abi, bytecode, links } = input;
  const factory = `${typeName}__factory`;
  const abiName = `${typeName}__abi`;
  const deployable = bytecode !== undefined && bytecode !== "0x" && bytecode !== "";
  const ctorPayable = abi.constructor.stateMutability === "payable";

  // ---------- JavaScript ----------
  // [member, key]: aliases exist only for non-overloaded functions, so the bare name resolves; a
  // keyword-named function's signature key makes ethers throw, so it is bound by selector instead.
  const aliases: (readonly [string, string])[] = functionAliases(abi.functions.map((f) => f.name), input.aliases).map(
    (a) => [a.member, a.name] as const,
  );
  const keyworded = abi.functions.filter((f) => ETHERS_KEYWORDS.has(f.name));
  if (keyworded.length > 0) {
    // Loaded only here: keccak is needed for these rare ABIs alone, and ethers costs startup time.
    const { id } = createRequire(import.meta.url)("ethers") as { id(text: string): string };
    for (const f of keyworded) aliases.push([f.signature, id(f.signature).slice(0, 10)]);
  }
  const fast = fastReads(abi.functions, new Set(aliases.map(([member]) => member)));
  let js = input.banner;
  js += deployable
    ? 'import { Contract, ContractFactory, Interface } from "ethers";\n\n'
    : 'import { Contract, Interface } from "ethers";\n\n';
  js += `const _abi = ${jsonArray(abi.normalized)};\n\n`;
  js += `/** The ${typeName} ABI. */\nexport const ${abiName} = _abi;\n\n`;
  js += "let _iface;\nconst _interface = () => (_iface ??= new Interface(_abi));\n\n";
  let wrap = (expr: string): string => expr;
  if (fast.length > 0) {
    // Typed reads of static scalars skip ethers' Contract hot path (abibind/runtime's fastRead,
    // loaded on first use; without abibind installed, or for anything unusual, ethers answers).
    js += `const _fast = ${JSON.stringify(fast)};\n`;
    js +=
      "let _rt;\n" +
      "const _runtime = () => (_rt ??= import(\"abibind/runtime\").then((m) => m.loadFastRead(), () => null));\n" +
      "const _fastMethod = (c, [name, signature, ins, out]) => {\n" +
      "  const slow = c.getFunction(name);\n" +
      "  const outs = [out];\n" +
      "  const method = async (...args) => {\n" +
      "    const read = await _runtime();\n" +
      "    return read === null ? slow(...args) : read(c, signature, ins, outs, args, slow);\n" +
      "  };\n" +
      "  for (const k of [\"name\", \"fragment\", \"getFragment\", \"populateTransaction\", \"staticCall\", \"staticCallResult\", \"send\", \"estimateGas\"]) {\n" +
      "    Object.defineProperty(method, k, { value: slow[k] });\n" +
      "  }\n" +
      "  return method;\n" +
      "};\n";
  }
  if (aliases.length > 0) js += `const _aliases = ${JSON.stringify(aliases)};\n`;
  const logs = logsKeys(abi.events).map((k) => k.key);
  if (logs.length > 0) {
    // contract.logs.Name(query): chunked history through abibind/runtime (loaded on first use).
    js +=
      `const _logKeys = ${JSON.stringify([...logs, "all"])};\n` +
      "let _lrt;\n" +
      "const _logs = (c) => {\n" +
      "  const query = (key) => async (q, options) => {\n" +
      "    _lrt ??= await import(\"abibind/runtime\").catch(() => null);\n" +
      "    if (_lrt === null) throw new Error(\"contract.logs needs the abibind package (npm install abibind)\");\n" +
      "    const sender = typeof c.runner?.send === \"function\" ? c.runner : c.runner?.provider;\n" +
      "    if (typeof sender?.send !== \"function\") throw new Error(\"contract.logs needs a runner connected to a JSON-RPC provider\");\n" +
      "    return _lrt.contractLogs(sender, c)[key](q, options);\n" +
      "  };\n" +
      "  return Object.freeze(Object.fromEntries(_logKeys.map((k) => [k, query(k)])));\n" +
      "};\n";
  }
  if (aliases.length > 0 || fast.length > 0 || logs.length > 0) {
    // ethers' Contract proxy answers own properties first, so aliases and fast reads are plain
    // properties. connect() builds a fresh BaseContract, so they are carried over to it.
    js +=
      "const _bind = (c) => {\n" +
      (aliases.length > 0 ? "  for (const [member, key] of _aliases) Object.defineProperty(c, member, { value: c.getFunction(key) });\n" : "") +
      (fast.length > 0 ? "  for (const f of _fast) Object.defineProperty(c, f[0], { value: _fastMethod(c, f) });\n" : "") +
      (logs.length > 0 ? "  Object.defineProperty(c, \"logs\", { value: _logs(c) });\n" : "") +
      "  const connect = c.connect;\n" +
      "  Object.defineProperty(c, \"connect\", { value: (runner) => _bind(connect.call(c, runner)) });\n" +
      "  return c;\n};\n\n";
    wrap = (expr) => `_bind(${expr})`;
  }
  if (deployable) {
    js += `const _bytecode = ${JSON.stringify(bytecode)};\n\n`;
    if (links.length > 0) {
      js += `const _links = ${JSON.stringify(links.map((l) => [l.key, l.offsets]))};\n\n`;
    }
  }
  const decodeJs =
    "  static decodeError(data) {\n" +
    "    let parsed = null;\n" +
    "    try {\n      parsed = _interface().parseError(data);\n    } catch {\n      return null;\n    }\n" +
    "    if (parsed === null || parsed.signature === \"Error(string)\" || parsed.signature === \"Panic(uint256)\") return null;\n" +
    "    return { name: parsed.name, signature: parsed.signature, selector: parsed.selector, args: parsed.args };\n" +
    "  }\n";
  const statics =
    "  static abi = _abi;\n\n" +
    "  static createInterface() {\n    return new Interface(_abi);\n  }\n\n" +
    `  static connect(address, runner) {\n    return ${wrap("new Contract(address, _abi, runner)")};\n  }\n\n` +
    decodeJs;
  if (!deployable) {
    js += `export class ${factory} {\n${statics}}\n`;
  } else {
    const superCheck =
      links.length > 0
        ? "const _isSuperArgs = (xs) => xs.length > 1 && (typeof xs[0] === \"string\" || Array.isArray(xs[0]) || xs[0] instanceof Interface);\n\n"
        : "const _isSuperArgs = (xs) => xs.length > 1;\n\n";
    js += superCheck;
    js += `export class ${factory} extends ContractFactory {\n`;
    js += "  constructor(...args) {\n";
    js += "    if (_isSuperArgs(args)) super(...args);\n";
    js +=
      links.length > 0
        ? `    else super(_abi, ${factory}.linkBytecode(args[0]), args[1]);\n  }\n\n`
        : "    else super(_abi, _bytecode, args[0]);\n  }\n\n";
    if (aliases.length > 0 || fast.length > 0 || logs.length > 0) js += "  async deploy(...args) {\n    return _bind(await super.deploy(...args));\n  }\n\n";
    js += "  static bytecode = _bytecode;\n\n";
    if (links.length > 0) {
      js +=
        "  static linkBytecode(linkLibraryAddresses) {\n" +
        "    let code = _bytecode;\n" +
        "    for (const [key, offsets] of _links) {\n" +
        "      const address = linkLibraryAddresses?.[key];\n" +
        "      if (typeof address !== \"string\" || !/^0x[0-9a-fA-F]{40}$/.test(address)) {\n" +
        `        throw new Error(\`${factory}.linkBytecode: library \${key} needs an address, got \${String(address)}\`);\n` +
        "      }\n" +
        "      const hex = address.slice(2).toLowerCase();\n" +
        "      for (const at of offsets) code = code.slice(0, 2 + at) + hex + code.slice(2 + at + 40);\n" +
        "    }\n" +
        "    return code;\n" +
        "  }\n\n";
    }
    js += statics + "}\n";
  }

  // ---------- Declarations ----------
  const { interfaceName, errorUnionName, deployArgsName } = input.types;
  const overridesT = ctorPayable ? "PayableOverrides" : "NonPayableOverrides";
  const deployParams = `...args: [...${deployArgsName}, overrides?: ${overridesT} & { from?: string }]`;

  let body = "";
  body += `/** The ${typeName} ABI, typed \`as const\` for viem and abitype. */\nexport declare const ${abiName}: ${constType(abi.normalized)};\n\n`;
  const staticsT =
    `  static readonly abi: typeof ${abiName};\n` +
    `  static createInterface(): ${interfaceName};\n` +
    `  static connect(address: string, runner?: ContractRunner | null): ${typeName};\n` +
    `  /** Decodes revert data into one of ${typeName}'s custom errors; null for anything else. */\n` +
    `  static decodeError(data: BytesLike): ${errorUnionName} | null;\n`;
  if (!deployable) {
    body += `export declare class ${factory} {\n${staticsT}}\n`;
  } else {
    if (links.length > 0) {
      body += `export interface ${typeName}LibraryAddresses {\n${links.map((l) => `  ${JSON.stringify(l.key)}: string;\n`).join("")}}\n\n`;
      body += `type ${typeName}ConstructorParams =\n  | [linkLibraryAddresses: ${typeName}LibraryAddresses, signer?: Signer]\n  | ConstructorParameters<typeof ContractFactory>;\n\n`;
    } else {
      body += `type ${typeName}ConstructorParams = [signer?: Signer] | ConstructorParameters<typeof ContractFactory>;\n\n`;
    }
    body +=
      `export declare class ${factory} extends ContractFactory {\n` +
      `  constructor(...args: ${typeName}ConstructorParams);\n` +
      `  getDeployTransaction(${deployParams}): Promise<ContractDeployTransaction>;\n` +
      `  deploy(${deployParams}): Promise<${typeName} & { deploymentTransaction(): ContractTransactionResponse }>;\n` +
      `  connect(runner: ContractRunner | null): ${factory};\n` +
      "  static readonly bytecode: string;\n" +
      (links.length > 0 ? `  static linkBytecode(linkLibraryAddresses: ${typeName}LibraryAddresses): string;\n` : "") +
      staticsT +
      "}\n";
  }
  const text = body;
  const dts =
    input.banner +
    importTypes(FACTORY_ETHERS_TYPES, "ethers", text) +
    (deployable ? 'import { ContractFactory } from "ethers";\n' : "") +
    importTypes(FACTORY_COMMON_TYPES, "../common.js", text) +
    `import type { ${[typeName, errorUnionName, interfaceName, ...(deployable ? [deployArgsName] : [])].sort().join(", ")} } from "../${typeName}.js";\n\n` +
    text;
  return { js, dts };
}

// Module constants, so importTypes compiles each name list's regex once.
const FACTORY_ETHERS_TYPES = ["BytesLike", "ContractDeployTransaction", "ContractRunner", "ContractTransactionResponse", "Signer"];
const FACTORY_COMMON_TYPES = ["NonPayableOverrides", "PayableOverrides"];

const FAST_SCALAR = /^(u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|address|bool|bytes([1-9]|[12][0-9]|3[0-2]))$/;

function fastKind(p: AbiParam): string | null {
  const { base, dims } = splitType(p.type)!;
  if (dims.length > 0 || !FAST_SCALAR.test(base)) return null;
  return base === "uint" ? "uint256" : base === "int" ? "int256" : base;
}

/**
 * [member, signature, input kinds, output kind] of the reads the runtime can serve without ethers'
 * Contract: view/pure, not overloaded, a plain member name, static scalar inputs, one static scalar output.
 */
function fastReads(functions: readonly FunctionItem[], taken: ReadonlySet<string>): [string, string, string[], string][] {
  const count = new Map<string, number>();
  for (const f of functions) count.set(f.name, (count.get(f.name) ?? 0) + 1);
  const out: [string, string, string[], string][] = [];
  for (const f of functions) {
    if (f.stateMutability !== "view" && f.stateMutability !== "pure") continue;
    if (count.get(f.name) !== 1 || CONTRACT_MEMBERS.has(f.name) || ETHERS_KEYWORDS.has(f.name) || taken.has(f.name)) continue;
    if (f.outputs.length !== 1) continue;
    const ins = f.inputs.map(fastKind);
    const outKind = fastKind(f.outputs[0]!);
    if (outKind === null || ins.some((k) => k === null)) continue;
    // The signature, not the selector: the runtime hashes it once, so codegen needs no keccak.
    out.push([f.name, f.signature, ins as string[], outKind]);
  }
  return out;
}
