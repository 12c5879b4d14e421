// abibind as a drop-in for TypeChain, judged against TypeChain itself: TypeChain 8 with
// @typechain/ethers-v6 and `abibind codegen --layout typechain` run on the same compiled contracts
// (TypeChain's own test contracts, test/fixtures/typechain-parity), and then
//   1. every output path of TypeChain's has its abibind counterpart (`.ts` → `.d.ts`, and `.js` where
//      TypeChain's file holds values), and every barrel exports the same names;
//   2. a generated file asserts, under tsc --strict (nodenext), for every type TypeChain exports
//      (contract types, interfaces, struct and event types, factories' static and instance sides)
//      that abibind's is identical, on the TypeChain-compatible surface where abibind adds to it on
//      purpose (README, "TypeChain compatibility");
//   3. TypeChain's own type tests (packages/target-ethers-v6-test/test, copied verbatim under
//      test/fixtures/typechain-parity/ported as *.typechain-test.ts, with stand-ins for its test
//      environment) compile against abibind's output, and against TypeChain's as a control.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import ts from "typescript";
import { NODE, ROOT, run } from "../helpers/run.ts";

const FIXTURE = join(ROOT, "test/fixtures/typechain-parity");
const TYPECHAIN = join(ROOT, "node_modules/typechain/dist/cli/cli.js");
const ABIBIND = join(ROOT, "src/cli/main.ts");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

/** Function names TypeChain's ethers-v6 target leaves out of the contract type (its reserved words). */
const TYPECHAIN_DROPS = new Set(["signer", "provider", "deployTransaction", "deployed", "fallback", "connect"]);

/** Interface methods keyed by name or signature: abibind accepts every key TypeChain does, and signature keys besides. */
const KEYED = ["getFunction", "getEvent", "encodeFunctionData", "decodeFunctionResult"] as const;

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(ext)) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** The exported declarations of a module, as the checker sees them. */
function exportsOf(program: ts.Program, file: string): ts.Symbol[] {
  const sf = program.getSourceFile(file);
  assert.ok(sf, file);
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(sf);
  return mod === undefined ? [] : checker.getExportsOfModule(mod);
}

interface Assertion {
  readonly line: string;
  readonly what: string;
}

/** A declaration's text without layout (TypeChain's is prettier-formatted), its own type name replaced. */
function shape(decls: readonly ts.Declaration[] | undefined, self: string): string {
  return (decls ?? [])
    .map((d) => d.getText())
    .join(";")
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
    .replace(/\s+/g, "")
    .replace(/,(?=[)\]>}])/g, "")
    .replace(/;$/, "")
    .replace(new RegExp(`\\b${self}\\b`, "g"), "SELF");
}

/**
 * The assertions over one TypeChain module against abibind's module of the same path: each exported
 * type identical (recursing into namespaces), except the contract interface and factories, which are
 * compared member by member on the TypeChain-compatible surface (README, "TypeChain compatibility").
 * Members whose types name the contract itself (connect, on, …) are compared as declarations, since
 * the two contract types differ in what abibind adds. `problems` collects what cannot be a type assertion.
 */
