// factories/<Name>__factory.{js,d.ts}: the ABI (also `as const` for viem/abitype), connect,
// decodeError, and for deployable contracts deploy and library linking.
import { type AbiParam, type ContractAbi, type FunctionItem, splitType } from "./abiModel.ts";
import { type ContractTypesOutput, importTypes } from "./emitContract.ts";
import { CONTRACT_MEMBERS, ETHERS_KEYWORDS, functionAliases, logsKeys, typeRefs } from "./names.ts";
import { BINDING_FORMAT } from "./bindingFormat.ts";

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
  /** The way from this file to the output root (`../` in the flat layout). */
  readonly root?: string;
  /** The contract's declaration file from the output root, without extension (the type name in the flat layout). */
  readonly typePath?: string;
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
  // Data and a class that delegates: every behaviour is abibind/runtime's bindContract, so an
  // upgrade of abibind reaches these bindings without regenerating them.
  // [member, name]: aliases exist only for non-overloaded functions, so the bare name resolves; a
  // keyword-named function's signature key makes ethers throw, so the runtime binds it by selector.
  const aliases = functionAliases(abi.functions.map((f) => f.name), input.aliases).map((a) => [a.member, a.name] as const);
  const bySelector = abi.functions.filter((f) => ETHERS_KEYWORDS.has(f.name)).map((f) => f.signature);
  const fast = fastReads(abi.functions, new Set([...aliases.map(([member]) => member), ...bySelector]));
  const events = logsKeys(abi.events).map((k) => k.key);
  const data: string[] = [`  format: ${BINDING_FORMAT},`, `  name: ${JSON.stringify(typeName)},`, "  abi: _abi,"];
  if (deployable) data.push(`  bytecode: ${JSON.stringify(bytecode)},`);
  if (deployable && links.length > 0) data.push(`  links: ${JSON.stringify(links.map((l) => [l.key, l.offsets]))},`);
  if (fast.length > 0) data.push(`  fastReads: ${JSON.stringify(fast)},`);
  if (aliases.length > 0) data.push(`  aliases: ${JSON.stringify(aliases)},`);
  if (bySelector.length > 0) data.push(`  bySelector: ${JSON.stringify(bySelector)},`);
  if (events.length > 0) data.push(`  events: ${JSON.stringify(events)},`);
  let js = input.banner;
  js += 'import { bindContract } from "abibind/runtime";\n\n';
  js += `const _abi = ${jsonArray(abi.normalized)};\n\n`;
  js += `/** The ${typeName} ABI. */\nexport const ${abiName} = _abi;\n\n`;
  js += `const _binding = bindContract({\n${data.join("\n")}\n});\n\n`;
  const statics =
    (deployable ? "  static bytecode = _binding.bytecode;\n\n" : "") +
    "  static abi = _abi;\n\n" +
    "  static createInterface() {\n    return _binding.createInterface();\n  }\n\n" +
    "  static connect(address, runner) {\n    return _binding.connect(address, runner);\n  }\n\n" +
    (deployable && links.length > 0 ? "  static linkBytecode(linkLibraryAddresses) {\n    return _binding.linkBytecode(linkLibraryAddresses);\n  }\n\n" : "") +
    "  static decodeError(data) {\n    return _binding.decodeError(data);\n  }\n";
  js += deployable ? `export class ${factory} extends _binding.Factory {\n${statics}}\n` : `export class ${factory} {\n${statics}}\n`;

  // ---------- Declarations ----------
  const { interfaceName, errorUnionName, deployArgsName } = input.types;
  const paramsName = `${typeName}ConstructorParams`;
  const librariesName = `${typeName}LibraryAddresses`;
  const r = typeRefs(new Set([typeName, interfaceName, errorUnionName, deployArgsName, factory, abiName, paramsName, librariesName]));
  const overridesT = r(ctorPayable ? "PayableOverrides" : "NonPayableOverrides");
  // Every tuple member labelled: TypeScript before 5.2 rejects labelled and unlabelled ones mixed.
  const deployParams = `...args: [...args: ${deployArgsName}, overrides?: ${overridesT} & { from?: string }]`;
  const P = r("Promise");

  let body = "";
  body += `/** The ${typeName} ABI, typed \`as const\` for viem and abitype. */\nexport declare const ${abiName}: ${constType(abi.normalized)};\n\n`;
  const staticsT =
    `  static readonly abi: typeof ${abiName};\n` +
    `  static createInterface(): ${interfaceName};\n` +
    `  static connect(address: string, runner?: ${r("ContractRunner")} | null): ${typeName};\n` +
    `  /** Decodes revert data into one of ${typeName}'s custom errors; null for anything else. */\n` +
    `  static decodeError(data: ${r("BytesLike")}): ${errorUnionName} | null;\n`;
  if (!deployable) {
    body += `export declare class ${factory} {\n${staticsT}}\n`;
  } else {
    const CF = r("ContractFactory");
    const superParams = `${r("ConstructorParameters")}<typeof ${CF}>`;
    if (links.length > 0) {
      body += `export interface ${librariesName} {\n${links.map((l) => `  ${JSON.stringify(l.key)}: string;\n`).join("")}}\n\n`;
      body += `type ${paramsName} =\n  | [linkLibraryAddresses: ${librariesName}, signer?: ${r("Signer")}]\n  | ${superParams};\n\n`;
    } else {
      body += `type ${paramsName} = [signer?: ${r("Signer")}] | ${superParams};\n\n`;
    }
    body +=
      `export declare class ${factory} extends ${CF} {\n` +
      `  constructor(...args: ${paramsName});\n` +
      `  getDeployTransaction(${deployParams}): ${P}<${r("ContractDeployTransaction")}>;\n` +
      `  deploy(${deployParams}): ${P}<${typeName} & { deploymentTransaction(): ${r("ContractTransactionResponse")} }>;\n` +
      `  connect(runner: ${r("ContractRunner")} | null): ${factory};\n` +
      `  attach(address: string | ${r("Addressable")}): ${typeName};\n` +
      "  static readonly bytecode: string;\n" +
      (links.length > 0 ? `  static linkBytecode(linkLibraryAddresses: ${librariesName}): string;\n` : "") +
      staticsT +
      "}\n";
  }
  const text = body;
  const dts =
    input.banner +
    importTypes(FACTORY_ETHERS_TYPES, "ethers", text, r) +
    (deployable ? `import { ${r("ContractFactory") === "ContractFactory" ? "ContractFactory" : `ContractFactory as ${r("ContractFactory")}`} } from "ethers";\n` : "") +
    importTypes(FACTORY_COMMON_TYPES, `${input.root ?? "../"}common.js`, text, r) +
    `import type { ${[typeName, errorUnionName, interfaceName, ...(deployable ? [deployArgsName] : [])].sort().join(", ")} } from "${input.root ?? "../"}${input.typePath ?? typeName}.js";\n\n` +
    text;
  return { js, dts };
}

// Module constants, so importTypes compiles each name list's regex once.
const FACTORY_ETHERS_TYPES = ["Addressable", "BytesLike", "ContractDeployTransaction", "ContractRunner", "ContractTransactionResponse", "Signer"];
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
