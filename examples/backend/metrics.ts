// GET /metrics in the Prometheus text format, through prom-client (the ecosystem's client; a
// dependency of this example only). Counters and histograms are updated as requests finish;
// gauges that mirror state (journal entries, open streams, watcher lag, node round trips) are read
// when Prometheus scrapes, so they cost nothing between scrapes.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { JOURNAL_TABLE, type JournalEntry } from "abibind";
import type { BackendContext } from "./context.ts";

export interface Metrics {
  readonly registry: Registry;
  /** Records one finished request. `route` is the route's path (or "unmatched"), never the raw URL. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

const JOURNAL_STATES = ["reserved", "signed", "pending", "mined", "failed", "replaced", "dropped"] as const;

export function createMetrics(ctx: () => BackendContext): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "abibind_backend_" });
  const requests = new Counter({
    name: "abibind_backend_http_requests_total",
    help: "HTTP requests answered, by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "abibind_backend_http_request_duration_seconds",
    help: "Time to answer an HTTP request (for a stream: until it is live, after any replay), by method and route.",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [registry],
  });
  new Counter({
    name: "abibind_backend_node_round_trips_total",
    help: "JSON-RPC round trips sent to the Ethereum node (a batch or a Multicall3 call counts once).",
    registers: [registry],
    collect() {
      const c = ctx().chain.connected;
      this.reset();
      if (c !== null) this.inc(c.requests);
    },
  });
  new Gauge({
    name: "abibind_backend_journal_entries",
    help: "Entries of the transaction journal, by state.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const counts = new Map<string, number>(JOURNAL_STATES.map((s) => [s, 0]));
      const entries = await ctx().store.list<JournalEntry>(JOURNAL_TABLE, { prefix: "calldemo." });
      for (const { value } of entries) counts.set(value.state, (counts.get(value.state) ?? 0) + 1);
      for (const [state, n] of counts) this.set({ state }, n);
    },
  });
  new Gauge({
    name: "abibind_backend_open_streams",
    help: "Open event streams (GET /calldemo/events/stream).",
    registers: [registry],
    collect() {
      this.set(ctx().hub.size);
    },
  });
  new Counter({
    name: "abibind_backend_stream_slow_disconnects_total",
    help: "Stream clients disconnected because they let more than ABIBIND_STREAM_BUFFER bytes queue up.",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(ctx().hub.slowDisconnects);
    },
  });
  new Gauge({
    name: "abibind_backend_watcher_lag_blocks",
    help: "Blocks between the node's head and the last block the event watcher delivered (absent until a stream started it).",
    registers: [registry],
    async collect() {
      const { hub, chain } = ctx();
      const next = hub.nextBlock;
      const client = chain.connected;
      this.reset();
      if (next === null || client === null) return;
      const head = await client.provider.getBlockNumber().catch(() => null);
      if (head !== null) this.set(Math.max(0, head - (next - 1)));
    },
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
  };
}
