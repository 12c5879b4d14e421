// The key-derivation parameters a keystore may ask for, checked before any derivation runs.
// ethers (and scrypt itself) accept any N: a file with n=2^40 would hang or exhaust memory, so
// abibind refuses such parameters up front, in microseconds.
import { KeyFileError, KeystoreKdfError } from "../errors/commonErrors.ts";

export interface KdfLimits {
  /** Largest scrypt n (a power of two). Default 2^20; geth's standard is 2^18. */
  readonly scryptMaxN: number;
  /** Largest scrypt r. Default 16; geth uses 8. */
  readonly scryptMaxR: number;
  /** Largest scrypt p. Default 16; geth uses 1 (standard) or 6 (light). */
  readonly scryptMaxP: number;
  /** Largest scrypt memory, 128·n·r bytes. Default 256 MiB (geth's standard needs exactly that). */
  readonly scryptMaxMemory: number;
  /** Largest scrypt work n·r·p. Default 2^22 (twice geth's standard). */
  readonly scryptMaxWork: number;
  /** Largest pbkdf2 iteration count c. Default 2^22 (geth's test vector uses 2^18). */
  readonly pbkdf2MaxC: number;
}

export const DEFAULT_KDF_LIMITS: KdfLimits = {
  scryptMaxN: 2 ** 20,
  scryptMaxR: 16,
  scryptMaxP: 16,
  scryptMaxMemory: 256 * 1024 * 1024,
  scryptMaxWork: 2 ** 22,
  pbkdf2MaxC: 2 ** 22,
};

export type KdfParams =
  | { readonly kdf: "scrypt"; readonly salt: Uint8Array; readonly n: number; readonly r: number; readonly p: number; readonly dklen: 32 }
  | { readonly kdf: "pbkdf2"; readonly salt: Uint8Array; readonly c: number; readonly prf: "hmac-sha256"; readonly dklen: 32 };

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 0;
}

/** Throws KEYSTORE_KDF (one line, naming the keystore and the parameter) if `params` exceed `limits`. */
export function checkKdfLimits(params: KdfParams, where: string, limits: KdfLimits = DEFAULT_KDF_LIMITS): void {
  const refuse = (what: string): never => {
    throw new KeystoreKdfError(`keystore ${where}: refusing ${params.kdf} ${what}`);
  };
  if (params.kdf === "scrypt") {
    const { n, r, p } = params;
    if (n > limits.scryptMaxN) refuse(`n=${n} (limit ${limits.scryptMaxN})`);
    if (r > limits.scryptMaxR) refuse(`r=${r} (limit ${limits.scryptMaxR})`);
    if (p > limits.scryptMaxP) refuse(`p=${p} (limit ${limits.scryptMaxP})`);
    if (128 * n * r > limits.scryptMaxMemory) refuse(`memory 128·n·r=${128 * n * r} bytes (limit ${limits.scryptMaxMemory})`);
    if (n * r * p > limits.scryptMaxWork) refuse(`work n·r·p=${n * r * p} (limit ${limits.scryptMaxWork})`);
  } else if (params.c > limits.pbkdf2MaxC) {
    refuse(`c=${params.c} (limit ${limits.pbkdf2MaxC})`);
  }
}

/** Reads `crypto.kdf`/`crypto.kdfparams` of a v3 keystore into checked, typed parameters (KEY_FILE when malformed). */
export function parseKdfParams(kdf: unknown, kdfparams: unknown, where: string): KdfParams {
  const bad = (what: string): never => {
    throw new KeyFileError(`keystore ${where} is not a valid v3 keystore: ${what}`);
  };
  if (typeof kdfparams !== "object" || kdfparams === null) return bad("crypto.kdfparams is missing");
  const kp = kdfparams as Record<string, unknown>;
  const salt = hexBytes(kp.salt);
  if (salt === null || salt.length === 0 || salt.length > 1024) return bad("crypto.kdfparams.salt is not hex");
  if (kp.dklen !== 32) return bad(`crypto.kdfparams.dklen is ${JSON.stringify(kp.dklen)}, not 32`);
  if (kdf === "scrypt") {
    const { n, r, p } = kp;
    if (!isPositiveInt(n) || n < 2 || (BigInt(n) & (BigInt(n) - 1n)) !== 0n) {
      return bad("crypto.kdfparams.n is not a power of two above 1");
    }
    if (!isPositiveInt(r)) return bad("crypto.kdfparams.r is not a positive integer");
    if (!isPositiveInt(p)) return bad("crypto.kdfparams.p is not a positive integer");
    return { kdf, salt, n, r, p, dklen: 32 };
  }
  if (kdf === "pbkdf2") {
    if (kp.prf !== "hmac-sha256") return bad(`crypto.kdfparams.prf ${JSON.stringify(kp.prf)} is not hmac-sha256`);
    if (!isPositiveInt(kp.c)) return bad("crypto.kdfparams.c is not a positive integer");
    return { kdf, salt, c: kp.c, prf: "hmac-sha256", dklen: 32 };
  }
  return bad(`crypto.kdf ${JSON.stringify(kdf)} is neither scrypt nor pbkdf2`);
}

/** Even-length hex (no 0x) → bytes, or null. */
export function hexBytes(v: unknown): Uint8Array | null {
  if (typeof v !== "string" || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v)) return null;
  return Uint8Array.from(Buffer.from(v, "hex"));
}
