// geth keystore v3: geth's published test vectors (accounts/keystore/testdata/v3_test_vector.json),
// wrong passwords, absurd KDF parameters refused before deriving, geth-compatible output.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Wallet, computeAddress } from "ethers";
import { isAbibindError } from "../errors/AbibindError.ts";
import { SCRYPT_LIGHT, decryptKeystore, encryptKeystore } from "./keystore.ts";

interface Vector {
  json: Record<string, any>;
  password: string;
  priv: string;
}
const vectors = JSON.parse(readFileSync(new URL("./testdata/v3_test_vector.json", import.meta.url), "utf8")) as Record<string, Vector>;
const clone = <T>(v: T): T => structuredClone(v);

function rejectsWith(p: Promise<unknown>, code: string, message: string): Promise<void> {
  return assert.rejects(p, (e: unknown) => {
    assert.ok(isAbibindError(e), String(e));
    assert.equal(e.code, code);
    assert.equal(e.shortMessage, message);
    return true;
  });
}

describe("decryptKeystore: geth's v3 test vectors", () => {
  for (const [name, v] of Object.entries(vectors)) {
    it(name, async () => {
      const { privateKey, address } = await decryptKeystore(JSON.stringify(v.json), v.password);
      assert.equal(privateKey, `0x${v.priv.padStart(64, "0")}`);
      assert.equal(address, computeAddress(privateKey));
    });
  }

  it("the scrypt and pbkdf2 vectors hold key 7a28b5ba…", async () => {
    const w = vectors.wikipage_test_vector_pbkdf2!;
    const { privateKey } = await decryptKeystore(w.json, w.password, { path: "/k/pbkdf2.json" });
    assert.equal(privateKey, "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
  });

  it("decrypts geth's r=1 scrypt vector with the default scrypt (ethers' own refuses n ≥ 2^(16·r))", async () => {
    const v = vectors.wikipage_test_vector_scrypt!;
    const { privateKey } = await decryptKeystore(v.json, v.password, { path: "wiki.json" });
    assert.equal(privateKey, "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
  });

  it("reads geth's capitalised 'Crypto' field", async () => {
    const v = clone(vectors["31_byte_key"]!);
    v.json.Crypto = v.json.crypto;
    delete v.json.crypto;
    const { privateKey } = await decryptKeystore(v.json, v.password);
    assert.equal(privateKey, `0x00${v.priv}`);
  });
});

describe("decryptKeystore: failures", () => {
  it("wrong password: KEYSTORE_DECRYPT naming the file, not the password", async () => {
    const v = vectors["31_byte_key"]!;
    await rejectsWith(decryptKeystore(v.json, "bar", { path: "/tmp/ks/a.json" }), "KEYSTORE_DECRYPT", "wrong password or corrupted keystore /tmp/ks/a.json");
    await rejectsWith(decryptKeystore(v.json, "bar"), "KEYSTORE_DECRYPT", "wrong password or corrupted keystore <json>");
  });

  it("a corrupted ciphertext or MAC fails the MAC check", async () => {
    for (const field of ["ciphertext", "mac"] as const) {
      const v = clone(vectors["31_byte_key"]!);
      const s: string = v.json.crypto[field];
      v.json.crypto[field] = (s[0] === "0" ? "1" : "0") + s.slice(1);
      await rejectsWith(decryptKeystore(v.json, v.password, { path: "k" }), "KEYSTORE_DECRYPT", "wrong password or corrupted keystore k");
    }
  });

  it("an address field that does not match the key is refused", async () => {
    const v = clone(vectors["31_byte_key"]!);
    v.json.address = "0000000000000000000000000000000000000001";
    await assert.rejects(decryptKeystore(v.json, v.password, { path: "k" }), (e: any) => {
      assert.equal(e.code, "KEYSTORE_DECRYPT");
      assert.match(e.shortMessage, /^keystore k holds the key of 0x[0-9a-fA-F]{40}, not of its address field 0000000000000000000000000000000000000001$/);
      return true;
    });
  });

  it("scrypt n=2^40 is refused in well under a second, without allocating", async () => {
    const v = clone(vectors.wikipage_test_vector_scrypt!);
    v.json.crypto.kdfparams.n = 2 ** 40;
    const rss = process.memoryUsage().rss;
    const t = performance.now();
    await rejectsWith(decryptKeystore(v.json, v.password, { path: "big.json" }), "KEYSTORE_KDF", "keystore big.json: refusing scrypt n=1099511627776 (limit 1048576)");
    assert.ok(performance.now() - t < 1000);
    assert.ok(process.memoryUsage().rss - rss < 64 * 1024 * 1024);
  });

  it("other absurd KDF parameters are refused, each named", async () => {
    const cases: Array<[Record<string, number>, string]> = [
      [{ r: 1024 }, "keystore k: refusing scrypt r=1024 (limit 16)"],
      [{ p: 1 << 20 }, "keystore k: refusing scrypt p=1048576 (limit 16)"],
      [{ n: 2 ** 20, r: 16 }, "keystore k: refusing scrypt memory 128·n·r=2147483648 bytes (limit 268435456)"],
      [{ n: 2 ** 18, r: 8, p: 16 }, "keystore k: refusing scrypt work n·r·p=33554432 (limit 4194304)"],
    ];
    for (const [params, message] of cases) {
      const v = clone(vectors.wikipage_test_vector_scrypt!);
      Object.assign(v.json.crypto.kdfparams, params);
      const t = performance.now();
      await rejectsWith(decryptKeystore(v.json, v.password, { path: "k" }), "KEYSTORE_KDF", message);
      assert.ok(performance.now() - t < 100);
    }
    const p = clone(vectors.wikipage_test_vector_pbkdf2!);
    p.json.crypto.kdfparams.c = 2 ** 40;
    await rejectsWith(decryptKeystore(p.json, p.password, { path: "k" }), "KEYSTORE_KDF", "keystore k: refusing pbkdf2 c=1099511627776 (limit 4194304)");
  });

  it("limits are configurable", async () => {
    const v = vectors.wikipage_test_vector_scrypt!;
    await rejectsWith(decryptKeystore(v.json, v.password, { path: "k", limits: { scryptMaxN: 1024 } }), "KEYSTORE_KDF", "keystore k: refusing scrypt n=262144 (limit 1024)");
  });

  it("malformed keystores are KEY_FILE errors naming the field", async () => {
    const cases: Array<[(j: any) => void, string]> = [
      [(j) => (j.version = 1), "keystore k is not a valid v3 keystore: version is 1, not 3"],
      [(j) => (j.crypto.cipher = "aes-256-gcm"), 'keystore k is not a valid v3 keystore: crypto.cipher "aes-256-gcm" is not aes-128-ctr'],
      [(j) => (j.crypto.kdf = "argon2"), 'keystore k is not a valid v3 keystore: crypto.kdf "argon2" is neither scrypt nor pbkdf2'],
      [(j) => (j.crypto.kdfparams.n = 1000), "keystore k is not a valid v3 keystore: crypto.kdfparams.n is not a power of two above 1"],
      [(j) => (j.crypto.kdfparams.n = 2 ** 40 + 2), "keystore k is not a valid v3 keystore: crypto.kdfparams.n is not a power of two above 1"],
      [(j) => (j.crypto.kdfparams.dklen = 64), "keystore k is not a valid v3 keystore: crypto.kdfparams.dklen is 64, not 32"],
      [(j) => (j.crypto.kdfparams.salt = "xyz"), "keystore k is not a valid v3 keystore: crypto.kdfparams.salt is not hex"],
      [(j) => (j.crypto.cipherparams.iv = "00"), "keystore k is not a valid v3 keystore: crypto.cipherparams.iv is not 16 bytes of hex"],
      [(j) => delete j.crypto, "keystore k is not a valid v3 keystore: crypto is missing"],
    ];
    for (const [mutate, message] of cases) {
      const v = clone(vectors.wikipage_test_vector_scrypt!);
      mutate(v.json);
      await rejectsWith(decryptKeystore(v.json, v.password, { path: "k" }), "KEY_FILE", message);
    }
    await rejectsWith(decryptKeystore("{not json", "x", { path: "k" }), "KEY_FILE", "keystore k is not a valid v3 keystore: not JSON");
  });
});

describe("encryptKeystore", () => {
  const key = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

  it("writes geth's v3 layout (light scrypt) that decrypts back, and that ethers reads too", async () => {
    const json = await encryptKeystore(key, "pässword", { scrypt: "light" });
    const data = JSON.parse(json);
    assert.deepEqual(Object.keys(data), ["address", "crypto", "id", "version"]);
    assert.equal(data.address, computeAddress(key).slice(2).toLowerCase());
    assert.deepEqual(Object.keys(data.crypto), ["cipher", "ciphertext", "cipherparams", "kdf", "kdfparams", "mac"]);
    assert.equal(data.crypto.cipher, "aes-128-ctr");
    assert.equal(data.crypto.kdf, "scrypt");
    assert.deepEqual({ ...data.crypto.kdfparams, salt: undefined }, { dklen: 32, n: SCRYPT_LIGHT.n, p: SCRYPT_LIGHT.p, r: SCRYPT_LIGHT.r, salt: undefined });
    assert.match(data.crypto.kdfparams.salt, /^[0-9a-f]{64}$/);
    assert.match(data.crypto.cipherparams.iv, /^[0-9a-f]{32}$/);
    assert.match(data.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(data.version, 3);
    assert.equal((await decryptKeystore(json, "pässword")).privateKey, key);
    // ethers as an independent reader (ASCII-only passwords: ethers NFKC-normalizes, geth does not).
    const ascii = await encryptKeystore(key, "testpassword", { scrypt: "light" });
    assert.equal((await Wallet.fromEncryptedJson(ascii, "testpassword")).privateKey, key);
  });

  it("defaults to geth's standard scrypt (n=262144, r=8, p=1)", async () => {
    const data = JSON.parse(await encryptKeystore(key, "x"));
    assert.deepEqual([data.crypto.kdfparams.n, data.crypto.kdfparams.r, data.crypto.kdfparams.p], [262144, 8, 1]);
  });

  it("refuses a non-key without echoing it", async () => {
    await assert.rejects(encryptKeystore(`0x${"0".repeat(64)}`, "x"), (e: any) => e.code === "INVALID_INPUT");
    await assert.rejects(encryptKeystore("0x00", "x"), (e: any) => e.code === "INVALID_INPUT" && e.shortMessage === "encryptKeystore: not a valid private key");
  });
});
