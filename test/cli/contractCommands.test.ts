// The CLI contract of call, send, deploy and decode, against a real anvil: JSON shapes, human
// output, and the one-line errors (messages are API: pinned here).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => run(NODE, [join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, env: { ABIBIND_RPC: "", ABIBIND_KEY_FILE: "", ...env } });

describe("abibind call/send/deploy/decode", () => {
  let anvil: Anvil;
  let keyFile: string;
  let address: string;
  before(async () => {
    anvil = await startAnvil();
    keyFile = join(anvil.dir, "key");
    writeFileSync(keyFile, ANVIL_KEY_0, { mode: 0o600 });
    const r = await cli(["deploy", "abi/CallDemo.abi", "--rpc", anvil.http, "--private-key-file", keyFile, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc).sort(), ["address", "blockNumber", "from", "gasUsed", "nonce", "status", "transactionHash"]);
    assert.equal(doc.status, "1");
    assert.equal(doc.from, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assert.equal(doc.nonce, "0");
    address = doc.address;
  });
  after(async () => {
    await anvil.stop();
  });

  it("call --json prints the function signature and the result as a decimal string", async () => {
    const r = await cli(["call", address, "year", "--abi", "abi", "--rpc", anvil.http, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { function: "year()", result: "2020" });
  });

  it("call falls back to $ABIBIND_RPC and prints plain output without --json", async () => {
    const r = await cli(["call", address, "year()", "--abi", "abi/CallDemo.abi"], { ABIBIND_RPC: anvil.ipc });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "2020\n");
  });

  it("send --json mines the transaction and reports it; ABIBIND_KEY_FILE names the key file", async () => {
    const r = await cli(["send", address, "setYear", "2031", "--abi", "abi", "--rpc", anvil.ws, "--json"], { ABIBIND_KEY_FILE: keyFile });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc).sort(), ["blockNumber", "from", "gasUsed", "nonce", "status", "transactionHash"]);
    assert.equal(doc.status, "1");
    assert.match(doc.transactionHash, /^0x[0-9a-f]{64}$/);
    const year = await cli(["call", address, "year", "--abi", "abi", "--rpc", anvil.http]);
    assert.equal(year.stdout, "2031\n");
  });

  it("send with a node-managed account (--from)", async () => {
    const r = await cli(["send", address, "setYear", "2032", "--abi", "abi", "--rpc", anvil.http, "--from", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).from, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  });

  it("send reports a revert found by simulation, decoded, and sends nothing", async () => {
    const before = await cli(["call", address, "year", "--abi", "abi", "--rpc", anvil.http]);
    const nonceBefore = await fetchNonce(anvil.http);
    const r = await cli(["send", address, "setYear", "0", "--abi", "abi", "--rpc", anvil.http, "--private-key-file", keyFile]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `abibind send: setYear(uint256) reverted on CallDemo at ${address}: InvalidYear(given=0)\n`);
    assert.equal(await fetchNonce(anvil.http), nonceBefore);
    assert.equal((await cli(["call", address, "year", "--abi", "abi", "--rpc", anvil.http])).stdout, before.stdout);
  });

  it("decode --json names a custom error from revert data", async () => {
    const r = await cli(["decode", "0x7b3f77e20000000000000000000000000000000000000000000000000000000000000000", "--abi", "abi", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { kind: "error", name: "InvalidYear", signature: "InvalidYear(uint256)", args: { given: "0" } });
  });

  it("decode --json decodes calldata and an event with --topics", async () => {
    const fn = await cli(["decode", "0xbdd85ffa00000000000000000000000000000000000000000000000000000000000007e4", "--abi", "abi", "--json"]);
    assert.deepEqual(JSON.parse(fn.stdout), { kind: "function", name: "setYear", signature: "setYear(uint256)", args: { newYear: "2020" } });
    const topic0 = "0x1b76843631c6b8fb319fba86859c479a7a3cd636ee165aaa11229b52af856ee6";
    const prev = `0x${(2020).toString(16).padStart(64, "0")}`;
    const ev = await cli(["decode", `0x${(2021).toString(16).padStart(64, "0")}`, "--topics", `${topic0},${prev}`, "--abi", "abi", "--json"]);
    assert.equal(ev.code, 0, ev.stderr);
    assert.deepEqual(JSON.parse(ev.stdout), { kind: "event", name: "YearChanged", signature: "YearChanged(uint256,uint256)", args: { previous: "2020", current: "2021" } });
  });

  it("deploy links libraries (--link Name=ADDRESS) from a Hardhat artifact, and names a missing one", async () => {
    const art = "test/fixtures/codegen/compiled/hardhat/Traps.sol";
    const lib = async (name: string): Promise<string> => {
      const r = await cli(["deploy", `${art}/${name}.json`, "--rpc", anvil.http, "--private-key-file", keyFile, "--json"]);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout).address as string;
    };
    const [math, other] = [await lib("MathLib"), await lib("Other_Lib")];
    const missing = await cli(["deploy", `${art}/UsesLib.json`, "7", "--rpc", anvil.http, "--private-key-file", keyFile, "--link", `MathLib=${math}`]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "abibind deploy: UsesLib needs library Traps.sol:Other_Lib: give --link Other_Lib=ADDRESS\n");
    const r = await cli(["deploy", `${art}/UsesLib.json`, "7", "--rpc", anvil.http, "--private-key-file", keyFile, "--link", `MathLib=${math}`, "--link", `Other_Lib=${other}`, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const uses = JSON.parse(r.stdout).address as string;
    const sum = await cli(["call", uses, "sum", "5", "--abi", `${art}/UsesLib.json`, "--rpc", anvil.http]);
    assert.equal(sum.stdout, "24\n", "(7 + 5) * 2 through both linked libraries");
  });

  it("send signs with a geth keystore and a password file, and never prints the password", async () => {
    const { encryptKeystore } = await import("../../src/index.ts");
    const password = "test-only keystore password";
    const ks = join(anvil.dir, "keystore.json");
    const pw = join(anvil.dir, "password");
    writeFileSync(ks, await encryptKeystore(ANVIL_KEY_0, password, { scrypt: "light" }));
    writeFileSync(pw, `${password}\n`);
    const r = await cli(["send", address, "setYear", "2040", "--abi", "abi", "--rpc", anvil.http, "--keystore", ks, "--password-file", pw, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).from, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password));
    const wrong = join(anvil.dir, "wrong");
    writeFileSync(wrong, "not the password\n");
    const bad = await cli(["send", address, "setYear", "2041", "--abi", "abi", "--rpc", anvil.http, "--keystore", ks, "--password-file", wrong]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, `abibind send: wrong password or corrupted keystore ${ks}\n`);
  });

  const errorCases: [string, string[], string][] = [
    ["an address with no code", ["call", "0x0000000000000000000000000000000000000abc", "year", "--abi", "abi"], "abibind call: no contract at 0x0000000000000000000000000000000000000aBc on chain 31337: the address has no code\n"],
    ["a bad checksum", ["call", "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "year", "--abi", "abi"], 'abibind call: address: "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266" has a bad checksum (mixed-case addresses must be EIP-55 checksummed)\n'],
    ["an unknown function", ["call", "0x0000000000000000000000000000000000000abc", "yeer", "--abi", "abi"], "abibind call: no function yeer in abi\n"],
    ["a negative uint", ["send", "0x0000000000000000000000000000000000000abc", "setYear", "-1", "--abi", "abi", "--private-key-file", "k"], "abibind send: argument 1 (newYear) of setYear(uint256): negative value -1 for uint256\n"],
    ["a wrong argument count", ["call", "0x0000000000000000000000000000000000000abc", "setYear", "--abi", "abi"], "abibind call: setYear(uint256) takes 1 argument, got 0\n"],
    ["an overflow", ["call", "0x0000000000000000000000000000000000000abc", "setYear", String(2n ** 256n), "--abi", "abi"], `abibind call: argument 1 (newYear) of setYear(uint256): ${2n ** 256n} overflows uint256\n`],
  ];
  for (const [what, args, line] of errorCases) {
    it(`ends with one line for ${what}`, async () => {
      const r = await cli([...args, "--rpc", anvil.http]);
      assert.equal(r.stderr, line);
      assert.ok(r.code !== null && r.code >= 1);
      assert.equal(r.stdout, "");
    });
  }

  it("--chain-id pins the chain for call, logs and watch", async () => {
    const expect = (verb: string) => `abibind ${verb}: the RPC endpoint ${anvil.http} is on chain 31337, expected chain 1\n`;
    for (const args of [["call", address, "year", "--abi", "abi"], ["logs", address, "--abi", "abi", "--from-block", "0"], ["watch", address, "--abi", "abi"]]) {
      const r = await cli([...args, "--rpc", anvil.http, "--chain-id", "1"]);
      assert.equal(r.stderr, expect(args[0]!), args[0]);
      assert.equal(r.code, 1);
    }
    const ok = await cli(["logs", address, "--abi", "abi", "--from-block", "0", "--rpc", anvil.http, "--chain-id", "31337", "--json"]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it("needs --rpc or ABIBIND_RPC", async () => {
    const r = await cli(["call", address, "year", "--abi", "abi"]);
    assert.equal(r.stderr, "abibind call: missing --rpc ENDPOINT (or set ABIBIND_RPC)\n");
    assert.equal(r.code, 2);
  });

  it("--help and --version work for every command", async () => {
    for (const verb of ["call", "send", "deploy", "decode"]) {
      const h = await cli([verb, "--help"]);
      assert.equal(h.code, 0);
      assert.match(h.stdout, new RegExp(`^Usage: abibind ${verb}`));
      const v = await cli([verb, "--version"]);
      assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    }
  });
});

async function fetchNonce(url: string): Promise<string> {
  const { rpc } = await import("../helpers/anvil.ts");
  return rpc(url, "eth_getTransactionCount", ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "latest"]);
}
