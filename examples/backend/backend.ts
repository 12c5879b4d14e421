// The service: routing, one error shape, request logs, and the lifecycle of what it holds (the
// node link, the journal store, open event streams, the rebroadcast loop).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { ErrorRegistry, LogDecoder, loadSigner } from "abibind";
import { ChainLink } from "./chain.ts";
import type { BackendConfig } from "./config.ts";
import type { BackendContext } from "./context.ts";
import { toHttpError } from "./errors.ts";
import { HttpError, sendError, sendJson } from "./http.ts";
import type { Logger } from "./log.ts";
import { openStore } from "./openStore.ts";
import { getEvents } from "./routes/events.ts";
import { getHealth } from "./routes/health.ts";
import { streamEvents } from "./routes/stream.ts";
import { getYear, postYear } from "./routes/year.ts";
import { rebroadcastUnsettled } from "./sweep.ts";

export interface Backend {
  readonly server: Server;
  readonly context: BackendContext;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

type Handler = (ctx: BackendContext, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<unknown>;

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  "/health": { GET: (ctx) => getHealth(ctx) },
  "/calldemo/year": { GET: (ctx) => getYear(ctx), POST: (ctx, req) => postYear(ctx, req) },
  "/calldemo/events": { GET: (ctx, _req, _res, url) => getEvents(ctx, url) },
  // Answers itself (a stream): returns undefined.
  "/calldemo/events/stream": { GET: (ctx, req, res, url) => streamEvents(ctx, req, res, url).then(() => undefined) },
};

/** The signer the operator configured, decrypted once at startup; null when none is configured. */
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
  const ctx: BackendContext = {
    config,
    chain: new ChainLink(config.rpc, { ...(config.chainId !== undefined ? { chainId: config.chainId } : {}), timeoutMs: config.rpcTimeoutMs, batchReads: config.batchReads }),
    store,
    signer,
    errors: new ErrorRegistry().add(abi),
    decoder: new LogDecoder([abi]),
    log,
    inflight: new Map(),
    streams: new Set(),
  };
  log.log("info", "backend configured", {
    endpoint: ctx.chain.endpoint,
    address: config.address,
    signer: signer === null ? null : await signer.getAddress(),
    journal: describe,
  });

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = ROUTES[url.pathname];
    const handler = route?.[req.method ?? ""];
    const done = (status: number, extra: Record<string, unknown> = {}): void =>
      log.log(status >= 500 ? "warn" : "info", "request", { method: req.method, path: url.pathname, status, ms: Date.now() - started, ...extra });
    if (handler === undefined) {
      const e =
        route === undefined
          ? new HttpError(404, "NOT_FOUND", `no route ${url.pathname} (routes: ${Object.keys(ROUTES).join(", ")})`)
          : new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${url.pathname}`, { allow: Object.keys(route).join(", ") });
      req.resume();
      sendError(res, e);
      done(e.status);
      return;
    }
    handler(ctx, req, res, url).then(
      (body) => {
        if (body === undefined) return done(200, { stream: true });
        sendJson(res, 200, body);
        done(200);
      },
      (e: unknown) => {
        const { error, internal } = toHttpError(e, ctx.chain.endpoint);
        if (res.headersSent) res.end();
        else sendError(res, error);
        // Messages of abibind errors name endpoints redacted and never hold keys.
        done(error.status, { code: error.code, ...(internal ? { error: (e as Error).message?.split("\n")[0] } : {}) });
      },
    );
  });
  server.keepAliveTimeout = 5000;

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
    async close() {
      clearInterval(sweep);
      await Promise.all([...ctx.streams].map((end) => end()));
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeIdleConnections();
      });
      await Promise.allSettled([...ctx.inflight.values()].map((f) => f.result));
      await ctx.chain.close();
      await store.close();
    },
  };
}
