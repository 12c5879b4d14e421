// abibind keystore new|import|list through the real CLI: geth-named 0600 files, one-line failures.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { computeAddress } from "ethers";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { decryptKeystore } from "../../src/index.ts";

const MAIN = join(ROOT, "src/cli/main.ts");
const KEY = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
const ADDR = computeAddress(KEY);
const abibind = (...args: string[]) => run(NODE, [MAIN, "keystore", ...args], { cwd: ROOT });

describe("abibind keystore", () => {
  let dir: string;
  let ks: string;
  let pw: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "abcli-"));
    ks = join(dir, "keystore");
    pw = join(dir, "pw");
    writeFileSync(pw, "correct horse\n", { mode: 0o600 });
    writeFileSync(join(dir, "key"), `${KEY.slice(2)}\n`, { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("import <keyfile> writes a geth-named 0600 keystore and prints '<address> <path>'", async () => {
    const r = await abibind("import", join(dir, "key"), "--keystore-dir", ks, "--password-file", pw, "--lightkdf");
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const m = /^(0x[0-9a-fA-F]{40}) (\S+)\n$/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.equal(m[1], ADDR);
    assert.match(m[2]!, new RegExp(`^${ks}/UTC--\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{9}Z--${ADDR.slice(2).toLowerCase()}$`));
    assert.equal(statSync(m[2]!).mode & 0o777, 0o600);
    assert.equal((await decryptKeystore(readFileSync(m[2]!, "utf8"), "correct horse")).privateKey, KEY);
    assert.ok(!r.stdout.includes(KEY.slice(2, 18)));
  });

  it("import of an account already in the directory is refused", async () => {
    const r = await abibind("import", join(dir, "key"), "--keystore-dir", ks, "--password-file", pw, "--lightkdf");
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^abibind keystore import: ${ADDR} is already in ${ks}/UTC--\\S+\n$`));
  });

  it("new → list → decrypt round trip", async () => {
    const made = await abibind("new", "--keystore-dir", ks, "--password-file", pw, "--lightkdf");
    assert.equal(made.code, 0, made.stderr);
    const [addr, path] = made.stdout.trim().split(" ") as [string, string];
    const data = JSON.parse(readFileSync(path, "utf8"));
    assert.deepEqual([data.crypto.kdfparams.n, data.crypto.kdfparams.r, data.crypto.kdfparams.p], [4096, 8, 6]);
    assert.equal((await decryptKeystore(data, "correct horse", { path })).address, addr);
    const listed = await abibind("list", "--keystore-dir", ks);
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trim().split("\n").sort();
    const importedPath = join(ks, readdirSync(ks).find((n) => n.endsWith(ADDR.slice(2).toLowerCase()))!);
    assert.deepEqual(lines, [`${ADDR} ${importedPath}`, `${addr} ${path}`].sort());
    assert.deepEqual(readdirSync(ks).filter((n) => n.startsWith(".")), []);
  });

  it("without --password-file and no terminal: exactly one line, exit ≥ 1, nothing written", async () => {
    const before = readdirSync(ks).length;
    for (const args of [["new"], ["import", join(dir, "key")]]) {
      const r = await run(NODE, [MAIN, "keystore", ...args, "--keystore-dir", ks], { cwd: ROOT, input: "correct horse\n" });
      assert.ok((r.code ?? 0) >= 1);
      assert.equal(r.stdout, "");
      const sub = args[0];
      if (sub === "import") assert.equal(r.stderr, `abibind keystore import: ${ADDR} is already in ${join(ks, readdirSync(ks).find((n) => n.endsWith(ADDR.slice(2).toLowerCase()))!)}\n`);
      else assert.equal(r.stderr, "abibind keystore new: no --password-file, and stdin is not a terminal to prompt for a password\n");
    }
    const fresh = join(dir, "key2");
    writeFileSync(fresh, `0x${"11".repeat(32)}`, { mode: 0o600 });
    const r = await run(NODE, [MAIN, "keystore", "import", fresh, "--keystore-dir", ks], { cwd: ROOT });
    assert.equal(r.stderr, "abibind keystore import: no --password-file, and stdin is not a terminal to prompt for a password\n");
    assert.equal(readdirSync(ks).length, before);
  });

  it("user errors: exactly one line on stderr naming what is wrong", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "\n");
    const badKey = join(dir, "badkey");
    writeFileSync(badKey, "not a key but maybe secret");
    const cases: Array<[string[], string, number]> = [
      [["new", "--password-file", pw], "abibind keystore new: missing --keystore-dir D", 2],
      [["list"], "abibind keystore list: missing --keystore-dir D", 2],
      [["bogus"], 'abibind keystore: unknown subcommand "bogus" (subcommands: new, import, list)', 2],
      [["import", "--keystore-dir", ks], "abibind keystore import: <keyfile> is required", 2],
      [["new", "--keystore-dir", ks, "--password-file", empty], `abibind keystore new: the password is empty (${empty})`, 2],
      [["new", "--keystore-dir", ks, "--password-file", join(dir, "nopw")], `abibind keystore new: cannot read password file ${join(dir, "nopw")} (ENOENT)`, 1],
      [["import", badKey, "--keystore-dir", ks, "--password-file", pw], `abibind keystore import: private key file ${badKey} does not hold a private key (64 hex digits, optionally 0x-prefixed)`, 1],
      [["list", "--keystore-dir", join(dir, "nodir")], `abibind keystore list: cannot read keystore directory ${join(dir, "nodir")} (ENOENT)`, 1],
      [["list", "--keystore-dir", ks, "--bogus"], "abibind keystore: unknown option --bogus (see abibind keystore --help)", 2],
      [["new", "--keystore-dir"], "abibind keystore: option --keystore-dir needs a value (see abibind keystore --help)", 2],
    ];
    for (const [args, line, code] of cases) {
      const r = await abibind(...args);
      assert.equal(r.stderr, `${line}\n`, args.join(" "));
      assert.equal(r.code, code, args.join(" "));
      assert.equal(r.stdout, "");
    }
  });

  // util-linux `script` gives the CLI a terminal: the password is typed after each prompt.
  it("on a terminal: prompts twice without echo, and the keystore opens with the typed password", async () => {
    const tty = join(dir, "tty");
    const cmd = `${NODE} ${MAIN} keystore new --keystore-dir ${tty} --lightkdf`;
    const child = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let answered = 0;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const prompts = out.split("password: ").length - 1;
      if (prompts > answered) {
        answered = prompts;
        setTimeout(() => child.stdin.write("tty sekret\r"), 100);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0, out);
    assert.ok(!out.includes("sekret"), "the password was echoed");
    const path = /(\S+UTC--\S+)/.exec(out)?.[1];
    assert.ok(path !== undefined, out);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    await decryptKeystore(readFileSync(path, "utf8"), "tty sekret", { path });
  });

  it("--help everywhere", async () => {
    for (const args of [["--help"], ["new", "--help"], ["import", "-h"], ["list", "--help"]]) {
      const r = await abibind(...args);
      assert.equal(r.code, 0, args.join(" "));
      assert.equal(r.stderr, "");
      assert.match(r.stdout, /^Usage: abibind keystore/);
    }
  });
});