function assertionsFor(program: ts.Program, tcFile: string, abFile: string, tc: string, ab: string, label: string, problems: string[], skipped: readonly string[]): Assertion[] {
  const checker = program.getTypeChecker();
  const out: Assertion[] = [];
  const abExports = new Map(exportsOf(program, abFile).map((s) => [s.getName(), s]));
  const abMember = (path: string): ts.Symbol | undefined => {
    const [head, ...rest] = path.split(".");
    let s = abExports.get(head!);
    for (const part of rest) s = s === undefined ? undefined : checker.getExportsOfModule(s).find((x) => x.getName() === part);
    return s;
  };
  const ownMembers = (t: ts.Type): ts.Symbol[] =>
    checker.getPropertiesOfType(t).filter((p) => (p.declarations ?? []).some((d) => !d.getSourceFile().fileName.includes("/node_modules/")));
  const contract = (ref: string, s: ts.Symbol): void => {
    const tcType = checker.getDeclaredTypeOfSymbol(s);
    const abSym = abMember(ref);
    if (abSym === undefined) return void problems.push(`${label} ${ref}: missing in abibind`);
    const abType = checker.getDeclaredTypeOfSymbol(abSym);
    const abProps = new Map(ownMembers(abType).map((p) => [p.getName(), p]));
    const tcKeys = new Set(ownMembers(tcType).map((p) => p.getName()));
    for (const p of ownMembers(tcType)) {
      const k = p.getName();
      const key = JSON.stringify(k);
      const t = checker.getTypeOfSymbol(p);
      const what = `${label} ${ref}[${key}]`;
      if (!abProps.has(k)) {
        // abibind skips (with a warning) functions whose ABI types are Solidity types ethers cannot encode.
        if (!skipped.some((w) => w.includes(`${s.getName()}.${k}(`))) problems.push(`${what}: missing in abibind`);
        continue;
      }
      if (checker.getPropertyOfType(t, "staticCallResult") !== undefined) {
        out.push({ line: `Expect<Equals<MethodSurface<${tc}.${ref}[${key}]>, MethodSurface<${ab}.${ref}[${key}]>>>`, what: `${what} (method)` });
        out.push({ line: `Expect<Equals<MethodCall<${tc}.${ref}[${key}]>, MethodCall<${ab}.${ref}[${key}]>>>`, what: `${what} (call)` });
      } else if (k === "interface") {
        const keyed = KEYED.map((m) => JSON.stringify(m)).join(" | ");
        out.push({ line: `Expect<Equals<Omit<${tc}.${ref}["interface"], ${keyed}>, Omit<${ab}.${ref}["interface"], ${keyed}>>>`, what: `${what} (unkeyed members)` });
        for (const m of KEYED) covers(`${tc}.${ref}["interface"][${JSON.stringify(m)}]`, `${ab}.${ref}["interface"][${JSON.stringify(m)}]`, `${what}.${m} (every TypeChain overload)`, s.getName());
      } else if (k === "getFunction" || k === "getEvent") {
        covers(`${tc}.${ref}[${key}]`, `${ab}.${ref}[${key}]`, `${what} (every TypeChain overload)`, s.getName());
      } else if (k === "filters") {
        out.push({ line: `Expect<Equals<Shared<${tc}.${ref}["filters"], ${ab}.${ref}["filters"]>, ${tc}.${ref}["filters"]>>`, what: `${what} (keys both have)` });
        out.push({
          line: `Expect<Equals<Exclude<keyof ${tc}.${ref}["filters"], keyof ${ab}.${ref}["filters"]>, Extract<keyof ${tc}.${ref}["filters"], \`\${string}tuple\${string}\`>>>`,
          what: `${what} (only TypeChain's \`tuple\` signature keys missing)`,
        });
      } else if (shape(p.declarations, s.getName()) !== shape(abProps.get(k)!.declarations, s.getName())) {
        problems.push(`${what}: declared differently`);
      }
    }
    // What abibind adds: contract.logs, a typed getEvent catch-all where TypeChain declares no
    // getEvent, signature keys of functions TypeChain keys by name only, aliases of shadowed functions,
    // and functions TypeChain leaves out for their names (its reserved words).
    for (const k of abProps.keys()) {
      if (tcKeys.has(k) || k === "logs" || k === "getEvent" || /^[A-Za-z_$][\w$]*\(.*\)$/.test(k) || TYPECHAIN_DROPS.has(k)) continue;
      if (k.endsWith("_") && abProps.has(`${k.replace(/_+$/, "")}()`) === false && [...abProps.keys()].some((x) => x.startsWith(`${k.replace(/_+$/, "")}(`))) continue;
      problems.push(`${label} ${ref}[${JSON.stringify(k)}]: only in abibind`);
    }
  };
  const factory = (ref: string, s: ts.Symbol): void => {
    const statics = checker.getTypeOfSymbol(s);
    const abSym = abMember(ref);
    if (abSym === undefined) return void problems.push(`${label} ${ref}: missing in abibind`);
    const abStatics = checker.getTypeOfSymbol(abSym);
    const compare = (tcT: ts.Type, abT: ts.Type, side: "static" | "instance"): void => {
      const abProps = new Map(checker.getPropertiesOfType(abT).map((p) => [p.getName(), p]));
      const acc = (m: string, k: string): string => `${side === "static" ? `(typeof ${m}.${ref})` : `${m}.${ref}`}[${JSON.stringify(k)}]`;
      for (const p of checker.getPropertiesOfType(tcT)) {
        const k = p.getName();
        if (k === "prototype" || (p.declarations ?? []).every((d) => d.getSourceFile().fileName.includes("/node_modules/"))) continue;
        const what = `${label} ${ref}.${k} (${side})`;
        const abP = abProps.get(k);
        if (abP === undefined) {
          problems.push(`${what}: missing in abibind`);
          continue;
        }
        const tcSigs = checker.getTypeOfSymbol(p).getCallSignatures();
        if (k === "bytecode") {
          // TypeChain types the bytecode as its literal; abibind as string (README).
          out.push({ line: `Expect<Extends<${acc(tc, k)}, ${acc(ab, k)}>>`, what });
        } else if (k === "abi" && hasSkipped(ref.replace(/__factory$/, ""))) {
          out.push({ line: `Expect<Extends<${acc(ab, k)}[number], ${acc(tc, k)}[number]>>`, what: `${what} (TypeChain's items less those abibind skipped)` });
        } else if (tcSigs.length === 0) {
          out.push({ line: `Expect<Equals<${acc(tc, k)}, ${acc(ab, k)}>>`, what });
        } else {
          // Parameters as types; results by name, since they are the contract and interface types of
          // each side's own module (compared in their own right).
          out.push({ line: `Expect<Equals<Parameters<${acc(tc, k)}>, Parameters<${acc(ab, k)}>>>`, what: `${what} parameters` });
          const abSigs = checker.getTypeOfSymbol(abP).getCallSignatures();
          const ret = (sigs: readonly ts.Signature[]): string => sigs.map((x) => checker.typeToString(x.getReturnType(), undefined, ts.TypeFormatFlags.NoTruncation)).join(" / ");
          if (ret(tcSigs) !== ret(abSigs)) problems.push(`${what}: returns ${ret(abSigs)} (TypeChain: ${ret(tcSigs)})`);
        }
      }
    };
    compare(statics, abStatics, "static");
    if ((s.declarations ?? []).some((d) => ts.isClassDeclaration(d) && d.heritageClauses !== undefined)) {
      out.push({ line: `Expect<Equals<ConstructorParameters<typeof ${tc}.${ref}>, ConstructorParameters<typeof ${ab}.${ref}>>>`, what: `${label} ${ref} (constructor)` });
      compare(checker.getDeclaredTypeOfSymbol(s), checker.getDeclaredTypeOfSymbol(abSym), "instance");
    }
  };
  // Event namespaces whose OutputObject TypeChain gives argN keys abibind has not.
  const unnamedArgs = new Set<string>();
  for (const ns of exportsOf(program, tcFile)) {
    const obj = ns.flags & ts.SymbolFlags.NamespaceModule ? checker.getExportsOfModule(ns).find((x) => x.getName() === "OutputObject") : undefined;
    if (obj === undefined) continue;
    const abObj = abMember(`${ns.getName()}.OutputObject`);
    const names = (x: ts.Symbol): string[] => checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(x)).map((p) => p.getName());
    if (abObj !== undefined && names(obj).some((n) => /^arg\d+$/.test(n) && !names(abObj).includes(n))) unnamedArgs.add(ns.getName());
  }
  // Functions abibind skipped (Solidity types in their ABI): their keys and ABI items are TypeChain's alone.
  const hasSkipped = (contractName: string): boolean => skipped.some((w) => w.includes(`${contractName}.`));
  const covers = (tcT: string, abT: string, what: string, contractName: string): void => {
    if (!hasSkipped(contractName)) out.push({ line: `Expect<Covers<${tcT}, ${abT}>>`, what });
  };
  const visit = (symbols: readonly ts.Symbol[], path: string): void => {
    for (const raw of symbols) {
      const s = raw.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(raw) : raw;
      const name = raw.getName();
      const ref = path === "" ? name : `${path}.${name}`;
      const decls = s.declarations ?? [];
      const generic = decls.some((d) => (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isClassDeclaration(d)) && (d.typeParameters?.length ?? 0) > 0);
      const isContract = decls.some((d) => ts.isInterfaceDeclaration(d) && d.heritageClauses?.some((h) => h.types.some((t) => /^(BaseContract|Interface)$/.test(t.expression.getText()))));
      if (generic) {
        // none in contract modules
      } else if (s.flags & ts.SymbolFlags.Class) factory(ref, s);
      else if (s.flags & ts.SymbolFlags.Interface && isContract) {
        if (decls.some((d) => ts.isInterfaceDeclaration(d) && d.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText() === "BaseContract")))) contract(ref, s);
        else {
          // The ABI coder interface.
          const keyed = KEYED.map((m) => JSON.stringify(m)).join(" | ");
          out.push({ line: `Expect<Equals<Omit<${tc}.${ref}, ${keyed}>, Omit<${ab}.${ref}, ${keyed}>>>`, what: `${label} ${ref} (unkeyed members)` });
          for (const m of KEYED) covers(`${tc}.${ref}[${JSON.stringify(m)}]`, `${ab}.${ref}[${JSON.stringify(m)}]`, `${label} ${ref}.${m} (every TypeChain overload)`, name.replace(/Interface$/, ""));
        }
      } else if (s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) && unnamedArgs.has(path) && /^(OutputObject|Log|LogDescription)$/.test(name)) {
        // An event with unnamed inputs: TypeChain's OutputObject names them arg0, arg1…, which ethers'
        // Result does not have; abibind leaves them out (README). The rest must be identical.
        if (name === "OutputObject") {
          out.push({ line: `Expect<Equals<Pick<${tc}.${ref}, keyof ${ab}.${ref}>, ${ab}.${ref}>>`, what: `${label} ${ref} (named inputs)` });
          out.push({ line: `Expect<Extends<Exclude<keyof ${tc}.${ref}, keyof ${ab}.${ref}>, \`arg\${number}\`>>`, what: `${label} ${ref} (only argN keys missing)` });
        } else out.push({ line: `Expect<Equals<Omit<${tc}.${ref}, "args">, Omit<${ab}.${ref}, "args">>>`, what: `${label} ${ref} (all but args)` });
      } else if (s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
        out.push({ line: `Expect<Equals<${tc}.${ref}, ${ab}.${ref}>>`, what: `${label} ${ref}` });
      } else if (s.flags & ts.SymbolFlags.Variable) {
        out.push({ line: `Expect<Equals<typeof ${tc}.${ref}, typeof ${ab}.${ref}>>`, what: `${label} ${ref} (value)` });
      }
      if (s.flags & (ts.SymbolFlags.NamespaceModule | ts.SymbolFlags.ValueModule) && !(s.flags & ts.SymbolFlags.Class)) visit(checker.getExportsOfModule(s), ref);
    }
  };
  visit(exportsOf(program, tcFile), "");
  return out;
}

