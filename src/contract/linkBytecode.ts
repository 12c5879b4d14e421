// Library linking: each placeholder in creation bytecode replaced by its library's address. One
// implementation for generated factories (linkBytecode) and deployContract.
import { InvalidAddressError } from "../errors/commonErrors.ts";

/** [link key (`path/File.sol:Lib`), hex offsets after 0x of each placeholder] (the generated factories' form). */
export type LinkOffsets = readonly (readonly [key: string, offsets: readonly number[]])[];

/** Library addresses by full key (`path/File.sol:Lib`) or by library name alone (`Lib`). */
export type LibraryAddresses = Readonly<Record<string, string>>;

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The library's name in a link key: what follows the last ":" (the key itself when there is none). */
export function libraryName(key: string): string {
  return key.includes(":") ? key.slice(key.lastIndexOf(":") + 1) : key;
}

/** The address given for the library at `key`: by its full key, else by its name. */
export function libraryAddress(addresses: LibraryAddresses | undefined, key: string): string | undefined {
  return addresses?.[key] ?? addresses?.[libraryName(key)];
}

/** `bytecode` with every library placeholder filled; `label` names the caller in the error for a missing or malformed address. */
export function linkBytecode(bytecode: string, links: LinkOffsets, addresses: LibraryAddresses | undefined, label: string): string {
  let code = bytecode;
  for (const [key, offsets] of links) {
    const address = libraryAddress(addresses, key);
    if (typeof address !== "string" || !HEX_ADDRESS.test(address)) {
      throw new InvalidAddressError(`${label}: library ${key} needs an address, got ${String(address)}`);
    }
    const hex = address.slice(2).toLowerCase();
    for (const at of offsets) code = code.slice(0, 2 + at) + hex + code.slice(2 + at + 40);
  }
  return code;
}
