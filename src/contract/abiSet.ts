// The ABIs a command knows (from --abi <file|dir>): function lookup by name or signature, and the
// error registry used to decode reverts from any contract in the set.
import { type ErrorFragment, type EventFragment, type FunctionFragment, Interface } from "ethers";
import { type ContractSource, readInputs } from "../codegen/readInputs.ts";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { ErrorRegistry } from "../errors/contractErrors.ts";

export interface KnownFunction {
  readonly fragment: FunctionFragment;
  readonly signature: string;
  readonly contract: ContractSource;
  readonly iface: Interface;
}

export class AbiSet {
  readonly contracts: readonly ContractSource[];
  readonly interfaces: readonly Interface[];
  readonly errors = new ErrorRegistry();
  readonly #label: string;

  constructor(contracts: readonly ContractSource[], label: string) {
    this.contracts = contracts;
    this.#label = label;
    this.interfaces = contracts.map((c) => new Interface(c.abi.normalized as never));
    for (const c of contracts) this.errors.add(c.abi.normalized as never);
  }

  static load(path: string | undefined): AbiSet {
    if (path === undefined) throw new UsageError("--abi <file|dir> is required");
    const { contracts, problems } = readInputs([path]);
    if (problems.length > 0) throw new AbibindError("INVALID_ABI", `${problems[0]!.file}: ${problems[0]!.reason}`);
    if (contracts.length === 0) throw new AbibindError("INVALID_ABI", `${path}: no ABI found`);
    return new AbiSet(contracts, path);
  }

  /** A function by name (unique across the set) or by full signature; ambiguity lists the candidates on one line. */
  findFunction(nameOrSignature: string): KnownFunction {
    const bySig = nameOrSignature.includes("(");
    let wanted = nameOrSignature.replace(/\s+/g, "");
    if (bySig) {
      try {
        wanted = Interface.from([`function ${nameOrSignature}`]).fragments[0]!.format("sighash");
      } catch {
        throw new UsageError(`"${nameOrSignature}" is not a function signature`);
      }
    }
    const found = new Map<string, KnownFunction>();
    this.contracts.forEach((contract, i) => {
      const iface = this.interfaces[i]!;
      iface.forEachFunction((f) => {
        const sig = f.format("sighash");
        if ((bySig ? sig === wanted : f.name === wanted) && !found.has(sig)) found.set(sig, { fragment: f, signature: sig, contract, iface });
      });
    });
    if (found.size === 1) return [...found.values()][0]!;
    if (found.size === 0) throw new AbibindError("FUNCTION_NOT_FOUND", `no function ${nameOrSignature} in ${this.#label}`);
    throw new AbibindError(
      "FUNCTION_NOT_FOUND",
      `function ${nameOrSignature} is ambiguous in ${this.#label}: ${[...found.keys()].sort().join(", ")} (give the full signature)`,
    );
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
}
