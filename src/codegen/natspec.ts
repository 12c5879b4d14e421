// NatSpec (solc userdoc/devdoc) → TSDoc comment text.

export interface NatSpec {
  readonly userdoc?: unknown;
  readonly devdoc?: unknown;
}

type Doc = Record<string, unknown>;

function section(doc: unknown, key: string, signature: string): Doc | undefined {
  if (typeof doc !== "object" || doc === null) return undefined;
  const group = (doc as Doc)[key];
  if (typeof group !== "object" || group === null) return undefined;
  const entry = (group as Doc)[signature];
  // Errors are listed as arrays (one per declaration).
  const one = Array.isArray(entry) ? entry[0] : entry;
  return typeof one === "object" && one !== null ? (one as Doc) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** Comment lines (without the comment markers) for a function, event or error signature. */
export function docLines(spec: NatSpec | undefined, kind: "methods" | "events" | "errors", signature: string): string[] {
  if (spec === undefined) return [];
  const user = section(spec.userdoc, kind, signature);
  const dev = section(spec.devdoc, kind, signature);
  const lines: string[] = [];
  const notice = text(user?.notice);
  if (notice !== undefined) lines.push(...notice.split("\n"));
  const details = text(dev?.details);
  if (details !== undefined) lines.push(...(lines.length > 0 ? [""] : []), ...details.split("\n"));
  const params = dev?.params;
  if (typeof params === "object" && params !== null) {
    for (const [name, d] of Object.entries(params as Doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const t = text(d);
      if (t !== undefined) lines.push(`@param ${name} - ${t.replace(/\n/g, " ")}`);
    }
  }
  const returns = dev?.returns;
  if (typeof returns === "object" && returns !== null) {
    const parts = Object.entries(returns as Doc)
      .map(([name, d]) => [name, text(d)] as const)
      .filter((e): e is readonly [string, string] => e[1] !== undefined)
      .map(([name, d]) => (/^_[0-9]+$/.test(name) ? d : `${name}: ${d}`));
    if (parts.length > 0) lines.push(`@returns ${parts.join("; ").replace(/\n/g, " ")}`);
  }
  return lines;
}

/** Contract-level notice/title. */
export function contractDocLines(spec: NatSpec | undefined): string[] {
  if (spec === undefined) return [];
  const lines: string[] = [];
  const u = spec.userdoc as Doc | undefined;
  const d = spec.devdoc as Doc | undefined;
  const title = text(d?.title);
  if (title !== undefined) lines.push(title);
  const notice = text(u?.notice);
  if (notice !== undefined) lines.push(...notice.split("\n"));
  const details = text(d?.details);
  if (details !== undefined) lines.push(...details.split("\n"));
  return lines;
}

/** A TSDoc block at the given indent; comment terminators inside the text are defused. */
export function docComment(lines: readonly string[], indent: string): string {
  if (lines.length === 0) return "";
  const safe = lines.map((l) => l.replace(/\*\//g, "*\\/").replace(/\s+$/, ""));
  return `${indent}/**\n${safe.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}
