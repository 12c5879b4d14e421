// The service: routing with each route's access level, one error shape, request logs and
// metrics, socket timeouts, and the lifecycle of what it holds (the node link, the journal store,
// the event hub, the rebroadcast loop) up to a graceful stop.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { ErrorRegistry, LogDecoder, loadSigner } from "abibind";
import { type Access, TokenGuard } from "./auth.ts";
import { ChainLink } from "./chain.ts";
import type { BackendConfig } from "./config.ts";
import type { BackendContext } from "./context.ts";
import { toHttpError } from "./errors.ts";
import { EventHub } from "./eventHub.ts";
import { HttpError, sendError, sendJson } from "./http.ts";
import type { Logger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { openStore } from "./openStore.ts";
import { getEvents } from "./routes/events.ts";
import { getHealth } from "./routes/health.ts";
import { streamEvents } from "./routes/stream.ts";
import { getYear, postYear } from "./routes/year.ts";
import { rebroadcastUnsettled } from "./sweep.ts";

export interface Backend {
  readonly server: Server;
  readonly context: BackendContext;
  listen(port: number, host: string): Promise<number>;
  /**
   * Stops: no new connections or requests, streams ended (clients resume with their last id),
   * POSTs in flight given `graceMs` to finish — those still running then answer 503 SHUTTING_DOWN
   * (their journal entry keeps them resumable by key) — then the node link and the store close.
   */
  close(graceMs?: number): Promise<void>;
}

type Handler = (ctx: BackendContext, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<unknown>;

interface Route {
  readonly access: Access;
  readonly handler: Handler;
  /** Answers itself (a stream or a non-JSON body): the handler resolves undefined. */
  readonly raw?: boolean;
}

/** The operator's signer, decrypted once at startup; null when none is configured. */
async function operatorSigner(config: BackendConfig): Promise<Wallet | null> {
  if (config.keyFile === undefined && config.keystore === undefined) return null;
  const s = await loadSigner(
    config.keyFile !== undefined ? { privateKeyFile: config.keyFile } : { keystore: config.keystore!, passwordFile: config.passwordFile! },
    null,
  );
  return s as Wallet;
}

export async function createBackend(config: BackendConfig, log: Logger): Promise<Backend> {
  const signer = await operatorSigner(config);
  const { store, describe } = await openStore(config);
  const abi = CallDemo__factory.abi;
  const decoder = new LogDecoder([abi]);
  let stopping = false;
  const ctx: BackendContext = {
    config,
    chain: new ChainLink(config.rpc, { ...(config.chainId !== undefined ? { chainId: config.chainId } : {}), timeoutMs: config.rpcTimeoutMs, batchReads: config.batchReads }),
    store,
    signer,
    errors: new ErrorRegistry().add(abi),
    decoder,
    log,
    inflight: new Map(),
    hub: new EventHub({
      address: config.address,
      topics: decoder.topicsFor("YearChanged"),
      decoder,
      pollIntervalMs: config.pollIntervalMs,
      bufferBytes: config.streamBufferBytes,
      log,
    }),
    get stopping() {
      return stopping;
    },
  };
  const metrics = createMetrics(() => ctx);
  const guard = new TokenGuard(config.apiToken, config.apiTokenReads);
  log.log("info", "backend configured", {
    endpoint: ctx.chain.endpoint,
    address: config.address,
    signer: signer === null ? null : await signer.getAddress(),
    journal: describe,
    // Whether a token is set, never the token.
    auth: config.apiToken === undefined ? "none" : config.apiTokenReads ? "token for every route but /health" : "token for POST",
  });
  // Short tokens can be guessed; the operator chose it, so say so rather than refuse.
  if (config.apiToken !== undefined && config.apiToken.length < 16) log.log("warn", "the API token is shorter than 16 characters: use a long random one (openssl rand -hex 32)", {});

  const routes: Record<string, Partial<Record<string, Route>>> = {
    "/health": { GET: { access: "open", handler: (c) => getHealth(c) } },
    "/metrics": {
      GET: {
        access: "read",
        raw: true,
        handler: async (_c, _req, res) => {
          const text = await metrics.registry.metrics();
          res.writeHead(200, { "content-type": metrics.registry.contentType, "content-length": Buffer.byteLength(text) });
          res.end(text);
        },
      },
    },
    "/calldemo/year": { GET: { access: "read", handler: (c) => getYear(c) }, POST: { access: "write", handler: (c, req) => postYear(c, req) } },
    "/calldemo/events": { GET: { access: "read", handler: (c, _req, _res, url) => getEvents(c, url) } },
    "/calldemo/events/stream": { GET: { access: "read", raw: true, handler: (c, req, res, url) => streamEvents(c, req, res, url) } },
  };

  /** Requests being handled, each with the way to answer it 503 when the grace period ends. */
  const handling = new Map<ServerResponse, { readonly work: Promise<void>; readonly late: () => void }>();

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routes[url.pathname]?.[req.method ?? ""];
    const label = routes[url.pathname] !== undefined ? url.pathname : "unmatched";
    const done = (status: number, extra: Record<string, unknown> = {}): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observe(req.method ?? "", label, status, seconds);
      // The path only: a query may hold ?access_token=.
      log.log(status >= 500 ? "warn" : "info", "request", { method: req.method, path: url.pathname, status, ms: Math.round(seconds * 1000), ...extra });
    };
    const fail = (e: unknown): void => {
      const { error, internal } = toHttpError(e, ctx.chain.endpoint);
      if (res.headersSent) res.end();
      else sendError(res, error);
      // Messages of abibind errors name endpoints redacted and never hold keys.
      done(error.status, { code: error.code, ...(internal ? { error: (e as Error).message?.split("\n")[0] } : {}) });
    };
    try {
      if (route === undefined) {
        const methods = routes[url.pathname];
        throw methods === undefined
          ? new HttpError(404, "NOT_FOUND", `no route ${url.pathname} (routes: ${Object.keys(routes).join(", ")})`)
          : new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${url.pathname}`, { allow: Object.keys(methods).join(", ") });
      }
      // Before anything else: nothing is read, simulated, signed or journaled for a stranger.
      guard.check(req, route.access, url.pathname === "/calldemo/events/stream" ? url.searchParams.get("access_token") : null);
      if (stopping) throw new HttpError(503, "SHUTTING_DOWN", "the service is shutting down: retry against another instance or later", { connection: "close", "retry-after": "1" });
    } catch (e) {
      req.resume();
      fail(e);
      return;
    }
    const work = route.handler(ctx, req, res, url).then(
      (body) => {
        if (res.writableEnded || res.destroyed) return; // answered 503 at shutdown, or gone
        if (route.raw === true) return done(res.statusCode, url.pathname.endsWith("/stream") ? { stream: true } : {});
        sendJson(res, 200, body);
        done(200);
      },
      (e: unknown) => {
        if (res.writableEnded || res.destroyed) return;
        fail(e);
      },
    );
    const late = (): void => {
      if (res.headersSent) res.destroy();
      else fail(new HttpError(503, "SHUTTING_DOWN", "the service stopped before this request finished: retry with the same Idempotency-Key for its outcome", { connection: "close", "retry-after": "1" }));
    };
    handling.set(res, { work, late });
    void work.finally(() => handling.delete(res));
  });
  // Sockets that never finish a request, or idle between requests, are closed: thousands of
  // them must not starve the service (Node's defaults wait 60 s for headers, 300 s for a request).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  // Background: put out again journaled sends whose broadcast may have been lost.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping || signer === null) return;
    sweeping = true;
    ctx.chain
      .client()
      .then((c) => rebroadcastUnsettled(store, c.provider, "calldemo.setYear:"))
      .then((n) => n > 0 && log.log("info", "rebroadcast journaled transactions", { count: n }))
      .catch(() => undefined)
      .finally(() => (sweeping = false));
  }, config.sweepIntervalMs);
  sweep.unref();

  return {
    server,
    context: ctx,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      });
    },
    async close(graceMs = config.shutdownMs) {
      stopping = true;
      clearInterval(sweep);
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await ctx.hub.close();
      // Streams are done; what remains are requests being answered (POSTs waiting for receipts).
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"late">((r) => (timer = setTimeout(() => r("late"), graceMs)));
      const finished = await Promise.race([Promise.allSettled([...handling.values()].map((h) => h.work)).then(() => "done" as const), graceOver]);
      clearTimeout(timer);
      if (finished === "late") for (const h of [...handling.values()]) h.late();
      server.closeAllConnections();
      await closed;
      await ctx.chain.close();
      await store.close().catch(() => undefined);
    },
  };
}
