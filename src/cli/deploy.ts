// abibind deploy <artifact | abi with sibling .bin> [args...] --rpc ... (signer) [--contract NAME] [--link Name=ADDRESS] [--json]
import { getAddress } from "ethers";
import { readInputs } from "../codegen/readInputs.ts";
import { AbiSet } from "../contract/abiSet.ts";
import { stringify } from "../contract/jsonValue.ts";
import { parseArgsFor } from "../contract/parseValue.ts";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { transact } from "../tx/transact.ts";
import { RPC_OPTIONS, SIGNER_OPTIONS, connectFor, out, parse, receiptJson } from "./common.ts";
import { confirmationsOf, overridesFrom, signerFrom } from "./signerOptions.ts";

const HELP = `Usage: abibind deploy <artifact | abi with sibling .bin> [args...] --rpc <endpoint>
         (--private-key-file F | --keystore F --password-file F | --from ADDRESS)
         [--contract NAME] [--link Name=ADDRESS ...] [--value WEI] [--confirmations N]
         [--max-fee-per-gas WEI] [--max-priority-fee-per-gas WEI] [--gas-limit N] [--nonce N] [--chain-id N] [--json]

Deploys a contract from a Hardhat/Foundry/solc artifact or an .abi file with a sibling .bin.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("deploy", argv, {
    ...RPC_OPTIONS,
    ...SIGNER_OPTIONS,
    contract: { type: "string" },
    link: { type: "string", multiple: true },
  });
  if (values.help) return out(HELP), 0;
  const [file, ...args] = positionals;
  if (file === undefined) throw new UsageError("deploy: <artifact> is required (see abibind deploy --help)");
  const { contracts, problems } = readInputs([file]);
  if (problems.length > 0) throw new AbibindError("INVALID_ABI", `${problems[0]!.file}: ${problems[0]!.reason}`);
  const candidates = contracts.filter((c) => values.contract === undefined || c.name === values.contract);
  if (candidates.length === 0) {
    throw new UsageError(values.contract === undefined ? `deploy: no contract in ${file}` : `deploy: no contract ${values.contract} in ${file} (has: ${contracts.map((c) => c.name).join(", ")})`);
  }
  if (candidates.length > 1) throw new UsageError(`deploy: ${file} holds several contracts (${candidates.map((c) => c.name).join(", ")}): choose one with --contract NAME`);
  const contract = candidates[0]!;
  if (contract.bytecode === undefined) throw new AbibindError("INVALID_ABI", `deploy: ${contract.name} in ${file} has no bytecode (an interface or abstract contract, or no sibling .bin)`);
  let bytecode = contract.bytecode;
  const links = new Map<string, string>();
  for (const l of values.link ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(l);
    if (m === null) throw new UsageError(`deploy: --link "${l}" is not Name=ADDRESS`);
    let addr: string;
    try {
      addr = getAddress(m[2]!);
    } catch {
      throw new UsageError(`deploy: --link ${m[1]}: "${m[2]}" is not a valid address`);
    }
    links.set(m[1]!, addr);
  }
  for (const ref of contract.links) {
    const name = ref.key.includes(":") ? ref.key.slice(ref.key.lastIndexOf(":") + 1) : ref.key;
    const addr = links.get(ref.key) ?? links.get(name);
    if (addr === undefined) throw new UsageError(`deploy: ${contract.name} needs library ${ref.key}: give --link ${name}=ADDRESS`);
    const hex = addr.slice(2).toLowerCase();
    for (const at of ref.offsets) bytecode = bytecode.slice(0, 2 + at) + hex + bytecode.slice(2 + at + 40);
  }
  const abis = new AbiSet([contract], file);
  const iface = abis.interfaces[0]!;
  const ctorSig = `constructor(${iface.deploy.inputs.map((i) => i.format("sighash")).join(",")})`;
  const params = parseArgsFor(iface.deploy.inputs, args, ctorSig);
  const overrides = overridesFrom(values);
  const confirmations = confirmationsOf(values);
  const client = await connectFor("deploy", values);
  try {
    const signer = await signerFrom("deploy", values, client.provider);
    const data = bytecode + iface.encodeDeploy(params).slice(2);
    const { receipt, from, nonce } = await transact(signer, { ...overrides, data }, { contractName: contract.name, address: "(new contract)", function: ctorSig, args: params }, abis.errors, { confirmations });
    const result = { ...receiptJson(receipt, from, nonce), address: getAddress(receipt.contractAddress!) };
    if (values.json) out(stringify(result));
    else out(`${contract.name} deployed at ${result.address} in block ${result.blockNumber}: ${result.transactionHash}`);
    return 0;
  } finally {
    await client.close();
  }
}
