// Keystore directories: geth's file names, atomic 0600 writes, listing, round trip new → list → decrypt.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { decryptKeystore, encryptKeystore } from "./keystore.ts";
import { keyFileName, listKeystores, storeKeystore, writeFileAtomic0600 } from "./keystoreDir.ts";

const root = mkdtempSync(join(tmpdir(), "abks-"));

describe("keystore directory", () => {
  after(() => rmSync(root, { recursive: true, force: true }));

  it("names files like geth: UTC--<ISO time with nanoseconds>--<lowercase address>", () => {
    const at = new Date(Date.UTC(2016, 2, 4, 5, 6, 7, 89));
    assert.equal(
      keyFileName("0x7EF5A6135f1FD6a02593eEdC869c6D41D934aef8", at),
      "UTC--2016-03-04T05-06-07.089000000Z--7ef5a6135f1fd6a02593eedc869c6d41d934aef8",
    );
  });

  it("round trip: store → list → decrypt, file mode 0600, directory 0700, no temp files left", async () => {
    const dir = join(root, "ks");
    const old = process.umask(0o022);
    try {
      const w = Wallet.createRandom();
      const path = storeKeystore(dir, await encryptKeystore(w.privateKey, "pw", { scrypt: "light" }));
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.deepEqual(readdirSync(dir), [path.slice(dir.length + 1)]);
      assert.deepEqual(listKeystores(dir), [{ address: w.address, path }]);
      const { readFileSync } = await import("node:fs");
      assert.equal((await decryptKeystore(readFileSync(path, "utf8"), "pw", { path })).privateKey, w.privateKey);
    } finally {
      process.umask(old);
    }
  });

  it("writes 0600 even under a permissive umask, and replaces atomically", () => {
    const old = process.umask(0);
    try {
      const p = join(root, "atomic");
      writeFileAtomic0600(p, "one");
      writeFileAtomic0600(p, "two");
      assert.equal(statSync(p).mode & 0o777, 0o600);
      assert.deepEqual(readdirSync(root).filter((n) => n.includes("atomic")), ["atomic"]);
    } finally {
      process.umask(old);
    }
  });

  it("list skips what geth skips (dotfiles, backups, READMEs, non-keystores, directories), sorted by name", async () => {
    const dir = join(root, "mixed");
    mkdirSync(dir);
    const a = Wallet.createRandom();
    const b = Wallet.createRandom();
    const json = (w: { address: string }): string => JSON.stringify({ address: w.address.slice(2).toLowerCase(), version: 3, crypto: {} });
    writeFileSync(join(dir, "UTC--2020-b"), json(b));
    writeFileSync(join(dir, "UTC--2019-a"), json(a));
    writeFileSync(join(dir, ".hidden"), json(a));
    writeFileSync(join(dir, "UTC--2019-a~"), json(a));
    writeFileSync(join(dir, "README"), "x");
    writeFileSync(join(dir, "notes.txt"), "not json");
    mkdirSync(join(dir, "sub"));
    assert.deepEqual(listKeystores(dir), [
      { address: a.address, path: join(dir, "UTC--2019-a") },
      { address: b.address, path: join(dir, "UTC--2020-b") },
    ]);
  });

  it("a missing directory is one KEY_FILE line", () => {
    const d = join(root, "none");
    assert.throws(() => listKeystores(d), { code: "KEY_FILE", shortMessage: `cannot read keystore directory ${d} (ENOENT)` });
  });
});
