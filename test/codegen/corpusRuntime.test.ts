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

  it("calls functions and reads events with Solidity function types, keyed by their real signatures", async () => {
    const c = await deploy("FunctionTypes");
    const addr = (await c.getAddress()).toLowerCase();
    // A function value is the contract's address and the selector, 24 bytes.
    const double = `${addr}${id("double(uint256)").slice(2, 10)}`;
    const triple = `${addr}${id("triple(uint256)").slice(2, 10)}`;
    assert.equal(await c.doubler(), double);
    assert.equal(await c.hook(double, 21n), 42n);
    assert.equal(await c["hook(function,uint256)"](triple, 5n), 15n);
    assert.equal(await c.getFunction("hook(function,uint256)")(double, 1n), 2n);
    assert.equal(await c.echo(triple), triple);
    const many = await c["echoMany(function[],function[2])"]([double, triple, double], [double, triple]);
    assert.deepEqual([many.count, many.second], [3n, triple]);
    assert.equal(await c.callStruct({ fn: triple, tag: 4n }), 12n);
    // On the wire: the real signature's selector, the value as bytes24.
    const tx = await c["hook(function,uint256)"].populateTransaction(double, 1n);
    assert.equal(tx.data.slice(0, 10), id("hook(function,uint256)").slice(0, 10));
    assert.equal(tx.data.slice(10, 74), `${double.slice(2)}${"0".repeat(16)}`);

    await (await c.emitHook(double)).wait();
    const signature = "Hooked(function,function[],(function,uint256))";
    const byName = await c.queryFilter(c.filters.Hooked(double));
    const byKey = await c.queryFilter(c.filters[signature]);
    assert.equal(byName.length, 1);
    assert.equal(byKey.length, 1);
    assert.equal(byName[0].topics[0], id(signature));
    assert.equal(byName[0].args.fn, double);
    assert.deepEqual([...byName[0].args.all], [double, triple]);
    assert.deepEqual([byName[0].args.cb.fn, byName[0].args.cb.tag], [double, 7n]);
    assert.equal((await c.queryFilter(c.filters.Hooked(triple))).length, 0);
    const history = await c.logs.Hooked({ fromBlock: 0, args: { fn: double } });
    assert.equal(history.length, 1);
    assert.equal(history[0].signature, signature);
    assert.equal(history[0].args.fn, double);

    const err = gen.FunctionTypes__factory.decodeError(await revertData(c.fail(triple)));
    assert.deepEqual([err.signature, err.args.fn], ["BadHook(function)", triple]);
  });

  it("round-trips fixed-size arrays, nested and of structs", async () => {
    const c = await deploy("FixedArrays");
    assert.equal(await c.three([1n, 2n, 3n]), 6n);
    assert.deepEqual([...(await c.one([9n]))], [9n]);
    assert.deepEqual((await c.nested([[1n, 2n], [3n, 4n], [5n, 6n]])).map((p: bigint[]) => [...p]), [[1n, 2n], [3n, 4n], [5n, 6n]]);
    assert.deepEqual([...(await c.six([1n, 2n, 3n, 4n, 5n, 6n]))], [1n, 2n, 3n, 4n, 5n, 6n]);
    const pairs = await c.pairs([{ a: 1n, b: true }, { a: 2n, b: false }, { a: 3n, b: true }]);
    assert.deepEqual([pairs[2].a, pairs[1].b], [3n, false]);
  });

  it("binds a library whose other functions name Solidity types", async () => {
    const lib = await deploy("KindLib");
    // plain(TypeKind) was skipped, so plain(uint256) is the bare member.
    assert.equal(await lib.plain(1n), 2n);
    assert.equal(lib.kind, undefined);
    assert.equal(gen.KindLib__factory.abi.some((f: { name?: string }) => f.name === "kind" || f.name === "truth"), false);
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
