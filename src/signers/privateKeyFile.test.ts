// Private-key files: hex with or without 0x, whitespace trimmed; errors name the file, never the content.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readPrivateKeyFile } from "./privateKeyFile.ts";
import { readPasswordFile } from "./password.ts";

const KEY = "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
const dir = mkdtempSync(join(tmpdir(), "abpk-"));
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content, { mode: 0o600 });
  return p;
};

after(() => rmSync(dir, { recursive: true, force: true }));

describe("readPrivateKeyFile", () => {
  it("reads hex with or without 0x, any case, surrounded by whitespace", () => {
    for (const [i, content] of [KEY, `0x${KEY}\n`, `  0X${KEY.toUpperCase()}\r\n\n`, `\t${KEY} `].entries()) {
      assert.equal(readPrivateKeyFile(file(`k${i}`, content)), `0x${KEY}`);
    }
  });

  it("a file that is not a key: one line naming the file, without its content", () => {
    const secretish = `${KEY.slice(0, 63)}`;
    for (const [i, content] of [secretish, `${KEY}00`, `0x${KEY} extra`, "", `mnemonic words ${KEY}`].entries()) {
      const p = file(`bad${i}`, content);
      assert.throws(
        () => readPrivateKeyFile(p),
        (e: any) => {
          assert.equal(e.code, "KEY_FILE");
          assert.equal(e.shortMessage, `private key file ${p} does not hold a private key (64 hex digits, optionally 0x-prefixed)`);
          assert.ok(!e.message.includes(secretish) && !e.message.includes(KEY.slice(0, 16)));
          return true;
        },
      );
    }
  });

  it("zero and numbers above the curve order are refused", () => {
    for (const [i, content] of ["0".repeat(64), "f".repeat(64)].entries()) {
      const p = file(`range${i}`, content);
      assert.throws(() => readPrivateKeyFile(p), { code: "KEY_FILE", shortMessage: `private key file ${p} holds a number that is not a valid secp256k1 private key` });
    }
  });

  it("a missing file names the path and the errno", () => {
    const p = join(dir, "nope");
    assert.throws(() => readPrivateKeyFile(p), { code: "KEY_FILE", shortMessage: `cannot read private key file ${p} (ENOENT)` });
  });
});

describe("readPasswordFile", () => {
  it("takes the first line without its line ending, like geth --password", () => {
    assert.equal(readPasswordFile(file("pw1", "secret one\r\nsecond\n")), "secret one");
    assert.equal(readPasswordFile(file("pw2", " spaced \n")), " spaced ");
    assert.equal(readPasswordFile(file("pw3", "")), "");
    const p = join(dir, "nopw");
    assert.throws(() => readPasswordFile(p), { code: "KEY_FILE", shortMessage: `cannot read password file ${p} (ENOENT)` });
  });
});
