// abibind deploy: deployContract with the contract loadAbi finds in the file, and its address printed.
import { UsageError, deployContract, loadAbi } from "abibind";
import { getAddress } from "ethers";
import { JSON_OPTION, RPC_OPTIONS, SIGNER_OPTIONS, confirmationsOf, connectFor, out, overridesFrom, receiptJson, signerFrom, stringify } from "./common.ts";
import { type CommandSpec, helpText, parseCommand } from "./options.ts";

export const spec = {
  name: "deploy",
  usage: ["<artifact | abi with sibling .bin> [args...] --rpc ENDPOINT (--private-key-file F | --keystore F --password-file F | --from ADDRESS) [options]"],
  description: "Deploys a contract from a Hardhat/Foundry/solc artifact or an .abi file with a sibling .bin.",
  options: {
    ...RPC_OPTIONS,
    ...SIGNER_OPTIONS,
    contract: { type: "string", value: "NAME", description: "the contract to deploy when the file holds several: a name, or path/File.sol:Name (test contracts only when named)" },
    link: { type: "string", multiple: true, value: "Name=ADDRESS", description: "the address of a library the bytecode links (by name or path:Name)" },
    ...JSON_OPTION,
  },
} as const satisfies CommandSpec;

function libraries(links: readonly string[]): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const l of links) {
    const m = /^([^=]+)=(.+)$/.exec(l);
    if (m === null) throw new UsageError(`--link "${l}" is not Name=ADDRESS`);
    try {
      addresses[m[1]!] = getAddress(m[2]!);
    } catch {
      throw new UsageError(`--link ${m[1]}: "${m[2]}" is not a valid address`);
    }
  }
  return addresses;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(spec, argv);
  if (help) return out(helpText(spec)), 0;
  const [file, ...args] = positionals;
  if (file === undefined) throw new UsageError("<artifact> is required (see abibind deploy --help)");
  const abis = loadAbi(file);
  const contract = abis.findContract(values.contract);
  const linked = libraries(values.link);
  for (const { key } of contract.bytecode === undefined ? [] : contract.links) {
    const name = key.includes(":") ? key.slice(key.lastIndexOf(":") + 1) : key;
    if (linked[key] === undefined && linked[name] === undefined) throw new UsageError(`${contract.name} needs library ${key}: give --link ${name}=ADDRESS`);
  }
  const overrides = overridesFrom(values);
  const confirmations = confirmationsOf(values);
  const client = await connectFor(values);
  try {
    const r = await deployContract({ signer: () => signerFrom(values, client.provider), contract, args, libraries: linked, overrides, confirmations });
    const result = { ...receiptJson(r.receipt, r.from, r.nonce), address: r.address };
    if (values.json) out(stringify(result));
    else out(`${r.contractName} deployed at ${r.address} in block ${result.blockNumber}: ${result.transactionHash}`);
    return 0;
  } finally {
    await client.close();
  }
}
