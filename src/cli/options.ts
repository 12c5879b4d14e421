// A command's options as one table: it parses the command line, applies defaults and environment
// fallbacks, and prints the command's --help, so the help never drifts from what is parsed.
// Hand-rolled rather than node:util parseArgs: the errors are worded here, negative numbers are
// values, and nothing is loaded on codegen's no-op path.
import { UsageError } from "abibind/codegen";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Repeatable: every value is kept, in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in help and messages (e.g. ENDPOINT). */
  readonly value?: string;
  readonly description: string;
  /** Shown in help; applied when neither the option nor its environment variable is given. */
  readonly default?: string;
  /** An environment variable read when the option is absent (an empty value counts as absent). */
  readonly env?: string;
  /** The environment fallback applies only when none of these options is given. */
  readonly envUnless?: readonly string[];
  /** Absent (after the environment fallback): a usage error. */
  readonly required?: boolean;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<T extends OptionTable = OptionTable> {
  /** The command as typed after `abibind` ("logs", "keystore new"). */
  readonly name: string;
  /** What follows the command on its usage line(s), options aside. */
  readonly usage: readonly string[];
  readonly description: string;
  readonly options: T;
}

type ValueOf<O extends OptionSpec> = O["type"] extends "boolean" ? boolean : O extends { readonly multiple: true } ? string[] : string | undefined;
export type Values<T extends OptionTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

export interface Parsed<T extends OptionTable> {
  readonly values: Values<T>;
  readonly positionals: string[];
  /** --help or -h was given: print helpText(spec) and do nothing else. */
  readonly help: boolean;
  /** Options given on the command line (not from the environment or a default). */
  readonly given: ReadonlySet<string>;
}

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", description: "show this help" };

function flag(name: string, o: OptionSpec): string {
  return `${o.short !== undefined ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
}

export function helpText(spec: CommandSpec): string {
  const rows = [...Object.entries(spec.options), ["help", HELP_OPTION] as const].map(([name, o]) => {
    const notes: string[] = [];
    if (o.required === true) notes.push("required");
    if (o.multiple === true) notes.push("repeatable");
    if (o.env !== undefined) notes.push(`env: $${o.env}`);
    if (o.default !== undefined) notes.push(`default: ${o.default}`);
    return [flag(name, o), `${o.description}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const usage = spec.usage.map((u, i) => `${i === 0 ? "Usage:" : "      "} abibind ${spec.name}${u === "" ? "" : ` ${u}`}`);
  return `${usage.join("\n")}\n\n${spec.description}\n\nOptions:\n${rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`).join("\n")}`;
}

export function parseCommand<T extends OptionTable>(spec: CommandSpec<T>, argv: readonly string[]): Parsed<T> {
  const see = `(see abibind ${spec.name} --help)`;
  const table: Record<string, OptionSpec> = { ...spec.options, help: HELP_OPTION };
  const byShort = new Map(Object.entries(table).flatMap(([n, o]) => (o.short !== undefined ? [[o.short, n] as const] : [])));
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // "-" (stdin) and negative numbers are values, not options.
    if (!arg.startsWith("-") || arg === "-" || /^-[0-9]/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const eq = long ? arg.indexOf("=") : -1;
    const written = eq === -1 ? arg : arg.slice(0, eq);
    const name = long ? written.slice(2) : byShort.get(arg.slice(1));
    const o = name === undefined ? undefined : table[name];
    if (name === undefined || o === undefined) throw new UsageError(`unknown option ${written} ${see}`);
    given.add(name);
    if (o.type === "boolean") {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value ${see}`);
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // Another option where the value should be is a forgotten value, not a value.
      if (next !== undefined && !(next.startsWith("--") && next.length > 2)) {
        value = next;
        i++;
      }
    }
    if (value === undefined) throw new UsageError(`option --${name} needs a value ${see}`);
    if (o.multiple === true) values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else values[name] = value;
  }
  const help = values.help === true;
  delete values.help;
  for (const [name, o] of Object.entries(spec.options)) {
    if (values[name] !== undefined) continue;
    if (o.env !== undefined && !(o.envUnless ?? []).some((n) => given.has(n))) {
      const fromEnv = process.env[o.env];
      if (fromEnv !== undefined && fromEnv !== "") values[name] = o.multiple === true ? [fromEnv] : fromEnv;
    }
    if (values[name] === undefined && o.default !== undefined) values[name] = o.multiple === true ? [o.default] : o.default;
    if (values[name] === undefined && o.type === "boolean") values[name] = false;
    if (values[name] === undefined && o.multiple === true) values[name] = [];
    if (!help && o.required === true && (values[name] === undefined || (o.multiple === true && (values[name] as string[]).length === 0))) {
      throw new UsageError(`missing --${name} ${o.value ?? "VALUE"}${o.env !== undefined ? ` (or set ${o.env})` : ""}`);
    }
  }
  return { values: values as Values<T>, positionals, help, given };
}

/** A whole number ≥ min given as text, or undefined when absent. */
export function wholeNumber(value: string | undefined, option: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value.trim()) || Number(value) < min) throw new UsageError(`--${option} "${value}" is not a whole number ≥ ${min}`);
  return Number(value);
}

/** A non-negative integer (decimal or 0x) given as text, or undefined when absent. */
export function bigintValue(value: string | undefined, option: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.trim())) throw new UsageError(`--${option} "${value}" is not a non-negative integer`);
  return BigInt(value.trim());
}

/** No positional beyond those expected. */
export function noMore(extra: readonly string[]): void {
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
}
