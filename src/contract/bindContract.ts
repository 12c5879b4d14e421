// What a generated factory is at run time. The generated `<Name>__factory.js` holds only the
// contract's data (ABI, bytecode, link offsets, which reads take the fast path, member aliases)
// and passes it to bindContract once; every behaviour of a bound contract lives here, so upgrading
// abibind fixes bindings without regenerating them.
import { type Addressable, Contract, ContractFactory, type ContractRunner, Interface, id, type InterfaceAbi, type Result } from "ethers";
import { AbibindError } from "../errors/AbibindError.ts";
import { InvalidInputError } from "../errors/commonErrors.ts";
import { contractLogs, type EventLogFn } from "../events/contractLogs.ts";
import type { RpcSender } from "../events/chunkedGetLogs.ts";
import { type FastKind, fastRead } from "./fastRead.ts";
import { bindingInterface } from "./functionTypes.ts";
import { linkBytecode as linkLibraries } from "./linkBytecode.ts";

// Generated files carry the format they were written for; a file from a newer generator is
// refused with one clear error instead of misbehaving.
import { BINDING_FORMAT } from "../codegen/bindingFormat.ts";
export { BINDING_FORMAT };

/** [member, signature, input kinds, output kind] of a view function read without ethers' Contract. */
export type FastReadSpec = readonly [member: string, signature: string, ins: readonly FastKind[], out: FastKind];

/** What a generated factory passes to bindContract: data only. */
export interface BindingData {
  /** The generated file's format version (BINDING_FORMAT when it was written). */
  readonly format: number;
  /** The contract's type name, for messages. */
  readonly name: string;
  readonly abi: InterfaceAbi;
  /** Creation bytecode, with 40-character placeholders where libraries are linked. */
  readonly bytecode?: string;
  /** [link key (`path/File.sol:Lib`), hex offsets after 0x of each placeholder]. */
  readonly links?: readonly (readonly [key: string, offsets: readonly number[]])[];
  /** Typed reads of static scalars served by fastRead. */
  readonly fastReads?: readonly FastReadSpec[];
  /** [member, function name]: a function reachable under another member name (`target_`). */
  readonly aliases?: readonly (readonly [member: string, name: string])[];
  /** Signature keys bound by selector (ethers throws on keys of functions named like ABI keywords). */
  readonly bySelector?: readonly string[];
  /** Keys of `contract.logs`: event names (not overloaded) and signatures; `all` is always there. */
  readonly events?: readonly string[];
}

/** A custom error decoded from revert data. */
export interface DecodedCustomError {
  readonly name: string;
  readonly signature: string;
  readonly selector: string;
  readonly args: Result;
}

export interface Binding {
  readonly abi: InterfaceAbi;
  /** Creation bytecode (unlinked when the contract uses libraries); undefined for ABI-only bindings. */
  readonly bytecode: string | undefined;
  /** The base class of a deployable generated factory: TypeChain's constructor forms, bound deploy/attach/connect. */
  readonly Factory: typeof ContractFactory;
  connect(address: string, runner?: ContractRunner | null): Contract;
  createInterface(): Interface;
  decodeError(data: string): DecodedCustomError | null;
  linkBytecode(linkLibraryAddresses: Readonly<Record<string, string>> | undefined): string;
}

/** A generated binding this runtime cannot serve (written by a newer abibind, or not by abibind). */
export class BindingFormatError extends AbibindError {
  override name = "BindingFormatError";
  readonly format: unknown;
  constructor(contract: string, format: unknown) {
    super(
      "BINDING_FORMAT",
      typeof format === "number" && format > BINDING_FORMAT
        ? `the bindings of ${contract} were generated for binding format ${format}, but this abibind serves format ${BINDING_FORMAT}: upgrade abibind, or regenerate them with this version (abibind codegen)`
        : `the bindings of ${contract} have no binding format abibind knows (${JSON.stringify(format)}): regenerate them (abibind codegen)`,
    );
    this.format = format;
  }
}

/** ethers' Contract methods whose properties a fast method carries over from the slow one. */
const METHOD_PROPS = ["name", "fragment", "getFragment", "populateTransaction", "staticCall", "staticCallResult", "send", "estimateGas"] as const;

/** The runner that can answer eth_getLogs: the runner itself, or its provider. */
function logSender(c: Contract, contract: string): RpcSender {
  const runner = c.runner as (ContractRunner & Partial<RpcSender>) | null;
  const sender = typeof runner?.send === "function" ? runner : (runner?.provider as Partial<RpcSender> | null | undefined);
  if (typeof sender?.send !== "function") {
    throw new InvalidInputError(`${contract}.logs needs a contract connected to a JSON-RPC provider (connect(address, client.provider))`);
  }
  return sender as RpcSender;
}

