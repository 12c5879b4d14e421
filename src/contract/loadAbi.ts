// loadAbi: ABI files, artifacts or directories of them (every format codegen reads) → one AbiSet,
// which finds a function by name or signature, a function or error by selector and an event by
// topic across all of them, decodes reverts with every custom error it knows, and decodes logs.
import { type ErrorFragment, type EventFragment, type FunctionFragment, Interface, type InterfaceAbi, type JsonFragment } from "ethers";
import { readInputs } from "../codegen/readInputs.ts";
import { AbiFormatError } from "../errors/codegenErrors.ts";
import { FunctionNotFoundError } from "../errors/commonErrors.ts";
import { ErrorRegistry } from "../errors/contractErrors.ts";
import { UsageError } from "../errors/AbibindError.ts";
import { LogDecoder } from "../events/logDecoder.ts";

/** Where a library's address goes in creation bytecode: its key (`path/File.sol:Lib`) and hex offsets after 0x. */
export interface LibraryLink {
  readonly key: string;
  readonly offsets: readonly number[];
}

/** One contract found by loadAbi. */
export interface AbiContract {
  readonly name: string;
  /** The file it was read from ("" for an ABI given in code). */
  readonly file: string;
  /** The Solidity source unit, when the format records it. */
  readonly sourceUnit?: string;
  readonly abi: readonly JsonFragment[];
  /** Creation bytecode (unlinked when it uses libraries), when the input has it. */
  readonly bytecode?: string;
  readonly links: readonly LibraryLink[];
}

export interface AbiFunction {
  readonly fragment: FunctionFragment;
  /** The canonical signature, e.g. "balanceOf(address)". */
  readonly signature: string;
  readonly contract: AbiContract;
  readonly iface: Interface;
}

export class AbiSet {
  readonly contracts: readonly AbiContract[];
  readonly interfaces: readonly Interface[];
  /** Every custom error of every contract: reverts decode by any of them. */
  readonly errors = new ErrorRegistry();
  /** What the set was loaded from, for messages. */
  readonly label: string;
  #decoder: LogDecoder | undefined;

  constructor(contracts: readonly AbiContract[], label: string) {
    this.contracts = contracts;
    this.label = label;
    this.interfaces = contracts.map((c) => new Interface(c.abi as JsonFragment[]));
    for (const c of contracts) this.errors.add(c.abi as JsonFragment[]);
  }

  /** An ABI given in code (JSON fragments, human-readable strings or an ethers Interface). */
  static from(abi: InterfaceAbi | Interface, name = "contract"): AbiSet {
    const iface = abi instanceof Interface ? abi : Interface.from(abi);
    return new AbiSet([{ name, file: "", abi: JSON.parse(iface.formatJson()) as JsonFragment[], links: [] }], "the ABI");
  }

  /**
   * One contract: the only one (tests aside), or by name, or by its fully qualified name
   * `path/File.sol:Name` (the only way to pick one of several of the same name). Contracts of test
   * sources (Hardhat's test/ folder, Foundry's `.t.sol`) are offered only when asked for by name.
   */
  findContract(nameOrQualified?: string): AbiContract {
    const qualified = (c: AbiContract): string => `${c.sourceUnit ?? c.file}:${c.name}`;
    const offered = this.contracts.filter((c) => !isTestSource(c));
    let found: AbiContract[];
    if (nameOrQualified === undefined) found = offered;
    else if (nameOrQualified.includes(":")) found = this.contracts.filter((c) => qualified(c) === nameOrQualified);
    else {
      const named = this.contracts.filter((c) => c.name === nameOrQualified);
      const notTests = named.filter((c) => !isTestSource(c));
      found = notTests.length > 0 ? notTests : named;
    }
    if (found.length === 1) return found[0]!;
    const list = (cs: readonly AbiContract[]): string => cs.map((c) => (this.contracts.filter((o) => o.name === c.name).length > 1 ? qualified(c) : c.name)).join(", ");
    if (found.length === 0) {
      if (nameOrQualified === undefined) throw new UsageError(`no contract in ${this.label}${this.contracts.length > 0 ? " (only test contracts: name one)" : ""}`);
      throw new UsageError(`no contract ${nameOrQualified} in ${this.label} (has: ${list(offered)})`);
    }
    if (nameOrQualified === undefined) throw new UsageError(`${this.label} holds several contracts (${list(found)}): choose one by name, or as path/File.sol:Name`);
    throw new UsageError(`several contracts are named ${nameOrQualified} in ${this.label}: give its fully qualified name, one of ${found.map(qualified).join(", ")}`);
  }

