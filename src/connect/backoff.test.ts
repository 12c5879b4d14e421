import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backoffDelay, parseRetryAfter, retryDelay, sleep } from "./backoff.ts";

describe("backoff", () => {
  const policy = { baseMs: 100, maxMs: 2000 };

  it("doubles per attempt up to the cap, within ±25 % jitter", () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 40].map((a) => backoffDelay(a, policy, () => 0.5)), [100, 200, 400, 800, 1600, 2000, 2000]);
    assert.equal(backoffDelay(2, policy, () => 0), 300);
    assert.equal(backoffDelay(2, policy, () => 1), 500);
  });

  it("reads Retry-After as delta seconds or an HTTP date", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    assert.equal(parseRetryAfter("3", now), 3000);
    assert.equal(parseRetryAfter("1.5", now), 1500);
    assert.equal(parseRetryAfter("Thu, 03 Dec 2026 12:00:07 GMT", now), 7000);
    assert.equal(parseRetryAfter("Thu, 03 Dec 2026 11:00:00 GMT", now), 0);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it("waits as long as the server asked when that is longer, up to the ceiling", () => {
    assert.equal(retryDelay(0, policy, 5000), 5000);
    assert.equal(retryDelay(0, policy, 600_000, 60_000), 60_000);
    assert.ok(retryDelay(0, policy, undefined) <= 125);
  });

  it("sleeps, and stops sleeping when the signal aborts", async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const p = sleep(10_000, ac.signal);
    ac.abort(new Error("stop"));
    await assert.rejects(p, /stop/);
    assert.ok(Date.now() - t0 < 1000);
  });
});
