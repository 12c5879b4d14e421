import { AbibindError } from "./AbibindError.ts";

/** The endpoint is on another chain than the one asked for (at connect, after a reconnect, or for a watcher). */
export class ChainMismatchError extends AbibindError {
  override name = "ChainMismatchError";
  readonly expected: bigint;
  readonly actual: bigint;
  constructor(endpoint: string, expected: bigint, actual: bigint) {
    super("CHAIN_MISMATCH", `the RPC endpoint ${endpoint} is on chain ${actual}, expected chain ${expected}`);
    this.expected = expected;
    this.actual = actual;
  }
}