/** The helper types of the generated assertion file. */
const HELPERS = `type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;
/** Every overload TypeChain declares is matched by one of abibind's (which also takes signature keys). */
type Covers<TC, AB> = [AB] extends [TC] ? true : false;
/** TypeChain's keys, each as abibind types it where abibind has the key. */
type Shared<TC, AB> = { [K in keyof TC]: K extends keyof AB ? AB[K] : TC[K] };
/** A contract method as code uses it: the call (arguments and result) and every member but staticCallResult (README). */
type MethodCall<M> = M extends (...args: infer A) => infer R ? [A, R] : never;
type MethodSurface<M> = Omit<M, "staticCallResult">;
`;
interface Side {
  readonly dir: string;
  readonly ms: number;
}

async function generateBoth(work: string, input: string, glob: string): Promise<{ tc: Side; ab: Side; warnings: string[] }> {
  const tcDir = join(work, "tc");
  const abDir = join(work, "types");
  const tc = await run(NODE, [TYPECHAIN, "--target", "ethers-v6", "--out-dir", tcDir, glob], { cwd: FIXTURE });
  assert.equal(tc.code, 0, tc.stderr);
  const ab = await run(NODE, ["--conditions=abibind-source", ABIBIND, "codegen", input, "--out", abDir, "--layout", "typechain"], { cwd: FIXTURE });
  assert.equal(ab.code, 0, ab.stderr);
  // Both trees in one module scope (CommonJS, as TypeChain's test package is), so both resolve the
  // same declarations of ethers: its ESM and CommonJS builds declare distinct classes.
  return { tc: { dir: tcDir, ms: tc.ms }, ab: { dir: abDir, ms: ab.ms }, warnings: ab.stderr.split("\n").filter((l) => l.includes("skipped")) };
}

