// geth keystore v3 ("Web3 Secret Storage"): decrypt (scrypt or pbkdf2, MAC checked, KDF parameters
// bounded before deriving) and encrypt (geth's standard or light scrypt). The primitives are ethers'
// (scrypt, pbkdf2, keccak256, randomBytes) and node:crypto's AES-128-CTR; nothing is hand-written.
import { createCipheriv, createDecipheriv, randomUUID, timingSafeEqual } from "node:crypto";
import { scryptAsync } from "@noble/hashes/scrypt";
import { SigningKey, computeAddress, concat, getAddress, getBytes, hexlify, keccak256, pbkdf2, randomBytes, scrypt, toUtf8Bytes } from "ethers";
import { DEFAULT_KDF_LIMITS, type KdfLimits, type KdfParams, checkKdfLimits, hexBytes, parseKdfParams } from "./kdfLimits.ts";
import { InvalidInputError, KeyFileError, KeystoreDecryptError } from "../errors/commonErrors.ts";

export interface DecryptedKey {
  /** Checksummed address of the key. */
  readonly address: string;
  /** 0x-prefixed 32-byte private key. */
  readonly privateKey: string;
}

/** A scrypt implementation: (password, salt, n, r, p, dklen) → derived key. */
export type ScryptFn = (password: Uint8Array, salt: Uint8Array, n: number, r: number, p: number, dklen: number) => Promise<Uint8Array>;

/** ethers' scrypt (@noble/hashes 1.3): it refuses n ≥ 2^(16·r), RFC 7914's bound, which geth does not enforce. */
export const ethersScrypt: ScryptFn = async (password, salt, n, r, p, dklen) => getBytes(await scrypt(password, salt, n, r, p, dklen));

/** The default: @noble/hashes ≥ 1.4 (the library ethers itself builds on) derives every key geth does, r=1 included. */
export const nobleScrypt: ScryptFn = async (password, salt, n, r, p, dklen) =>
  scryptAsync(password, getBytes(salt), { N: n, r, p, dkLen: dklen, maxmem: 2 ** 30 + 1024 });

export interface DecryptOptions {
  /** How errors name the keystore (its path); default "<json>". */
  readonly path?: string;
  readonly limits?: Partial<KdfLimits>;
  /**
   * The scrypt to derive with (default @noble/hashes ≥ 1.4, which has no n < 2^(16·r) bound, so
   * geth's r=1 test vector decrypts; ethers' own scrypt refuses it).
   */
  readonly scrypt?: ScryptFn;
}

/** geth's standard scrypt (N=2^18, r=8, p=1) and its --lightkdf (N=2^12, r=8, p=6). */
export const SCRYPT_STANDARD = { n: 262144, r: 8, p: 1 } as const;
export const SCRYPT_LIGHT = { n: 4096, r: 8, p: 6 } as const;

export interface EncryptOptions {
  /** "standard" (default) or "light", like geth's --lightkdf; or explicit parameters. */
  readonly scrypt?: "standard" | "light" | { readonly n: number; readonly r: number; readonly p: number };
}

/** The password as geth uses it: its UTF-8 bytes, not normalized. */
function passwordBytes(password: string): Uint8Array {
  return toUtf8Bytes(password);
}

async function deriveKey(params: KdfParams, password: string, scryptFn?: ScryptFn): Promise<Uint8Array> {
  if (params.kdf === "scrypt") {
    return (scryptFn ?? nobleScrypt)(passwordBytes(password), params.salt, params.n, params.r, params.p, params.dklen);
  }
  return getBytes(pbkdf2(passwordBytes(password), params.salt, params.c, params.dklen, "sha256"));
}

function mac(derived: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return getBytes(keccak256(concat([derived.subarray(16, 32), ciphertext])));
}

function aes128ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array, encrypt: boolean): Uint8Array {
  const c = encrypt ? createCipheriv("aes-128-ctr", key.subarray(0, 16), iv) : createDecipheriv("aes-128-ctr", key.subarray(0, 16), iv);
  return Uint8Array.from(Buffer.concat([c.update(data), c.final()]));
}

/** A v3 keystore whose structure and KDF parameters passed every check; nothing derived yet. */
export interface CheckedKeystore {
  readonly where: string;
  readonly statedAddress: string | undefined;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly mac: Uint8Array;
  readonly params: KdfParams;
}

/**
 * Checks a geth v3 keystore without deriving anything (microseconds): KEY_FILE when malformed,
 * KEYSTORE_KDF when its KDF parameters exceed `limits`. Run it before asking for a password.
 */
