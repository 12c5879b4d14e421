// <Name>.d.ts: the typed contract interface (TypeChain ethers-v6 shape) for one contract.
import type { AbiParam, ContractAbi, EventItem, FunctionItem } from "./abiModel.ts";
import { docComment, docLines, contractDocLines, type NatSpec } from "./natspec.ts";
import { CONTRACT_MEMBERS, ETHERS_KEYWORDS, NameScope, TYPE_RESERVED, functionAliases, logsKeys, paramLabels, propertyKey, signatureSuffix, typeRefs } from "./names.ts";
import { TypeMapper, resultNames } from "./typeMapper.ts";

export interface ContractTypesInput {
  readonly typeName: string;
  readonly abi: ContractAbi;
  readonly natspec?: NatSpec;
  readonly banner: string;
  /** abigen-style function aliases: old name → new member name. */
  readonly aliases?: ReadonlyMap<string, string>;
  /** The way from this file to the output root (`./` in the flat layout). */
  readonly root?: string;
}

const lit = (s: string): string => JSON.stringify(s);

function mutability(f: FunctionItem): string {
  return f.stateMutability === "pure" || f.stateMutability === "view" ? "view" : f.stateMutability;
}

function argsTuple(inputs: readonly AbiParam[], type: (p: AbiParam) => string): string {
  const labels = paramLabels(inputs.map((p) => p.name));
  return `[${inputs.map((p, i) => `${labels[i]}: ${type(p)}`).join(", ")}]`;
}

/** True when a parameter list has Solidity's external function type anywhere (arrays and structs included). */
function usesFunctionType(params: readonly AbiParam[]): boolean {
  return params.some((p) => p.type.startsWith("function") || (p.components !== undefined && usesFunctionType(p.components)));
}

function groupByName<T extends { name: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const list = m.get(it.name);
    if (list === undefined) m.set(it.name, [it]);
    else list.push(it);
  }
  return m;
}

export interface ContractTypesOutput {
  readonly dts: string;
  readonly interfaceName: string;
  readonly errorUnionName: string;
  readonly deployArgsName: string;
}

