// Entry point (npm run backend): configuration from the environment (plus --config <file>), one
// line and exit 1 when a setting is missing or wrong, then serve until SIGINT/SIGTERM.
import { isAbibindError } from "abibind";
import { createBackend } from "./backend.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { jsonLogger } from "./log.ts";

const log = jsonLogger();
let config;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`abibind backend: ${e.message}\n`);
  process.exit(1);
}

let backend;
try {
  backend = await createBackend(config, log);
} catch (e) {
  // A signer or journal that cannot be opened: the operator's setting is wrong, say which.
  process.stderr.write(`abibind backend: ${isAbibindError(e) ? e.shortMessage : (e as Error).message.split("\n")[0]}\n`);
  process.exit(1);
}
const port = await backend.listen(config.port, config.host).catch((e: NodeJS.ErrnoException) => {
  process.stderr.write(`abibind backend: cannot listen on ${config.host} port ${config.port} (${e.code ?? e.message})\n`);
  process.exit(1);
});
log.log("info", "listening", { host: config.host, port });

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.log("info", "shutting down", { signal, graceMs: config.shutdownMs });
    // The grace period bounds the POSTs; this bounds the rest (closing the node link and the store).
    const force = setTimeout(() => process.exit(1), config.shutdownMs + 10_000);
    force.unref();
    backend.close().then(
      () => {
        log.log("info", "stopped", {});
        process.exit(0);
      },
      (e: unknown) => {
        log.log("error", "unclean stop", { error: (e as Error).message?.split("\n")[0] });
        process.exit(1);
      },
    );
  });
}
