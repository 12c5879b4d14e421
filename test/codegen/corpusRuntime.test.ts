// The trap corpus against a real chain: generated factories deploy, overloads resolve by signature
// key, custom errors decode, indexed dynamic args arrive as Indexed, clashing names are reachable
// through their aliases, and libraries link.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Indexed, JsonRpcProvider, NonceManager, Wallet, id, keccak256 } from "ethers";
import { ANVIL_KEY_0, type Anvil, startAnvil } from "../helpers/anvil.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";

const cli = join(ROOT, "src/cli/main.ts");
const FIX = join(ROOT, "test/fixtures/codegen");

let anvil: Anvil;
let provider: JsonRpcProvider;
let signer: NonceManager;
let me: string;
let out: string;
// The generated index.js, loaded at run time (its types are checked by corpus.test.ts).
let gen: Record<string, any>;
let hand: Record<string, any>;

before(async () => {
  // Inside the project so the generated files resolve `ethers` from its node_modules.
  mkdirSync(join(ROOT, ".scratch"), { recursive: true });
  out = mkdtempSync(join(ROOT, ".scratch/codegen-rt-"));
  const [a, r, h] = await Promise.all([
    startAnvil(),
    run(NODE, [cli, "codegen", join(FIX, "compiled/standard"), "--out", out], { cwd: ROOT }),
    run(NODE, [cli, "codegen", join(FIX, "hand"), "--out", join(out, "hand")], { cwd: ROOT }),
  ]);
  anvil = a;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(h.code, 0, h.stderr);
  provider = new JsonRpcProvider(anvil.http, undefined, { staticNetwork: true, pollingInterval: 50 });
  const wallet = new Wallet(ANVIL_KEY_0, provider);
  me = wallet.address;
  signer = new NonceManager(wallet);
  gen = await import(join(out, "index.js"));
  hand = await import(join(out, "hand/index.js"));
});

after(async () => {
  provider?.destroy();
  await anvil?.stop();
  rmSync(out, { recursive: true, force: true });
});

async function deploy(name: string, ...args: unknown[]): Promise<any> {
  const c = await new gen[`${name}__factory`](signer).deploy(...args);
  await c.waitForDeployment();
  return c;
}

async function revertData(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: string }).data;
    assert.equal(typeof data, "string", String(e));
    return data!;
  }
  assert.fail("expected a revert");
}

