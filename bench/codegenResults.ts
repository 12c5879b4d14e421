// `node --conditions=abibind-source bench/codegenResults.ts`: the codegen benchmark and profile
// alone, replacing the codegen section of bench/RESULTS.md; the runtime sections (written by
// `npm run bench`, which starts anvil nodes) stay as they are.
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { benchCodegen, codegenSection, table } from "./codegen.ts";
import { profileCodegen } from "./codegenProfile.ts";

const HEAD = "## Codegen: abibind vs TypeChain CLI\n\n";
const NEXT = "\n## Runtime: reads\n";

const file = new URL("RESULTS.md", import.meta.url);
const text = readFileSync(file, "utf8");
const start = text.indexOf(HEAD);
const end = text.indexOf(NEXT);
if (start === -1 || end === -1) throw new Error("bench/RESULTS.md has no codegen section to replace: run npm run bench");
const loadBefore = loadavg()[0]!;
const rows = benchCodegen();
const loadAfter = loadavg()[0]!;
process.stdout.write(`${table(rows)}\n`);
const stamp = `(This section alone: \`bench/codegenResults.ts\`, ${new Date().toISOString().slice(0, 10)}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.)\n\n`;
writeFileSync(file, text.slice(0, start) + HEAD + stamp + codegenSection(rows, profileCodegen().markdown) + text.slice(end));
