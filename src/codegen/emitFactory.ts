// factories/<Name>__factory.{js,d.ts}: the ABI (also `as const` for viem/abitype), connect,
// decodeError, and for deployable contracts deploy and library linking.
import type { ContractAbi } from "./abiModel.ts";
import { type ContractTypesOutput, importTypes } from "./emitContract.ts";

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
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `readonly ${JSON.stringify(k)}: ${constTypeInline(v)}`).join("; ")} }`;
  }
  return JSON.stringify(value);
}

function constTypeInline(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "readonly []" : `readonly [${value.map(constTypeInline).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{ ${Object.entries(value).map(([k, v]) => `readonly ${JSON.stringify(k)}: ${constTypeInline(v)}`).join("; ")} }`;
  }
  return JSON.stringify(value);
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
  const names = new Map<string, number>();
  for (const f of abi.functions) names.set(f.name, (names.get(f.name) ?? 0) + 1);
  const aliases = [...(input.aliases ?? new Map<string, string>())]
    .filter(([from, to]) => names.get(from) === 1 && !names.has(to))
    .map(([from, to]) => [to, abi.functions.find((f) => f.name === from)!.signature] as const);
  let js = input.banner;
  js += deployable
    ? 'import { Contract, ContractFactory, Interface } from "ethers";\n\n'
    : 'import { Contract, Interface } from "ethers";\n\n';
  js += `const _abi = ${jsonArray(abi.normalized)};\n\n`;
  js += `/** The ${typeName} ABI. */\nexport const ${abiName} = _abi;\n\n`;
  js += "let _iface;\nconst _interface = () => (_iface ??= new Interface(_abi));\n\n";
  let wrap = (expr: string): string => expr;
  if (aliases.length > 0) {
    js += `const _aliases = ${JSON.stringify(aliases)};\n`;
    // ethers' Contract proxy answers own properties first, so an alias is a plain property.
    js += "const _withAliases = (c) => {\n  for (const [alias, signature] of _aliases) Object.defineProperty(c, alias, { value: c.getFunction(signature) });\n  return c;\n};\n\n";
    wrap = (expr) => `_withAliases(${expr})`;
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
    if (aliases.length > 0) js += "  async deploy(...args) {\n    return _withAliases(await super.deploy(...args));\n  }\n\n";
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
    importTypes(
      ["BytesLike", "ContractDeployTransaction", "ContractRunner", "ContractTransactionResponse", "Signer"],
      "ethers",
      text,
    ) +
    (deployable ? 'import { ContractFactory } from "ethers";\n' : "") +
    importTypes(["NonPayableOverrides", "PayableOverrides"], "../common.js", text) +
    `import type { ${[typeName, errorUnionName, interfaceName, ...(deployable ? [deployArgsName] : [])].sort().join(", ")} } from "../${typeName}.js";\n\n` +
    text;
  return { js, dts };
}
