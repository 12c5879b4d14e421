// The shared deadline timer seen from a whole process: it never keeps an idle process alive,
// and keeps it alive while a request waits (src/connect/deadlines.test.ts has the unit side).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NODE, ROOT, run } from "../helpers/run.ts";

describe("Deadlines in a process", () => {
  it("lets the process exit once nothing waits, and keeps it alive while something does", { timeout: 30_000 }, async () => {
    const url = JSON.stringify(new URL("../../src/connect/deadlines.ts", import.meta.url).pathname);
    const idle = await run(NODE, ["--input-type=module", "-e", `import { Deadlines } from ${url}; const d = new Deadlines(() => {}); d.add(1, 60000); d.delete(1); console.log("idle");`], { cwd: ROOT, timeoutMs: 10_000 });
    assert.equal(idle.stdout.trim(), "idle", idle.stderr);
    const waiting = await run(NODE, ["--input-type=module", "-e", `import { Deadlines } from ${url}; const d = new Deadlines((x) => console.log("expired", x)); d.add(1, 300);`], { cwd: ROOT, timeoutMs: 10_000 });
    assert.equal(waiting.stdout.trim(), "expired 1", waiting.stderr);
  });
});