export function checkKeystore(json: string | object, options: DecryptOptions = {}): CheckedKeystore {
  const where = options.path ?? "<json>";
  const bad = (what: string): never => {
    throw new KeyFileError(`keystore ${where} is not a valid v3 keystore: ${what}`);
  };
  let data: unknown = json;
  if (typeof json === "string") {
    try {
      data = JSON.parse(json);
    } catch {
      return bad("not JSON");
    }
  }
  if (typeof data !== "object" || data === null) return bad("not a JSON object");
  const ks = data as Record<string, unknown>;
  if (ks.version !== 3) return bad(`version is ${JSON.stringify(ks.version)}, not 3`);
  // Go's JSON decoding (geth) matches field names case-insensitively: some tools wrote "Crypto".
  const crypto = (ks.crypto ?? ks.Crypto) as Record<string, unknown> | undefined;
  if (typeof crypto !== "object" || crypto === null) return bad("crypto is missing");
  if (crypto.cipher !== "aes-128-ctr") return bad(`crypto.cipher ${JSON.stringify(crypto.cipher)} is not aes-128-ctr`);
  const iv = hexBytes((crypto.cipherparams as { iv?: unknown } | undefined)?.iv);
  if (iv === null || iv.length !== 16) return bad("crypto.cipherparams.iv is not 16 bytes of hex");
  const ciphertext = hexBytes(crypto.ciphertext);
  if (ciphertext === null || ciphertext.length === 0 || ciphertext.length > 32) return bad("crypto.ciphertext is not at most 32 bytes of hex");
  const expectedMac = hexBytes(crypto.mac);
  if (expectedMac === null || expectedMac.length !== 32) return bad("crypto.mac is not 32 bytes of hex");
  const params = parseKdfParams(crypto.kdf, crypto.kdfparams, where);
  checkKdfLimits(params, where, { ...DEFAULT_KDF_LIMITS, ...options.limits });
  const statedAddress = typeof ks.address === "string" && ks.address !== "" ? ks.address : undefined;
  return { where, statedAddress, iv, ciphertext, mac: expectedMac, params };
}

/**
 * Decrypts a geth v3 keystore (JSON text or parsed object). KDF parameters are checked against
 * `limits` before anything is derived (KEYSTORE_KDF); a MAC mismatch is KEYSTORE_DECRYPT
 * ("wrong password or corrupted keystore <path>"); a malformed file is KEY_FILE.
 */
export async function decryptKeystore(json: string | object, password: string, options: DecryptOptions = {}): Promise<DecryptedKey> {
  const { where, statedAddress, iv, ciphertext, mac: expectedMac, params } = checkKeystore(json, options);
  const derived = await deriveKey(params, password, options.scrypt);
  if (!timingSafeEqual(mac(derived, ciphertext), expectedMac)) {
    throw new KeystoreDecryptError(`wrong password or corrupted keystore ${where}`);
  }
  // geth reads shorter plaintexts (30, 31 bytes) as big-endian numbers: left-pad to 32 bytes.
  const plain = aes128ctr(derived, iv, ciphertext, false);
  const keyBytes = new Uint8Array(32);
  keyBytes.set(plain, 32 - plain.length);
  const privateKey = hexlify(keyBytes);
  let address: string;
  try {
    address = computeAddress(new SigningKey(privateKey));
  } catch {
    throw new KeystoreDecryptError(`keystore ${where} decrypts to an invalid private key`);
  }
  if (statedAddress !== undefined) {
    let stated: string | null;
    try {
      stated = getAddress(statedAddress.startsWith("0x") ? statedAddress : `0x${statedAddress}`);
    } catch {
      stated = null;
    }
    if (stated !== address) {
      throw new KeystoreDecryptError(`keystore ${where} holds the key of ${address}, not of its address field ${statedAddress}`);
    }
  }
  return { address, privateKey };
}

/** Encrypts a private key into geth-compatible v3 keystore JSON (scrypt, AES-128-CTR). */
export async function encryptKeystore(privateKey: string, password: string, options: EncryptOptions = {}): Promise<string> {
  let key: SigningKey;
  try {
    key = new SigningKey(privateKey);
    void key.publicKey; // throws for zero or ≥ the curve order
  } catch {
    throw new InvalidInputError("encryptKeystore: not a valid private key");
  }
  const s = options.scrypt === "light" ? SCRYPT_LIGHT : options.scrypt === undefined || options.scrypt === "standard" ? SCRYPT_STANDARD : options.scrypt;
  const salt = getBytes(randomBytes(32));
  const iv = getBytes(randomBytes(16));
  const params: KdfParams = { kdf: "scrypt", salt, n: s.n, r: s.r, p: s.p, dklen: 32 };
  checkKdfLimits(params, "<new>");
  if (s.n >= 2 ** (16 * s.r)) throw new InvalidInputError(`encryptKeystore: scrypt n=${s.n} needs r ≥ ${Math.floor(Math.log2(s.n) / 16) + 1}`);
  const derived = await deriveKey(params, password);
  const ciphertext = aes128ctr(derived, iv, getBytes(key.privateKey), true);
  const address = computeAddress(key).slice(2).toLowerCase();
  const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
  // Field order and spelling as geth writes them.
  return JSON.stringify({
    address,
    crypto: {
      cipher: "aes-128-ctr",
      ciphertext: hex(ciphertext),
      cipherparams: { iv: hex(iv) },
      kdf: "scrypt",
      kdfparams: { dklen: 32, n: s.n, p: s.p, r: s.r, salt: hex(salt) },
      mac: hex(mac(derived, ciphertext)),
    },
    id: randomUUID(),
    version: 3,
  });
}
