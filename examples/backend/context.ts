// What every route needs, built once at startup by createBackend.
import type { Wallet } from "ethers";
import type { ErrorRegistry, LogDecoder, Store } from "abibind";
import type { ChainLink } from "./chain.ts";
import type { EventHub } from "./eventHub.ts";
import type { BackendConfig } from "./config.ts";
import type { Logger } from "./log.ts";

export interface SetYearResult {
  readonly transactionHash: string;
  readonly blockNumber: string;
  readonly status: string;
  readonly year: string;
}

export interface BackendContext {
  readonly config: BackendConfig;
  readonly chain: ChainLink;
  readonly store: Store;
  /** The operator's key, not connected to a provider (connected per request); null: no signer configured. */
  readonly signer: Wallet | null;
  readonly errors: ErrorRegistry;
  readonly decoder: LogDecoder;
  readonly log: Logger;
  /** Sends in flight in this process, by journal key: a repeat joins the first instead of polling the journal. */
  readonly inflight: Map<string, { readonly year: bigint; readonly result: Promise<SetYearResult> }>;
  /** The one event watcher, fanned out to every stream. */
  readonly hub: EventHub;
  /** Set by SIGTERM: new work is refused with 503 SHUTTING_DOWN. */
  readonly stopping: boolean;
}