async function tsc(work: string, include: readonly string[], extra: Record<string, unknown> = {}): Promise<string[]> {
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        lib: ["es2022"],
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        ...extra,
      },
      include,
    }),
  );
  const r = await run(NODE, [TSC, "-p", join(work, "tsconfig.json")], { cwd: work });
  return (r.stdout + r.stderr).split("\n").filter((l) => /error TS\d+/.test(l));
}

/** Pairs each TypeChain file with abibind's, and the exactness assertions over them. */
function planCheck(work: string, tcDir: string, abDir: string, skipped: readonly string[]): { files: number; missing: string[]; assertions: Assertion[]; barrelDiffs: string[]; problems: string[] } {
  const tcFiles = files(tcDir, ".ts");
  const missing: string[] = [];
  const pairs: [string, string][] = [];
  for (const f of tcFiles) {
    const stem = f.replace(/\.ts$/, "");
    const abFile = join(abDir, `${stem}.d.ts`);
    try {
      readFileSync(abFile);
    } catch {
      missing.push(`${stem}.d.ts`);
      continue;
    }
    // Values there (factories, factory barrels, the top index): the module must exist at run time too.
    if (/__factory$|^factories\/|^index$/.test(stem)) {
      try {
        readFileSync(join(abDir, `${stem}.js`));
      } catch {
        missing.push(`${stem}.js`);
      }
    }
    pairs.push([join(tcDir, f), abFile]);
  }
  const program = ts.createProgram(
    pairs.flat(),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true, types: [] },
  );
  const barrelDiffs: string[] = [];
  const problems: string[] = [];
  const assertions: Assertion[] = [];
  let imports = "";
  pairs.forEach(([tcFile, abFile], i) => {
    const stem = relative(tcDir, tcFile).replace(/\.ts$/, "");
    if (/(^|\/)index$/.test(stem)) {
      const names = (f: string): string => exportsOf(program, f).map((s) => s.getName()).sort().join(",");
      if (names(tcFile) !== names(abFile)) barrelDiffs.push(`${stem}: TypeChain ${names(tcFile)} / abibind ${names(abFile)}`);
      return;
    }
    if (stem === "common") return;
    imports += `import type * as TC${i} from "./${relative(work, tcFile).replace(/\.ts$/, ".js")}";\nimport type * as AB${i} from "./${relative(work, abFile).replace(/\.d\.ts$/, ".js")}";\n`;
    assertions.push(...assertionsFor(program, tcFile, abFile, `TC${i}`, `AB${i}`, stem, problems, skipped));
  });
  const body = assertions.map((a, i) => `type _${i} = ${a.line}; // ${a.what}`).join("\n");
  writeFileSync(join(work, "check.mts"), `${imports}\n${HELPERS}\n${body}\n`);
  return { files: pairs.length, missing, assertions, barrelDiffs, problems };
}