describe("codegen corpus at run time (anvil)", () => {
  it("calls each overload by its signature key, struct overloads included", async () => {
    const c = await deploy("Overload");
    assert.equal(await c["foo(uint256)"](1n), 2n);
    assert.equal(await c["foo(uint256,uint256)"](2n, 3n), 5n);
    assert.equal(await c["foo(string)"]("hi"), "hi");
    assert.equal(await c["foo((uint256,uint256))"]({ x: 4n, y: 5n }), 20n);
    assert.equal(await c.getFunction("foo((uint256,uint256))")([2n, 3n]), 6n);
  });

  it("decodes every custom error through <Name>__factory.decodeError, and nothing else", async () => {
    const c = await deploy("Overload");
    const f = gen.Overload__factory;
    const unauthorized = f.decodeError(await revertData(c.fail(0n, { from: me })));
    assert.equal(unauthorized.name, "Unauthorized");
    assert.equal(unauthorized.signature, "Unauthorized(address)");
    assert.equal(unauthorized.args.who, me);
    const bad = f.decodeError(await revertData(c.fail(1n)));
    assert.deepEqual([bad.name, bad.args.code, bad.args.why, bad.args[1]], ["Bad", 7n, "seven", "seven"]);
    const point = f.decodeError(await revertData(c.fail(2n)));
    assert.equal(point.signature, "BadPoint((uint256,uint256))");
    assert.deepEqual([point.args.p.x, point.args.p.y], [1n, 2n]);
    const empty = f.decodeError(await revertData(c.fail(3n)));
    assert.equal(empty.name, "Empty");
    assert.equal(empty.selector, id("Empty()").slice(0, 10));
    // A require string is Error(string): not one of the contract's custom errors.
    assert.equal(f.decodeError(await revertData(c.fail(4n))), null);
    assert.equal(f.decodeError("0xdeadbeef"), null);
    const ne = await deploy("NewErrors");
    const my3 = gen.NewErrors__factory.decodeError(await revertData(ne.Error()));
    assert.deepEqual([my3.name, my3.args.a, my3.args.b, my3.args.c], ["MyError3", 1n, 2n, 3n]);
  });

  it("delivers indexed string/bytes/struct/array args as Indexed and filters by indexed string", async () => {
    const c = await deploy("Overload");
    await (await c.name("hello", "0x1234", 5n)).wait();
    await (await c.name("other", "0x", 6n)).wait();
    const logs = await c.queryFilter(c.filters.Named("hello"));
    assert.equal(logs.length, 1);
    const args = logs[0].args;
    assert.ok(args.label instanceof Indexed);
    assert.equal(args.label.hash, id("hello"));
    assert.ok(args.blob instanceof Indexed);
    assert.equal(args.blob.hash, keccak256("0x1234"));
    assert.equal(args.id, 5n);
    assert.equal(args.plain, "hello");
    const pl = await c.queryFilter(c.filters.PointIndexed);
    assert.equal(pl.length, 2);
    assert.ok(pl[0].args.p instanceof Indexed && pl[0].args.list instanceof Indexed);
  });

  it("tells overloaded events with struct params apart by signature key", async () => {
    const c = await deploy("Overload");
    await (await c.settle(3n, 4n)).wait();
    const one = await c.queryFilter(c.filters["Settled((uint256,uint256))"]);
    const two = await c.queryFilter(c.filters["Settled((uint256,uint256),uint256)"]);
    assert.equal(one.length, 1);
    assert.equal(two.length, 1);
    assert.deepEqual([one[0].args.p.x, one[0].args.p.y], [3n, 4n]);
    assert.equal(two[0].args.extra, 7n);
    const bars = await c.queryFilter(c.filters["bar(uint256,uint256)"]);
    assert.deepEqual([bars[0].args.i, bars[0].args.j], [3n, 4n]);
  });

  it("reaches functions named like BaseContract members through `<name>_` aliases, also after connect()", async () => {
    const c = await deploy("Clashes");
    const addr = await c.getAddress();
    assert.equal(c.target, addr);
    assert.equal(await c.target_(), 1n);
    assert.equal(await c["target()"](), 1n);
    assert.equal(await c.runner_(), 2n);
    assert.equal(await c.then_(), 4n);
    assert.equal(await c.deploy(), 5n);
    assert.equal(await c.getAddress_(), 6n);
    assert.equal(await c.getFunction_("q"), "q");
    assert.equal(await c.logs_(), 7n);
    assert.equal(await c.toString_(), "x");
    assert.equal(await c.on_(9n), 9n);
    assert.equal(await c.normal(), 14n);
    // Still a well-behaved ethers contract: awaiting it does not call then(), members work.
    assert.equal(await c.getAddress(), addr);
    const again = gen.Clashes__factory.connect(addr, provider);
    assert.equal(await again.filters_(), 3n);
    assert.equal(await again.connect(signer).waitForDeployment_(), 9n);
  });

  it("passes keyword-named parameters and struct fields", async () => {
    const c = await deploy("ReservedParams");
    const r = await c.kw(1n, 2n, "0x0000000000000000000000000000000000000003", true, 4n);
    assert.deepEqual([r.class_, r[1], r[2], r[3]], [7n, 1n, 3n, 0n]);
    const s = await c.st({ class: 5n, const: true, export: "e" });
    assert.deepEqual([s.class, s.const, s.export], [5n, true, "e"]);
    assert.equal(await c.kw2(1n, 2n, 3n, 4n, 5n, 6n), 21n);
  });

  it("deploys a contract with two linked libraries via linkBytecode", async () => {
    const math = await deploy("MathLib");
    const other = await deploy("Other_Lib");
    const F = gen.UsesLib__factory;
    const links = { "Traps.sol:MathLib": await math.getAddress(), "Traps.sol:Other_Lib": await other.getAddress() };
    assert.doesNotMatch(F.linkBytecode(links), /__\$/);
    assert.throws(() => F.linkBytecode({ "Traps.sol:MathLib": links["Traps.sol:MathLib"] }), /Other_Lib/);
    const c = await new F(links, signer).deploy(10n, { value: 1n });
    await c.waitForDeployment();
    assert.equal(await c.sum(5n), 30n);
    assert.equal(await provider.getBalance(await c.getAddress()), 1n);
  });

  it("round-trips deep arrays, slices and mixed named/unnamed outputs", async () => {
    const dn = await deploy("DeeplyNestedArray");
    const arr = Array.from({ length: 5 }, (_, i) => Array.from({ length: 4 }, (_, j) => [BigInt(i), BigInt(j), 7n]));
    await (await dn.storeDeepUintArray(arr)).wait();
    assert.equal(await dn.deepUint64Array(4n, 3n, 2n), 7n);
    const sl = await deploy("Slicer");
    assert.deepEqual([...(await sl.echoInts([-1n, 2n]))], [-1n, 2n]);
    const tu = await deploy("Tupler");
    const m = await tu.mixed();
    assert.equal(m.named, "x");
    assert.equal(m[0], 1n);
  });

  it("binds every typed key of JS-unsafe and ethers-keyword names to the right fragment", async () => {
    const c = hand.Weird__factory.connect("0x0000000000000000000000000000000000000001", provider);
    const sel = async (m: any, ...args: unknown[]): Promise<string> => (await m.populateTransaction(...args)).data.slice(0, 10);
    // Aliases of names ethers' Contract answers itself.
    assert.equal(await sel(c.constructor_, 1n), id("constructor(uint256)").slice(0, 10));
    assert.equal(await sel(c.__proto___, 1n), id("__proto__(uint256)").slice(0, 10));
    assert.equal(await sel(c.toString_), id("toString()").slice(0, 10));
    assert.equal(await sel(c.interface_), id("interface()").slice(0, 10));
    assert.equal(await sel(c.then_), id("then()").slice(0, 10));
    // Signature keys of keyword names, which ethers alone cannot resolve.
    for (const sig of ["view(uint256)", "view()", "pure(uint256)", "constructor(uint256)", "fallback()", "interface()"]) {
      const args = sig.endsWith("()") ? [] : [1n];
      assert.equal(await sel(c[sig], ...args), id(sig).slice(0, 10), sig);
    }
    assert.equal(await sel(c.pure, 2n), id("pure(uint256)").slice(0, 10));
    assert.equal(await sel(c["ovl((string))"], { b: "x" }), id("ovl((string))").slice(0, 10));
    // Positional struct input for a struct with a `__proto__` field, and unnamed tuple components.
    assert.equal(await sel(c.structs, [1n, 2n, 3n]), id("structs((uint256,uint256,uint256))").slice(0, 10));
    assert.equal(await sel(c["anonTuple((uint256,address))"], [1n, me]), id("anonTuple((uint256,address))").slice(0, 10));
    // Every typed filter key resolves; `then` and keyword signatures are not typed.
    for (const k of ["then(uint256)", "function", "constructor", "Dup", "Ov((uint256))", "Ov((string))", "Anon"]) {
      assert.equal(typeof c.filters[k], "function", k);
    }
    assert.equal(c.filters.then, undefined);
    // The aliases survive connect(); awaiting the contract does not call a contract function.
    const again = c.connect(signer);
    assert.equal(await sel(again.then_), id("then()").slice(0, 10));
    assert.equal(await sel(again["view()"]), id("view()").slice(0, 10));
  });
});
