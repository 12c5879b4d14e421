// loadSigner: a key file, a keystore with a password file (or the one-line failure without a
// terminal), a node-managed account on anvil; exactly one source.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { JsonRpcSigner, type JsonRpcApiProvider, Wallet } from "ethers";
import { connect } from "../../src/connect/connect.ts";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { encryptKeystore } from "../../src/signers/keystore.ts";
import { loadSigner } from "../../src/signers/loadSigner.ts";

const ANVIL_ADDR_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const ANVIL_ADDR_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("loadSigner", () => {
  let anvil: Anvil;
  let provider: JsonRpcApiProvider;
  let dir: string;
  let keystore: string;
  before(async () => {
    [anvil, dir] = await Promise.all([startAnvil(), Promise.resolve(mkdtempSync(join(tmpdir(), "abls-")))]);
    provider = (await connect(anvil.http)).provider;
    writeFileSync(join(dir, "key"), `${ANVIL_KEY_0}\n`, { mode: 0o600 });
    writeFileSync(join(dir, "pw"), "hunter2\n", { mode: 0o600 });
    writeFileSync(join(dir, "wrongpw"), "hunter3\n", { mode: 0o600 });
    keystore = join(dir, "ks.json");
    writeFileSync(keystore, await encryptKeystore(ANVIL_KEY_0, "hunter2", { scrypt: "light" }), { mode: 0o600 });
  });
  after(async () => {
    provider.destroy();
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("from a private key file: a Wallet on the provider", async () => {
    const s = await loadSigner({ privateKeyFile: join(dir, "key") }, provider);
    assert.ok(s instanceof Wallet);
    assert.equal(await s.getAddress(), ANVIL_ADDR_0);
    assert.equal(s.provider, provider);
  });

  it("from a keystore and its password file; a wrong password names the keystore", async () => {
    const s = await loadSigner({ keystore, passwordFile: join(dir, "pw") }, provider);
    assert.equal(await s.getAddress(), ANVIL_ADDR_0);
    const tx = await s.sendTransaction({ to: ANVIL_ADDR_1, value: 1n });
    assert.equal((await tx.wait())?.status, 1);
    await assert.rejects(loadSigner({ keystore, passwordFile: join(dir, "wrongpw") }, provider), {
      code: "KEYSTORE_DECRYPT",
      shortMessage: `wrong password or corrupted keystore ${keystore}`,
    });
  });

  it("a node-managed account sends through eth_sendTransaction", async () => {
    const s = await loadSigner({ from: ANVIL_ADDR_1.toLowerCase() }, provider);
    assert.ok(s instanceof JsonRpcSigner);
    assert.equal(await s.getAddress(), ANVIL_ADDR_1);
    const tx = await s.sendTransaction({ to: ANVIL_ADDR_0, value: 1n });
    assert.equal((await tx.wait())?.from, ANVIL_ADDR_1);
  });

  it("an account the node does not manage, or no/several sources, are one-line errors", async () => {
    const stranger = Wallet.createRandom().address;
    await assert.rejects(loadSigner({ from: stranger }, provider), {
      code: "NO_SIGNER",
      shortMessage: `the node does not manage account ${stranger} (eth_accounts lists 10)`,
    });
    await assert.rejects(loadSigner({ from: "0x12" }, provider), { code: "INVALID_ADDRESS", shortMessage: 'from: "0x12" is not an address' });
    await assert.rejects(loadSigner({}, provider), {
      code: "NO_SIGNER",
      shortMessage: "no signer: give a private key file, a keystore file or a node-managed account (from)",
    });
    await assert.rejects(loadSigner({ privateKeyFile: "a", keystore: "b" }, provider), { code: "USAGE", shortMessage: "give only one signer, not privateKeyFile and keystore" });
    await assert.rejects(loadSigner({ privateKeyFile: "a", passwordFile: "b" }, provider), { code: "USAGE", shortMessage: "a password file goes with a keystore" });
    const missing = join(dir, "missing.json");
    await assert.rejects(loadSigner({ keystore: missing, passwordFile: join(dir, "pw") }, provider), { code: "KEY_FILE", shortMessage: `cannot read keystore ${missing} (ENOENT)` });
  });

  it("an absurd KDF is refused before any password is asked for", async () => {
    const data = JSON.parse(await encryptKeystore(ANVIL_KEY_0, "x", { scrypt: "light" }));
    data.crypto.kdfparams.n = 2 ** 40;
    const absurd = join(dir, "absurd.json");
    writeFileSync(absurd, JSON.stringify(data));
    const t = performance.now();
    await assert.rejects(loadSigner({ keystore: absurd }, provider), {
      code: "KEYSTORE_KDF",
      shortMessage: `keystore ${absurd}: refusing scrypt n=1099511627776 (limit 1048576)`,
    });
    assert.ok(performance.now() - t < 1000);
  });

  it("a keystore without a password file, stdin not a terminal: one line, no prompt", async () => {
    const script = `
      import { loadSigner } from ${JSON.stringify(join(ROOT, "src/signers/loadSigner.ts"))};
      try { await loadSigner({ keystore: ${JSON.stringify(keystore)} }, null); console.log("loaded"); }
      catch (e) { console.log(e.code + ": " + e.shortMessage); }`;
    const r = await run(NODE, ["--input-type=module", "-e", script], { cwd: ROOT, input: "hunter2\n" });
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, `USAGE: keystore ${keystore} needs a password file: stdin is not a terminal to prompt on\n`);
  });
});