  /** A function by name (unique across the set) or by full signature; ambiguity lists the candidates on one line. */
  findFunction(nameOrSignature: string): AbiFunction {
    const bySig = nameOrSignature.includes("(");
    let wanted = nameOrSignature.replace(/\s+/g, "");
    if (bySig) {
      try {
        wanted = Interface.from([`function ${nameOrSignature}`]).fragments[0]!.format("sighash");
      } catch {
        throw new UsageError(`"${nameOrSignature}" is not a function signature`);
      }
    }
    const found = new Map<string, AbiFunction>();
    this.contracts.forEach((contract, i) => {
      const iface = this.interfaces[i]!;
      iface.forEachFunction((f) => {
        const sig = f.format("sighash");
        if ((bySig ? sig === wanted : f.name === wanted) && !found.has(sig)) found.set(sig, { fragment: f, signature: sig, contract, iface });
      });
    });
    if (found.size === 1) return [...found.values()][0]!;
    if (found.size === 0) throw new FunctionNotFoundError(`no function ${nameOrSignature} in ${this.label}`);
    throw new FunctionNotFoundError(`function ${nameOrSignature} is ambiguous in ${this.label}: ${[...found.keys()].sort().join(", ")} (give the full signature)`);
  }

  functionBySelector(selector: string): { fragment: FunctionFragment; iface: Interface } | null {
    for (const iface of this.interfaces) {
      const f = iface.getFunction(selector.toLowerCase());
      if (f !== null) return { fragment: f, iface };
    }
    return null;
  }

  errorBySelector(selector: string): { fragment: ErrorFragment; iface: Interface } | null {
    for (const iface of this.interfaces) {
      let f: ErrorFragment | null = null;
      try {
        f = iface.getError(selector.toLowerCase());
      } catch {
        f = null;
      }
      if (f !== null) return { fragment: f, iface };
    }
    return null;
  }

  eventByTopic(topic0: string): { fragment: EventFragment; iface: Interface } | null {
    for (const iface of this.interfaces) {
      let f: EventFragment | null = null;
      try {
        f = iface.getEvent(topic0.toLowerCase());
      } catch {
        f = null;
      }
      if (f !== null) return { fragment: f, iface };
    }
    return null;
  }

  /** Decodes logs with the events of every contract in the set (for scanLogs, chunkedGetLogs, watchLogs). */
  get decoder(): LogDecoder {
    return (this.#decoder ??= new LogDecoder(this.interfaces));
  }
}

export type LoadAbiParameters = string | readonly string[];
export type LoadAbiReturnType = AbiSet;

/**
 * Reads ABI files and artifacts: `.abi` JSON arrays (a sibling `.bin` adds the bytecode), solc
 * combined-json and standard-JSON output, Hardhat and Foundry artifacts, or directories of them.
 */
export function loadAbi(paths: LoadAbiParameters): LoadAbiReturnType {
  const list = typeof paths === "string" ? [paths] : [...paths];
  const label = list.join(", ");
  if (list.length === 0) throw new UsageError("loadAbi needs at least one ABI file or directory");
  const { contracts, problems } = readInputs(list);
  const first = problems[0];
  if (first !== undefined) throw new AbiFormatError(`${first.file}: ${first.reason}`);
  if (contracts.length === 0) throw new AbiFormatError(`${label}: no ABI found`);
  return new AbiSet(
    contracts.map((c) => ({
      name: c.name,
      file: c.file,
      ...(c.sourceUnit !== undefined ? { sourceUnit: c.sourceUnit } : {}),
      abi: c.abi.normalized as readonly JsonFragment[],
      ...(c.bytecode !== undefined ? { bytecode: c.bytecode } : {}),
      links: c.links,
    })),
    label,
  );
}

/** Hardhat's test sources (its test/ folder) and Foundry's tests (`.t.sol`): deployable only when named. */
function isTestSource(c: AbiContract): boolean {
  const unit = (c.sourceUnit ?? "").replace(/\\/g, "/");
  return unit.endsWith(".t.sol") || unit.startsWith("test/") || unit.includes("/test/");
}

/** An AbiSet as given, or one made of a plain ABI. */
export function abiSetOf(abi: AbiSet | InterfaceAbi | Interface): AbiSet {
  return abi instanceof AbiSet ? abi : AbiSet.from(abi);
}