export function bindContract(data: BindingData): Binding {
  if (data.format !== BINDING_FORMAT) throw new BindingFormatError(typeof data.name === "string" ? data.name : "a contract", data.format);
  const { name, abi } = data;
  const bytecode = data.bytecode;
  const links = data.links ?? [];
  const fastReads = data.fastReads ?? [];
  const events = data.events ?? [];
  // One Interface for every contract of this binding (Interfaces are immutable); bindingInterface
  // makes `function`-typed members work, which ethers alone drops.
  let iface: Interface | undefined;
  const sharedInterface = (): Interface => (iface ??= bindingInterface(abi));
  // Resolved once per binding: aliases by name, keyword-named functions by selector.
  let memberKeys: (readonly [string, string])[] | undefined;
  const members = (): readonly (readonly [string, string])[] =>
    (memberKeys ??= [...(data.aliases ?? []), ...(data.bySelector ?? []).map((sig) => [sig, id(sig).slice(0, 10)] as const)]);

  const logsOf = (c: Contract): Readonly<Record<string, EventLogFn>> => {
    let fns: Record<string, EventLogFn> | undefined;
    const query =
      (key: string): EventLogFn =>
      async (q, options) => {
        fns ??= contractLogs(logSender(c, name), c);
        return fns[key]!(q, options);
      };
    return Object.freeze(Object.fromEntries([...events, "all"].map((k) => [k, query(k)])));
  };

  // ethers' Contract proxy answers own properties first, so members are plain properties.
  // connect() builds a fresh BaseContract, so they are carried over to it.
  const bind = <C extends Contract>(c: C): C => {
    for (const [member, key] of members()) Object.defineProperty(c, member, { value: c.getFunction(key) });
    for (const [member, signature, ins, out] of fastReads) {
      const slow = c.getFunction(member);
      const outs = [out];
      const method = (...args: unknown[]): Promise<unknown> => fastRead(c, signature, ins, outs, args, slow);
      for (const k of METHOD_PROPS) Object.defineProperty(method, k, { value: slow[k] });
      Object.defineProperty(c, member, { value: method });
    }
    Object.defineProperty(c, "logs", { value: logsOf(c) });
    const connect = c.connect;
    Object.defineProperty(c, "connect", { value: (runner: ContractRunner | null) => bind(connect.call(c, runner) as C) });
    return c;
  };

  const linkBytecode = (addresses: Readonly<Record<string, string>> | undefined): string => {
    if (bytecode === undefined) throw new InvalidInputError(`${name} has no bytecode to link (its ABI came without a .bin)`);
    return linkLibraries(bytecode, links, addresses, `${name}__factory.linkBytecode`);
  };

  // TypeChain's constructor forms: (signer?) or, with libraries, (linkLibraryAddresses, signer?);
  // ethers' own (abi, bytecode, runner?) still works, as connect() and subclasses use it.
  const isSuperArgs = (xs: readonly unknown[]): boolean =>
    links.length === 0 ? xs.length > 1 : xs.length > 1 && (typeof xs[0] === "string" || Array.isArray(xs[0]) || xs[0] instanceof Interface);

  class BoundFactory extends ContractFactory {
    constructor(...args: unknown[]) {
      if (isSuperArgs(args)) super(...(args as ConstructorParameters<typeof ContractFactory>));
      else if (links.length > 0) super(sharedInterface(), linkBytecode(args[0] as Record<string, string> | undefined), args[1] as ContractRunner | null | undefined);
      else super(sharedInterface(), bytecode ?? "0x", args[0] as ContractRunner | null | undefined);
    }

    override async deploy(...args: unknown[]): Promise<never> {
      return bind((await super.deploy(...args)) as unknown as Contract) as never;
    }

    override attach(target: string | Addressable): never {
      return bind(new Contract(target, this.interface, this.runner)) as never;
    }

    override connect(runner: ContractRunner | null): never {
      const Self = this.constructor as new (iface: Interface, code: string, runner: ContractRunner | null) => ContractFactory;
      return new Self(this.interface, this.bytecode, runner) as never;
    }
  }

  return {
    abi,
    bytecode,
    Factory: BoundFactory,
    connect: (address, runner) => bind(new Contract(address, sharedInterface(), runner ?? null)),
    createInterface: () => bindingInterface(abi),
    decodeError(revertData) {
      let parsed: ReturnType<Interface["parseError"]>;
      try {
        parsed = sharedInterface().parseError(revertData);
      } catch {
        return null;
      }
      // Error(string) and Panic(uint256) are Solidity's, not the contract's custom errors.
      if (parsed === null || parsed.signature === "Error(string)" || parsed.signature === "Panic(uint256)") return null;
      return { name: parsed.name, signature: parsed.signature, selector: parsed.selector, args: parsed.args };
    },
    linkBytecode,
  };
}
