// deployContract: a contract created from its ABI and bytecode (as loadAbi finds them in
// artifacts, or given in code), libraries linked, constructor arguments checked by ABI type,
// simulated first, mined and status-checked like writeContract.
import { getAddress, Interface, type InterfaceAbi, type JsonFragment, type Signer, type TransactionReceipt } from "ethers";
import { AbiFormatError } from "../errors/codegenErrors.ts";
import type { ErrorRegistry } from "../errors/contractErrors.ts";
import { transact } from "../tx/transact.ts";
import { type LibraryAddresses, linkBytecode } from "./linkBytecode.ts";
import { AbiSet, type LibraryLink } from "./loadAbi.ts";
import { parseArgsFor } from "./parseValue.ts";
import type { TransactionOverrides } from "./writeContract.ts";

/** What deploying needs of a contract: an AbiContract from loadAbi, or the same fields given in code. */
export interface DeployableContract {
  readonly name?: string;
  readonly file?: string;
  readonly abi: InterfaceAbi | readonly JsonFragment[];
  /** Creation bytecode, with placeholders where `links` says libraries go. */
  readonly bytecode?: string;
  readonly links?: readonly LibraryLink[];
}

export interface DeployContractParameters {
  /** Signs and sends; must have a provider. Or a function that loads it, called once the deployment is checked. */
  readonly signer: Signer | (() => Promise<Signer>);
  readonly contract: DeployableContract;
  /** Constructor arguments, checked by ABI type: values, or their text. */
  readonly args?: readonly unknown[];
  /** Addresses of the libraries the bytecode links, by full key (`path/File.sol:Lib`) or by name. */
  readonly libraries?: LibraryAddresses;
  readonly overrides?: TransactionOverrides;
  /** Blocks to wait for (default 1). */
  readonly confirmations?: number;
  /** How long to wait for the receipt (ms, default 120 000). */
  readonly timeoutMs?: number;
  /** The custom errors a constructor revert is decoded with (default: the contract's own). */
  readonly errors?: ErrorRegistry;
}

export interface DeployContractReturnType {
  /** The new contract's address, checksummed. */
  readonly address: string;
  readonly contractName: string;
  /** The canonical constructor signature, e.g. "constructor(uint256)". */
  readonly signature: string;
  readonly receipt: TransactionReceipt;
  readonly from: string;
  readonly nonce: number;
}

export async function deployContract(params: DeployContractParameters): Promise<DeployContractReturnType> {
  const { contract } = params;
  const name = contract.name ?? "contract";
  if (contract.bytecode === undefined || contract.bytecode === "" || contract.bytecode === "0x") {
    throw new AbiFormatError(`${name}${contract.file ? ` in ${contract.file}` : ""} has no bytecode (an interface or abstract contract, or no sibling .bin)`);
  }
  const links = (contract.links ?? []).map((l) => [l.key, l.offsets] as const);
  const bytecode = linkBytecode(contract.bytecode, links, params.libraries, `deployContract ${name}`);
  const iface = contract.abi instanceof Interface ? contract.abi : Interface.from(contract.abi as InterfaceAbi);
  const signature = `constructor(${iface.deploy.inputs.map((i) => i.format("sighash")).join(",")})`;
  const args = parseArgsFor(iface.deploy.inputs, params.args ?? [], signature);
  const errors = params.errors ?? AbiSet.from(iface, name).errors;
  const data = bytecode + iface.encodeDeploy(args).slice(2);
  const signer = typeof params.signer === "function" ? await params.signer() : params.signer;
  const sent = await transact(
    signer,
    { ...params.overrides, data },
    { contractName: name, address: "(new contract)", function: signature, args },
    errors,
    { confirmations: params.confirmations ?? 1, ...(params.timeoutMs !== undefined ? { timeoutMs: params.timeoutMs } : {}) },
  );
  return { address: getAddress(sent.receipt.contractAddress!), contractName: name, signature, ...sent };
}
