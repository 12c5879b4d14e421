// `npm run bench`: runs every benchmark, prints its table and records it in bench/RESULTS.md.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { benchCodegen, codegenSection, table } from "./codegen.ts";
import { profileCodegen } from "./codegenProfile.ts";

/** Runs one runtime benchmark as its own process (each starts its own anvil) and returns its Markdown. */
function section(file: string): string {
  process.stderr.write(`bench: ${file}…\n`);
  const r = spawnSync(process.execPath, [new URL(file, import.meta.url).pathname], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 20 * 60_000 });
  if (r.status !== 0) return `\n(${file} failed: exit ${r.status})\n`;
  process.stdout.write(r.stdout);
  return r.stdout;
}

const loadBefore = loadavg()[0]!;
const rows = benchCodegen();
const loadAfter = loadavg()[0]!;
process.stdout.write(`${table(rows)}\n`);
const codegen = codegenSection(rows, profileCodegen().markdown);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.versions.node}, ${process.platform}`;
writeFileSync(
  new URL("RESULTS.md", import.meta.url),
  `# Benchmark results\n\nWritten by \`npm run bench\` (bench/run.ts). Machine: ${machine}; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (other jobs on a shared machine slow both tools).\n\n## Codegen: abibind vs TypeChain CLI\n\n` +
    codegen +
    "\n## Runtime: reads\n" +
    section("reads.ts") +
    "\n## Runtime: concurrent reads and sends\n" +
    section("concurrency.ts") +
    "\n## Events: backfill\n" +
    section("logs.ts") +
    "\n## Example backend under load\n" +
    section("backend.ts"),
);
