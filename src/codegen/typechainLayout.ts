// The `typechain` output layout: where TypeChain 8 (@typechain/ethers-v6) puts each file, so that
// imports written against TypeChain's output (`../typechain-types/contracts/Foo`,
// `types/factories/v0.6.4/Overloads__factory`) resolve against abibind's. Only paths and barrels
// live here; every contract file is the same as in the flat layout, with its relative imports
// adjusted. The rules are TypeChain's, re-derived from its behaviour (README, "Layout").
const { posix } = process.getBuiltinModule("node:path");

/**
 * The type name TypeChain derives from an input file's name (without extension): whitespace and `.`
 * become `-`, a `-` before a lowercase letter capitalises it, other `-` vanish, leading digits are
 * dropped, and the first letter is capitalised. `ds-token.test` → `DsTokenTest`.
 */
export function typechainFileName(stem: string): string {
  const s = stem
    .replace(/\s+/g, "-")
    .replace(/\./g, "-")
    .replace(/-[a-z]/g, (m) => m[1]!.toUpperCase())
    .replace(/-/g, "")
    .replace(/^\d+/, "");
  return s === "" ? stem : s[0]!.toUpperCase() + s.slice(1);
}

// Words as lodash's camelCase splits ASCII text (TypeChain names directory namespaces with it):
// a capitalised or lowercase run ending at a non-letter, a capital or the end; a capital run ending
// before a capitalised word; then any letter run; ordinals; digit runs.
const WORDS =
  /[A-Z]?[a-z]+(?=[^A-Za-z0-9]|[A-Z]|$)|[A-Z]+(?=[^A-Za-z0-9]|[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+|\d*(?:1ST|2ND|3RD|(?![123])\dTH)(?=\b|[a-z_])|\d*(?:1st|2nd|3rd|(?![123])\dth)(?=\b|[A-Z_])|\d+/g;

/** The namespace identifier TypeChain gives a directory in a barrel: camelCase, `_` before a leading digit. `v0.6.4` → `v064`. */
export function typechainDirName(dir: string): string {
  const words = dir.replace(/['\u2019]/g, "").match(WORDS) ?? [];
  const id = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join("");
  const safe = id === "" ? "_" : id;
  return /^\d/.test(safe) ? `_${safe}` : safe;
}

/**
 * Each input file's directory in the output (posix, "" for the top), as TypeChain derives it from
 * the list of all inputs (absolute paths of files with a non-empty ABI):
 * - a file `…/Name.sol/Name.ext` or `…/Name/Name.ext` alone in its directory (subdirectories
 *   included) counts as `…/Name.ext` (Hardhat's and Foundry's artifact folders);
 * - the root is the longest common directory prefix of all inputs (as given, before that
 *   shortening), or with a single input, the directory of its shortened path;
 * - the directory is the shortened path's, relative to that root.
 */
export function typechainDirs(files: readonly string[]): Map<string, string> {
  const all = files.map((f) => f.replace(/\\/g, "/"));
  const shortened = (p: string): string => {
    const { name, dir, base } = posix.parse(p);
    if (all.filter((q) => q.startsWith(`${dir}/`)).length > 1) return p;
    if (dir.endsWith(`/${name}.sol`) || dir.endsWith(`/${name}`)) return `${dir.split("/").slice(0, -1).join("/")}/${base}`;
    return p;
  };
  const root = all.length === 1 ? posix.dirname(shortened(all[0]!)) : commonPrefix(all);
  const out = new Map<string, string>();
  files.forEach((f, i) => {
    const dir = posix.dirname(posix.relative(root, shortened(all[i]!)));
    out.set(f, dir === "." ? "" : dir);
  });
  return out;
}

/** The leading path segments all paths share (TypeChain compares whole segments, file names included). */
function commonPrefix(paths: readonly string[]): string {
  const parts = paths.map((p) => p.split("/"));
  const common: string[] = [];
  const max = Math.min(...parts.map((p) => p.length));
  for (let i = 0; i < max; i++) {
    const seg = parts[0]![i]!;
    if (!parts.every((p) => p[i] === seg)) break;
    common.push(seg);
  }
  return common.join("/");
}

/** Where a contract lives in the typechain layout. */
export interface Place {
  /** Posix directory under the output (and under `factories/`), "" for the top. */
  readonly dir: string;
  readonly typeName: string;
}

/** `dir/name`, or `name` at the top. */
export const stemOf = (p: Place): string => (p.dir === "" ? p.typeName : `${p.dir}/${p.typeName}`);

/** `../` once per directory level of `dir` (`./` at the top): the way from a file in `dir` back to the output root. */
export function upFrom(dir: string): string {
  return dir === "" ? "./" : "../".repeat(dir.split("/").length);
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Barrel {
  /** Subdirectory names (one segment each). */
  readonly dirs: Set<string>;
  /** Type names of contracts directly in the directory. */
  readonly names: string[];
}

/** A barrel per directory holding contracts or directories that do, the top included. */
function barrelsOf(places: readonly Place[]): Map<string, Barrel> {
  const barrels = new Map<string, Barrel>();
  const get = (dir: string): Barrel => {
    let b = barrels.get(dir);
    if (b === undefined) barrels.set(dir, (b = { dirs: new Set(), names: [] }));
    return b;
  };
  get("");
  for (const p of places) {
    get(p.dir).names.push(p.typeName);
    let dir = p.dir;
    while (dir !== "") {
      const parent = posix.dirname(dir) === "." ? "" : posix.dirname(dir);
      get(parent).dirs.add(posix.basename(dir));
      dir = parent;
    }
  }
  return barrels;
}

/** Namespace identifiers of a barrel's subdirectories, unique within it (and apart from its contract names). */
function namespaceIds(b: Barrel, extra: readonly string[] = []): [string, string][] {
  const taken = new Set([...b.names, ...extra]);
  return [...b.dirs].sort(byCodeUnit).map((d) => {
    let id = typechainDirName(d);
    while (taken.has(id)) id += "_";
    taken.add(id);
    return [d, id];
  });
}

/**
 * The barrels and the top index, as TypeChain writes them (`.ts` there; `.d.ts`, and `.js` where
 * there are values, here): `<dir>/index.d.ts` exports each contract type of the directory and each
 * subdirectory as a type namespace; `factories/<dir>/index.{js,d.ts}` the same with the factories;
 * the top `index.{js,d.ts}` merges the top barrels of both and adds every contract type and factory
 * by name (the first by path when several directories hold the same name).
 */
export function typechainSharedFiles(places: readonly Place[], banner: string): Map<string, string> {
  const sorted = [...places].sort((a, b) => byCodeUnit(stemOf(a), stemOf(b)));
  const barrels = barrelsOf(sorted);
  const files = new Map<string, string>();
  const top = { dts: [] as string[], js: [] as string[] };
  for (const [dir, b] of [...barrels].sort(([a], [c]) => byCodeUnit(a, c))) {
    const names = [...b.names].sort(byCodeUnit);
    // At the top, the type namespaces sit beside the `factories` namespace.
    const types = [
      ...namespaceIds(b, dir === "" ? ["factories"] : []).map(([d, id]) => `import type * as ${id} from "./${d}/index.js";\nexport type { ${id} };\n`),
      ...names.map((n) => `export type { ${n} } from "./${n}.js";\n`),
    ];
    const factories = [
      ...namespaceIds(b).map(([d, id]) => `export * as ${id} from "./${d}/index.js";\n`),
      ...names.map((n) => `export { ${n}__factory } from "./${n}__factory.js";\n`),
    ].join("");
    const facDir = dir === "" ? "factories" : `factories/${dir}`;
    files.set(`${facDir}/index.js`, `${banner}${factories || "export {};\n"}`);
    files.set(`${facDir}/index.d.ts`, `${banner}${factories || "export {};\n"}`);
    if (dir === "") top.dts.push(...types);
    else files.set(`${dir}/index.d.ts`, `${banner}${types.join("")}`);
  }
  top.dts.push('export * as factories from "./factories/index.js";\n');
  top.js.push('export * as factories from "./factories/index.js";\n');
  // Every contract by name at the top, as TypeChain's root index adds them.
  const named = new Set<string>();
  for (const p of sorted) if (p.dir === "") named.add(p.typeName);
  for (const p of sorted) {
    if (p.dir !== "") continue;
    top.dts.push(`export { ${p.typeName}__factory } from "./factories/${p.typeName}__factory.js";\n`);
    top.js.push(`export { ${p.typeName}__factory } from "./factories/${p.typeName}__factory.js";\n`);
  }
  for (const p of sorted) {
    if (named.has(p.typeName)) continue;
    named.add(p.typeName);
    const stem = stemOf(p);
    top.dts.push(`export type { ${p.typeName} } from "./${stem}.js";\n`, `export { ${p.typeName}__factory } from "./factories/${stem}__factory.js";\n`);
    top.js.push(`export { ${p.typeName}__factory } from "./factories/${stem}__factory.js";\n`);
  }
  files.set("index.d.ts", `${banner}${top.dts.join("") || "export {};\n"}`);
  files.set("index.js", `${banner}${top.js.join("") || "export {};\n"}`);
  return files;
}
