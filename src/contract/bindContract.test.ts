// Unit tier: bindContract with no node. The generated factories are data plus a class that
// delegates, and a format this runtime cannot serve is refused in one clear error.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Interface, id } from "ethers";
import { BINDING_FORMAT, BindingFormatError, bindContract } from "./bindContract.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const ABI = [
  { type: "error", name: "InvalidYear", inputs: [{ name: "given", type: "uint256" }] },
  { type: "function", name: "year", inputs: [], outputs: [{ name: "", type: "uint256" }], stateMutability: "view" },
  { type: "function", name: "target", inputs: [], outputs: [{ name: "", type: "address" }], stateMutability: "view" },
] as const;

function factoryFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...factoryFiles(p));
    else if (e.name.endsWith("__factory.js")) out.push(p);
  }
  return out;
}

describe("generated factories hold data, not behaviour", () => {
  const files = [...factoryFiles(join(ROOT, "generated")), ...factoryFiles(join(ROOT, "test/fixtures/codegen/golden"))];
  it("finds factories to check", () => assert.ok(files.length >= 4, files.join(", ")));
  for (const f of files) {
    it(`${f.slice(ROOT.length)} has no dynamic import, defineProperty, throw, try or async`, () => {
      const js = readFileSync(f, "utf8");
      for (const construct of [/\bimport\s*\(/, /Object\.defineProperty/, /\bthrow\b/, /\btry\b/, /\basync\b/, /\bawait\b/]) {
        assert.doesNotMatch(js.replace(/"(?:[^"\\]|\\.)*"/g, '""'), construct, `${f}: ${construct}`);
      }
      assert.match(js, new RegExp(`format: ${BINDING_FORMAT},`));
      assert.match(js, /^import \{ bindContract \} from "abibind\/runtime";$/m);
    });
  }
});

describe("bindContract", () => {
  it("refuses a binding format newer than it serves, naming the contract and what to do", () => {
    assert.throws(() => bindContract({ format: BINDING_FORMAT + 1, name: "Vault", abi: ABI }), (e: unknown) => {
      assert.ok(e instanceof BindingFormatError);
      assert.equal(e.code, "BINDING_FORMAT");
      assert.equal(
        e.message,
        `the bindings of Vault were generated for binding format ${BINDING_FORMAT + 1}, but this abibind serves format ${BINDING_FORMAT}: upgrade abibind, or regenerate them with this version (abibind codegen)`,
      );
      return true;
    });
  });

  it("refuses a binding without a known format", () => {
    assert.throws(() => bindContract({ format: "x" as unknown as number, name: "Vault", abi: ABI }), {
      code: "BINDING_FORMAT",
      message: 'the bindings of Vault have no binding format abibind knows ("x"): regenerate them (abibind codegen)',
    });
  });

  it("decodes the contract's custom errors and leaves Error(string) and Panic to the caller", () => {
    const b = bindContract({ format: BINDING_FORMAT, name: "Demo", abi: ABI });
    const iface = new Interface(ABI);
    const decoded = b.decodeError(iface.encodeErrorResult("InvalidYear", [7n]));
    assert.equal(decoded?.name, "InvalidYear");
    assert.equal(decoded?.signature, "InvalidYear(uint256)");
    assert.equal(decoded?.args[0], 7n);
    assert.equal(b.decodeError(new Interface(["error Error(string)"]).encodeErrorResult("Error", ["no"])), null);
    assert.equal(b.decodeError("0xdeadbeef"), null);
    assert.equal(b.decodeError("not hex"), null);
  });

  it("binds aliases, fast reads and logs as own members, and keeps them across connect()", () => {
    const b = bindContract({
      format: BINDING_FORMAT,
      name: "Demo",
      abi: ABI,
      fastReads: [["year", "year()", [], "uint256"]],
      aliases: [["target_", "target"]],
      events: [],
    });
    const c = b.connect("0x0000000000000000000000000000000000000001", null) as unknown as Record<string, unknown> & { connect(r: null): unknown };
    for (const member of ["year", "target_", "logs", "connect"]) assert.ok(Object.hasOwn(c, member), member);
    const again = c.connect(null) as Record<string, unknown>;
    for (const member of ["year", "target_", "logs"]) assert.ok(Object.hasOwn(again, member), `after connect: ${member}`);
    assert.equal((c.year as { fragment: { format(f: string): string } }).fragment.format("sighash"), "year()");
  });

  it("binds Solidity function types as bytes24 under their real signatures, which ethers alone drops", () => {
    const abi = [
      { type: "function", name: "hook", inputs: [{ name: "f", type: "function" }, { name: "s", type: "tuple", components: [{ name: "g", type: "function[2]" }, { name: "n", type: "uint256" }] }], outputs: [{ name: "out", type: "function" }], stateMutability: "view" },
      { type: "event", name: "Hooked", inputs: [{ name: "f", type: "function", indexed: true }, { name: "all", type: "function[]", indexed: false }], anonymous: false },
      { type: "error", name: "BadHook", inputs: [{ name: "f", type: "function" }] },
      ...ABI,
    ];
    // What ethers does alone: the fragments are gone.
    assert.equal(new Interface(abi).getFunction("hook"), null);
    const b = bindContract({ format: BINDING_FORMAT, name: "Hooks", abi, events: ["Hooked", "Hooked(function,function[])"] });
    const F = `0x${"ab".repeat(20)}12345678`;
    const hook = "hook(function,(function[2],uint256))";
    const c = b.connect("0x0000000000000000000000000000000000000001", null) as unknown as Record<string, { fragment: { selector: string; format(f?: string): string } }> & {
      interface: Interface;
      filters: Record<string, { fragment: { topicHash: string } }>;
    };
    for (const key of ["hook", hook]) {
      assert.equal(c[key]!.fragment.selector, id(hook).slice(0, 10), key);
      assert.equal(c[key]!.fragment.format("sighash"), hook, key);
    }
    const data = c.interface.encodeFunctionData(hook, [F, { g: [F, F], n: 3n }]);
    assert.equal(data.slice(0, 10), id(hook).slice(0, 10));
    // bytes24 on the wire: left-aligned in its word.
    assert.equal(data.slice(10, 74), `${F.slice(2)}${"0".repeat(16)}`);
    assert.deepEqual(c.interface.decodeFunctionData(hook, data).toObject(true), { f: F, s: { g: [F, F], n: 3n } });
    assert.equal(c.interface.decodeFunctionResult(hook, c.interface.encodeFunctionResult(hook, [F]))[0], F);
    for (const key of ["Hooked", "Hooked(function,function[])"]) assert.equal(c.filters[key]!.fragment.topicHash, id("Hooked(function,function[])"), key);
    const log = c.interface.encodeEventLog("Hooked", [F, [F]]);
    assert.equal(log.topics[1], `${F}${"0".repeat(16)}`);
    const parsed = c.interface.parseLog(log)!;
    assert.deepEqual([parsed.signature, parsed.args.f, [...parsed.args.all]], ["Hooked(function,function[])", F, [F]]);
    // The JSON and human-readable forms keep the real type.
    assert.match(c.interface.formatJson(), /"type":"function","name":"f"/);
    assert.ok(b.createInterface().format().includes("function hook(function f, (function[2] g, uint256 n) s) view returns (function out)"));
    const err = b.decodeError(c.interface.encodeErrorResult("BadHook(function)", [F]));
    assert.deepEqual([err?.signature, err?.selector, err?.args[0]], ["BadHook(function)", id("BadHook(function)").slice(0, 10), F]);
    // An ABI without function types keeps ethers' own Interface.
    assert.equal(bindContract({ format: BINDING_FORMAT, name: "Demo", abi: ABI }).createInterface().constructor, Interface);
  });

  it("links libraries into the bytecode and names a missing address", () => {
    const placeholder = "__$0123456789abcdef0123456789abcdef01$__";
    const b = bindContract({ format: BINDING_FORMAT, name: "UsesLib", abi: ABI, bytecode: `0x6000${placeholder}6000`, links: [["src/Lib.sol:Lib", [4]]] });
    assert.equal(b.linkBytecode({ "src/Lib.sol:Lib": "0x00000000000000000000000000000000000000Ab" }), "0x600000000000000000000000000000000000000000ab6000");
    assert.throws(() => b.linkBytecode({}), {
      code: "INVALID_ADDRESS",
      message: "UsesLib__factory.linkBytecode: library src/Lib.sol:Lib needs an address, got undefined",
    });
  });

  it("rejects logs on a contract without a provider in one clear error", async () => {
    const b = bindContract({ format: BINDING_FORMAT, name: "Demo", abi: ABI, events: [] });
    const c = b.connect("0x0000000000000000000000000000000000000001", null) as unknown as { logs: { all(q: { fromBlock: number }): Promise<unknown> } };
    await assert.rejects(c.logs.all({ fromBlock: 0 }), {
      code: "INVALID_INPUT",
      message: "Demo.logs needs a contract connected to a JSON-RPC provider (connect(address, client.provider))",
    });
  });
});
