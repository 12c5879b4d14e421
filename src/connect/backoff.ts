// How long to wait before trying again, in one place: every retry loop that talks to a node (HTTP
// retries, socket reconnects, log-scan chunks, the watcher) waits by these rules. Exponential with
// jitter, so that many clients cut off at once do not come back in step; a server's Retry-After
// wins when it asks for longer.

export interface BackoffPolicy {
  /** The first wait (attempt 0), doubled per attempt. */
  readonly baseMs: number;
  /** The longest wait the policy chooses by itself (Retry-After may ask for more). */
  readonly maxMs: number;
}

/** The wait before retry number `attempt` (0-based): base·2^attempt, capped, with ±25 % jitter. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.baseMs * 2 ** Math.min(attempt, 30), policy.maxMs);
  return exp * (0.75 + random() / 2);
}

/** A Retry-After header value in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | number | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before retry `attempt`: the backoff, or longer when the server asked (Retry-After), up to `ceilingMs`. */
export function retryDelay(attempt: number, policy: BackoffPolicy, retryAfterMs: number | undefined, ceilingMs = 60_000): number {
  const own = backoffDelay(attempt, policy);
  return retryAfterMs === undefined ? own : Math.min(Math.max(own, retryAfterMs), Math.max(ceilingMs, own));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
