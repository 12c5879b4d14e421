// Signers: private-key files, geth v3 keystores, node-managed accounts.
export { DEFAULT_KDF_LIMITS, type KdfLimits, checkKdfLimits } from "./kdfLimits.ts";
export { type CheckedKeystore, type DecryptedKey, type DecryptOptions, type EncryptOptions, SCRYPT_LIGHT, SCRYPT_STANDARD, type ScryptFn, checkKeystore, decryptKeystore, encryptKeystore, ethersScrypt } from "./keystore.ts";
export { type KeystoreEntry, keyFileName, listKeystores, storeKeystore, writeFileAtomic0600 } from "./keystoreDir.ts";
export { type SignerSource, loadSigner } from "./loadSigner.ts";
export { canPrompt, promptPassword, readPasswordFile } from "./password.ts";
export { readPrivateKeyFile } from "./privateKeyFile.ts";
