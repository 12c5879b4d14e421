import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JsonStreamSplitter } from "./jsonStream.ts";

describe("JsonStreamSplitter", () => {
  const split = (chunks: readonly string[]): string[] => {
    const out: string[] = [];
    const s = new JsonStreamSplitter((t) => out.push(t));
    for (const c of chunks) s.push(c);
    return out;
  };

  it("splits values sent back to back, with or without newlines, batches included", () => {
    assert.deepEqual(split(['{"id":1}{"id":2}\n[{"id":3},{"id":4}]\n']), ['{"id":1}', '{"id":2}', '[{"id":3},{"id":4}]']);
  });

  it("joins a value cut anywhere, even inside a string or an escape", () => {
    const msg = JSON.stringify({ id: 1, result: 'a "quoted" } ] { [ \\ text' });
    for (let cut = 1; cut < msg.length; cut++) assert.deepEqual(split([msg.slice(0, cut), msg.slice(cut)]), [msg], `cut at ${cut}`);
  });

  it("keeps a large value cut into many chunks whole (each chunk scanned once)", () => {
    const msg = JSON.stringify({ id: 9, result: "x".repeat(200_000) });
    const chunks: string[] = [];
    for (let i = 0; i < msg.length; i += 1000) chunks.push(msg.slice(i, i + 1000));
    assert.deepEqual(split(chunks), [msg]);
  });
});