/** The assertions whose lines tsc reported (an error inside one fails it). */
function failing(work: string, errors: readonly string[], assertions: readonly Assertion[]): string[] {
  const lines = readFileSync(join(work, "check.mts"), "utf8").split("\n");
  const failed = new Set<string>();
  for (const e of errors) {
    const m = /^check\.mts\((\d+),/.exec(e);
    if (m === null) {
      failed.add(e);
      continue;
    }
    const text = lines[Number(m[1]) - 1] ?? "";
    const idx = /^type _(\d+) =/.exec(text);
    failed.add(idx !== null ? `${assertions[Number(idx[1])]!.what}: ${e.replace(/^.*error /, "")}` : e);
  }
  return [...failed];
}

describe("TypeChain parity (TypeChain 8.3.2 + @typechain/ethers-v6 vs abibind --layout typechain)", () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), "abibind-parity-"));
  });
  after(() => {
    if (process.env.KEEP_PARITY === undefined) rmSync(work, { recursive: true, force: true });
    else process.stderr.write(`kept ${work}\n`);
  });

  for (const [label, input, glob] of [
    ["TypeChain's test inputs (.abi files)", "compiled", "compiled/**/*.abi"],
    ["Hardhat artifacts (deployable factories, library links)", "artifacts", "artifacts/**/*.json"],
  ] as const) {
    it(`${label}: same paths, barrels and types`, async () => {
      const dir = join(work, input);
      mkdirSync(dir, { recursive: true });
      symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
      const { tc, ab, warnings } = await generateBoth(dir, input, glob);
      const plan = planCheck(dir, tc.dir, ab.dir, warnings);
      const errors = await tsc(dir, ["check.mts"]);
      const failed = failing(dir, errors, plan.assertions);
      assert.deepEqual(plan.missing, [], "abibind lacks files TypeChain writes");
      assert.deepEqual(plan.barrelDiffs, [], "barrels export different names");
      assert.deepEqual(plan.problems, [], "members that differ");
      process.stderr.write(
        `${label}: ${plan.files} files compared, ${plan.assertions.length - failed.length}/${plan.assertions.length} type assertions hold; TypeChain ${tc.ms} ms, abibind ${ab.ms} ms\n`,
      );
      assert.deepEqual(failed, []);
    });
  }

  it("TypeChain's own ethers-v6 type tests compile against abibind's output", async () => {
    const dir = join(work, "ported");
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    await generateBoth(dir, "compiled", "compiled/**/*.abi");
    // Stored as *.typechain-test.ts, so this project's test runner and tsconfig leave them alone.
    cpSync(join(FIXTURE, "ported"), join(dir, "test"), { recursive: true });
    for (const f of files(join(dir, "test"), ".typechain-test.ts")) renameSync(join(dir, "test", f), join(dir, "test", f.replace(/\.typechain-test\.ts$/, ".test.ts")));
    const count = countAssertions(join(dir, "test"));
    const extra = { paths: { "test-utils": ["./test/env/test-utils.ts"], earljs: ["./test/env/earljs.ts"] }, allowImportingTsExtensions: true, module: "node16", moduleResolution: "node16" };
    // The control: the same files against TypeChain's own output (the environment stubs are right).
    rmSync(join(dir, "types"), { recursive: true });
    cpSync(join(dir, "tc"), join(dir, "types"), { recursive: true });
    const control = await tsc(dir, ["test/**/*.ts"], extra);
    assert.deepEqual(control, [], "the ported tests do not compile against TypeChain's own output");
    rmSync(join(dir, "types"), { recursive: true });
    await generateBoth(dir, "compiled", "compiled/**/*.abi");
    const errors = await tsc(dir, ["test/**/*.ts"], extra);
    const failedAt = new Set(errors.map((e) => /^([^(]+\(\d+)/.exec(e)?.[1] ?? e));
    process.stderr.write(`TypeChain's type tests: ${count - failedAt.size}/${count} assertions compile against abibind's output\n`);
    assert.deepEqual(errors, []);
  });
});

/** Type assertions in TypeChain's tests: AssertTrue<…>, typedAssert(…), and typed assignments (`const _…: T =`). */
function countAssertions(dir: string): number {
  let n = 0;
  for (const f of files(dir, ".test.ts")) {
    const text = readFileSync(join(dir, f), "utf8");
    n += (text.match(/AssertTrue</g) ?? []).length + (text.match(/typedAssert\(/g) ?? []).length + (text.match(/const _\w*: /g) ?? []).length;
  }
  return n;
}