export function emitContractTypes(input: ContractTypesInput): ContractTypesOutput {
  const { typeName, abi, natspec } = input;
  // The contract-level names are fixed (naming made them unique across contracts); the file's own
  // struct and event names are claimed around them and around everything the file refers to.
  const interfaceName = `${typeName}Interface`;
  const errorUnionName = `${typeName}CustomError`;
  const deployArgsName = `${typeName}DeployArgs`;
  const declared = new Set([typeName, interfaceName, errorUnionName, deployArgsName]);
  const r = typeRefs(declared);
  const scope = new NameScope([...TYPE_RESERVED, ...declared]);
  const types = new TypeMapper(scope, typeName, r);
  const ctorLabels = paramLabels([...abi.constructor.inputs.map((p) => p.name), "overrides"]).slice(0, -1);
  const deployArgs = `/** The constructor arguments of ${typeName}. */\nexport type ${deployArgsName} = [${abi.constructor.inputs
    .map((p, i) => `${ctorLabels[i]}: ${types.input(p)}`)
    .join(", ")}];\n\n`;

  const fnGroups = groupByName(abi.functions);
  const evGroups = groupByName(abi.events);

  // The string keys ethers resolves at run time: the bare name unless overloaded, the signature
  // unless the name is an ethers ABI keyword (its parser throws on those).
  const fnKeys = (f: FunctionItem): string[] => [
    ...(fnGroups.get(f.name)!.length === 1 ? [f.name] : []),
    ...(ETHERS_KEYWORDS.has(f.name) ? [] : [f.signature]),
  ];
  const evKeys = (e: EventItem): string[] => [
    ...(evGroups.get(e.name)!.length === 1 ? [e.name] : []),
    ...(ETHERS_KEYWORDS.has(e.name) ? [] : [e.signature]),
  ];

  // Method types first: this registers structs in order of first use.
  const methodType = new Map<FunctionItem, string>();
  for (const f of abi.functions) {
    const a = argsTuple(f.inputs, (p) => types.input(p));
    const ret = types.tupleOutput(f.outputs);
    methodType.set(f, `${r("TypedContractMethod")}<${a}, ${ret}, ${lit(mutability(f))}>`);
  }

  const eventNs = new Map<EventItem, string>();
  let eventDecls = "";
  for (const e of abi.events) {
    const overloaded = evGroups.get(e.name)!.length > 1;
    const ns = scope.claim(overloaded ? `${signatureSuffix(e.signature)}_Event` : `${e.name}Event`);
    eventNs.set(e, ns);
    const inT = argsTuple(e.inputs, (p) => types.eventInput(p));
    const outLabels = paramLabels(e.inputs.map((p) => p.name));
    const outTypes = e.inputs.map((p) => types.eventOutput(p));
    const outT = `[${outTypes.map((t, i) => `${outLabels[i]}: ${t}`).join(", ")}]`;
    const named = resultNames(e.inputs);
    const obj = named.length === 0 ? "{}" : `{\n${named.map((i) => `    ${propertyKey(e.inputs[i]!.name)}: ${outTypes[i]};`).join("\n")}\n  }`;
    // contract.logs filters: each indexed input by its own name (null or absent: any).
    const indexedNames = e.inputs.map((p, i) => [p, i] as const).filter(([p]) => p.indexed === true && p.name !== "" && e.inputs.filter((q) => q.name === p.name).length === 1);
    const indexedArgs =
      indexedNames.length === 0 ? "{}" : `{\n${indexedNames.map(([p]) => `    ${propertyKey(p.name)}?: ${types.eventInput(p)} | null;`).join("\n")}\n  }`;
    eventDecls +=
      docComment(docLines(natspec, "events", e.signature), "") +
      `export declare namespace ${ns} {\n` +
      `  export type InputTuple = ${inT};\n` +
      `  export type OutputTuple = ${outT};\n` +
      `  export interface OutputObject ${obj}\n` +
      `  export interface IndexedArgs ${indexedArgs}\n` +
      `  export type Event = ${r("TypedContractEvent")}<InputTuple, OutputTuple, OutputObject>;\n` +
      `  export type Filter = ${r("TypedDeferredTopicFilter")}<Event>;\n` +
      `  export type Log = ${r("TypedEventLog")}<Event>;\n` +
      `  export type LogDescription = ${r("TypedLogDescription")}<Event>;\n` +
      `}\n\n`;
  }

  let errorDecl: string;
  if (abi.errors.length === 0) {
    errorDecl = `/** ${typeName} declares no custom errors. */\nexport type ${errorUnionName} = never;\n`;
  } else {
    const members = abi.errors.map(
      (er) =>
        `${docComment(docLines(natspec, "errors", er.signature), "  ")}  | ${r("DecodedCustomError")}<${lit(er.name)}, ${lit(er.signature)}, ${types.tupleOutput(er.inputs)}>`,
    );
    errorDecl = `/** The custom errors ${typeName} can revert with, as decoded by \`${typeName}__factory.decodeError\`. */\nexport type ${errorUnionName} =\n${members.join("\n")};\n`;
  }

  // Interface (ethers' ABI coder) overloads.
  const ifaceFnKeys: string[] = [];
  const encodeLines: string[] = [];
  const decodeLines: string[] = [];
  for (const f of abi.functions) {
    const keys = fnKeys(f);
    if (keys.length === 0) continue;
    ifaceFnKeys.push(...keys);
    const keyT = keys.map(lit).join(" | ");
    const values =
      f.inputs.length === 0 ? "values?: undefined" : `values: ${argsTuple(f.inputs, (p) => types.input(p))}`;
    encodeLines.push(`  encodeFunctionData(functionFragment: ${keyT}, ${values}): string;`);
    decodeLines.push(`  decodeFunctionResult(functionFragment: ${keyT}, data: ${r("BytesLike")}): ${r("Result")};`);
  }
  const ifaceEvKeys: string[] = [];
  for (const e of abi.events) ifaceEvKeys.push(...evKeys(e));
  let iface = `export interface ${interfaceName} extends ${r("Interface")} {\n`;
  if (ifaceFnKeys.length > 0) {
    iface += `  getFunction(nameOrSignature: ${ifaceFnKeys.map(lit).join(" | ")}): ${r("FunctionFragment")};\n`;
  }
  if (ifaceEvKeys.length > 0) {
    iface += `  getEvent(nameOrSignatureOrTopic: ${ifaceEvKeys.map(lit).join(" | ")}): ${r("EventFragment")};\n`;
  }
  if (encodeLines.length > 0) iface += `\n${encodeLines.join("\n")}\n\n${decodeLines.join("\n")}\n`;
  iface += "}\n";

  // The contract interface.
  const hidden: string[] = [];
  const aliasOf = new Map(functionAliases(abi.functions.map((f) => f.name), input.aliases).map((a) => [a.name, a] as const));
  let members = "";
  for (const f of abi.functions) {
    const doc = docLines(natspec, "methods", f.signature);
    const overloaded = fnGroups.get(f.name)!.length > 1;
    const clash = CONTRACT_MEMBERS.has(f.name);
    if (!overloaded && !clash) {
      members += docComment(doc, "  ") + `  ${f.name}: ${methodType.get(f)};\n\n`;
    } else if (clash) hidden.push(f.signature);
    const keywordNote = ETHERS_KEYWORDS.has(f.name)
      ? [`\`${f.name}\` is an ethers ABI keyword, so ethers cannot resolve this key itself: it exists on contracts made by the factory (bound by selector).`]
      : usesFunctionType(f.inputs)
        ? ["ethers cannot parse a `function` type, so it cannot resolve this key itself: it exists on contracts made by the factory (resolved by selector)."]
        : [];
    members += docComment([...doc, ...(doc.length > 0 && keywordNote.length > 0 ? [""] : []), ...keywordNote], "  ") + `  ${lit(f.signature)}: ${methodType.get(f)};\n\n`;
    const alias = aliasOf.get(f.name);
    if (alias !== undefined) {
      const why =
        alias.reason === "user"
          ? `Alias of \`${f.signature}\` (--alias ${f.name}=${alias.member}).`
          : `Alias of \`${f.signature}\`: \`${f.name}\` is taken by ethers' BaseContract (or abibind), so the function is also exposed under this name.`;
      members += docComment([...doc, ...(doc.length > 0 ? [""] : []), why], "  ") + `  ${alias.member}: ${methodType.get(f)};\n\n`;
    }
  }
  let getFunctions = "";
  for (const f of abi.functions) {
    const keys = fnKeys(f);
    if (keys.length === 0) continue;
    getFunctions += `  getFunction(nameOrSignature: ${keys.map(lit).join(" | ")}): ${methodType.get(f)};\n`;
  }
  getFunctions += `  getFunction<T extends ${r("ContractMethod")} = ${r("ContractMethod")}>(key: string | ${r("FunctionFragment")}): T;\n`;
  let getEvents = "";
  let filters = "";
  for (const e of abi.events) {
    const ns = eventNs.get(e)!;
    const keys = evKeys(e);
    if (keys.length > 0) getEvents += `  getEvent(key: ${keys.map(lit).join(" | ")}): ${ns}.Event;\n`;
    // ethers' filters proxy passes `then` through (so the contract is not a thenable).
    for (const k of keys) if (k !== "then") filters += `    ${propertyKey(k)}: ${ns}.Event;\n`;
  }
  getEvents += `  getEvent(key: string | ${r("EventFragment")}): ${r("TypedContractEvent")};\n`;
  const nsBySignature = new Map(abi.events.map((e) => [e.signature, eventNs.get(e)!]));
  let logs = "";
  if (abi.events.length > 0) {
    for (const { key, signature } of logsKeys(abi.events)) {
      const ns = nsBySignature.get(signature)!;
      logs += `    ${propertyKey(key)}: ${r("TypedLogsQuery")}<${ns}.Event, ${ns}.IndexedArgs>;\n`;
    }
    logs += `    all: ${r("AllLogsQuery")};\n`;
  }

  const classDoc = [...contractDocLines(natspec)];
  if (hidden.length > 0) {
    if (classDoc.length > 0) classDoc.push("");
    classDoc.push(
      "These functions share a name with a member ethers' BaseContract (or abibind) already defines,",
      "so they are reachable by signature key, by getFunction, or (when not overloaded) by the alias `<name>_`",
      "(which only contracts made by the factory's connect/deploy carry):",
      ...hidden.map((s) => {
        const a = aliasOf.get(s.slice(0, s.indexOf("(")));
        return `- \`contract[${lit(s)}]\`${a !== undefined ? `, \`contract.${a.member}\`` : ""}`;
      }),
    );
  }

  const P = r("Promise");
  const TCE = r("TypedContractEvent");
  const TEL = r("TypedEventLog");
  const TDTF = r("TypedDeferredTopicFilter");
  const TL = r("TypedListener");
  const body =
    `${docComment(classDoc, "")}export interface ${typeName} extends ${r("BaseContract")} {\n` +
    `  connect(runner?: ${r("ContractRunner")} | null): ${typeName};\n` +
    `  waitForDeployment(): ${P}<this>;\n\n` +
    `  interface: ${interfaceName};\n\n` +
    `  queryFilter<TCEvent extends ${TCE}>(\n    event: TCEvent,\n    fromBlockOrBlockhash?: string | number | undefined,\n    toBlock?: string | number | undefined,\n  ): ${P}<${r("Array")}<${TEL}<TCEvent>>>;\n` +
    `  queryFilter<TCEvent extends ${TCE}>(\n    filter: ${TDTF}<TCEvent>,\n    fromBlockOrBlockhash?: string | number | undefined,\n    toBlock?: string | number | undefined,\n  ): ${P}<${r("Array")}<${TEL}<TCEvent>>>;\n\n` +
    `  on<TCEvent extends ${TCE}>(event: TCEvent, listener: ${TL}<TCEvent>): ${P}<this>;\n` +
    `  on<TCEvent extends ${TCE}>(filter: ${TDTF}<TCEvent>, listener: ${TL}<TCEvent>): ${P}<this>;\n\n` +
    `  once<TCEvent extends ${TCE}>(event: TCEvent, listener: ${TL}<TCEvent>): ${P}<this>;\n` +
    `  once<TCEvent extends ${TCE}>(filter: ${TDTF}<TCEvent>, listener: ${TL}<TCEvent>): ${P}<this>;\n\n` +
    `  listeners<TCEvent extends ${TCE}>(event: TCEvent): ${P}<${r("Array")}<${TL}<TCEvent>>>;\n` +
    `  listeners(eventName?: string): ${P}<${r("Array")}<${r("Listener")}>>;\n` +
    `  removeAllListeners<TCEvent extends ${TCE}>(event?: TCEvent): ${P}<this>;\n\n` +
    members +
    getFunctions +
    "\n" +
    getEvents +
    "\n" +
    `  filters: {\n${filters}  };\n` +
    (logs === ""
      ? ""
      : "\n  /** Event history by chunked eth_getLogs (needs the abibind package): `logs.Name({ fromBlock, toBlock, args })`. */\n" +
        `  logs: {\n${logs}  };\n`) +
    "}\n";

  const rest = `${types.declarations()}${iface}\n${eventDecls}${errorDecl}\n${deployArgs}${body}`;
  const header = `${input.banner}${importTypes(CONTRACT_ETHERS_TYPES, "ethers", rest, r)}${importTypes(CONTRACT_COMMON_TYPES, `${input.root ?? "./"}common.js`, rest, r)}\n`;
  return { dts: header + rest, interfaceName, errorUnionName, deployArgsName };
}

// Module constants, so importTypes compiles each name list's regex once.
const CONTRACT_ETHERS_TYPES = [
  "AddressLike", "BaseContract", "BigNumberish", "BytesLike", "ContractMethod", "ContractRunner",
  "EventFragment", "FunctionFragment", "Indexed", "Interface", "Listener", "Result",
];
const CONTRACT_COMMON_TYPES = [
  "DecodedCustomError", "TypedContractEvent", "TypedContractMethod", "TypedDeferredTopicFilter",
  "TypedEventLog", "TypedListener", "TypedLogDescription", "TypedLogsQuery", "AllLogsQuery",
];

const WORD_RES = new WeakMap<readonly string[], RegExp>();

/**
 * `import type { … }` of just the names the text uses, so `noUnusedLocals` projects compile. `ref`
 * gives the name the text uses for each (an alias when the file declares the name itself).
 */
export function importTypes(names: readonly string[], from: string, text: string, ref: (name: string) => string = (n) => n): string {
  const local = names.map(ref);
  const aliased = local.some((l, i) => l !== names[i]);
  // One scan for all names (a regex per name over a large file was a tenth of a cold run).
  let re = aliased ? undefined : WORD_RES.get(names);
  if (re === undefined) {
    re = new RegExp(`\\b(?:${local.filter((l) => !l.startsWith("globalThis.")).join("|")})\\b`, "g");
    if (!aliased) WORD_RES.set(names, re);
  }
  const found = new Set<string>();
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && found.size < names.length; m = re.exec(text)) found.add(m[0]);
  const used = names.filter((n, i) => found.has(local[i]!));
  if (used.length === 0) return "";
  return `import type {\n${used.map((n) => `  ${ref(n) === n ? n : `${n} as ${ref(n)}`},\n`).join("")}} from ${JSON.stringify(from)};\n`;
}
