// A private key from a file the user points at: 64 hex digits, with or without 0x, whitespace
// trimmed. Errors name the file and never echo its content.
import { readFileSync } from "node:fs";
import { SigningKey } from "ethers";
import { KeyFileError } from "../errors/commonErrors.ts";

/** Returns the 0x-prefixed private key held in `path` (KEY_FILE errors naming the file). */
export function readPrivateKeyFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new KeyFileError(`cannot read private key file ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const hex = text.trim().replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new KeyFileError(`private key file ${path} does not hold a private key (64 hex digits, optionally 0x-prefixed)`);
  }
  const key = `0x${hex.toLowerCase()}`;
  try {
    void new SigningKey(key).publicKey; // throws for zero or ≥ the curve order
  } catch {
    throw new KeyFileError(`private key file ${path} holds a number that is not a valid secp256k1 private key`);
  }
  return key;
}
