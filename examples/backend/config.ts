// The service's settings: the environment (exactly the names of the README), to which a JSON
// config file (--config <file>) may add what the environment leaves unset. Everything is checked
// here, once, so a bad setting stops the service at startup with one line naming it.
import { readFileSync } from "node:fs";
import { getAddress, isAddress } from "ethers";
import { resolveEndpoint } from "abibind";

export interface BackendConfig {
  /** The node endpoint, as given (may hold credentials: log only its redacted form). */
  readonly rpc: string;
  readonly chainId?: bigint;
  /** The CallDemo contract, checksummed. */
  readonly address: string;
  readonly keyFile?: string;
  readonly keystore?: string;
  readonly passwordFile?: string;
  /** SQLite journal file (one process), used when databaseUrl is absent. */
  readonly journal: string;
  /** PostgreSQL shared by several replicas (may hold a password: never logged). */
  readonly databaseUrl?: string;
  readonly port: number;
  /** The interface to listen on (default 127.0.0.1). */
  readonly host: string;
  /** The API token (read from ABIBIND_API_TOKEN_FILE): a secret, never logged. */
  readonly apiToken?: string;
  /** The token also guards reads, the stream and /metrics (ABIBIND_API_TOKEN_READS=1). */
  readonly apiTokenReads: boolean;
  /** Bytes a stream client may have queued before it is disconnected (ABIBIND_STREAM_BUFFER). */
  readonly streamBufferBytes: number;
  /** Open event streams at most (ABIBIND_MAX_STREAMS). */
  readonly maxStreams: number;
  /** How long SIGTERM lets in-flight POSTs finish (ABIBIND_SHUTDOWN_MS). */
  readonly shutdownMs: number;
  /** Config-file only tuning. */
  readonly rpcTimeoutMs: number;
  readonly txTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly sweepIntervalMs: number;
  /** Fold concurrent reads into Multicall3 / JSON-RPC batches (default true; false only to measure the difference). */
  readonly batchReads: boolean;
}

/** A setting that is missing or wrong: the entry point prints its message as one line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

// Environment name → config-file key.
const NAMES = {
  ABIBIND_RPC: "rpc",
  ABIBIND_CHAIN_ID: "chainId",
  ABIBIND_ADDRESS: "address",
  ABIBIND_KEY_FILE: "keyFile",
  ABIBIND_KEYSTORE: "keystore",
  ABIBIND_PASSWORD_FILE: "passwordFile",
  ABIBIND_JOURNAL: "journal",
  ABIBIND_DATABASE_URL: "databaseUrl",
  PORT: "port",
  HOST: "host",
  ABIBIND_API_TOKEN_FILE: "apiTokenFile",
  ABIBIND_API_TOKEN_READS: "apiTokenReads",
  ABIBIND_STREAM_BUFFER: "streamBuffer",
  ABIBIND_MAX_STREAMS: "maxStreams",
  ABIBIND_SHUTDOWN_MS: "shutdownMs",
} as const;
const TUNING = ["rpcTimeoutMs", "txTimeoutMs", "pollIntervalMs", "sweepIntervalMs"] as const;

function readFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read the config file ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ConfigError(`the config file ${path} is not valid JSON`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ConfigError(`the config file ${path} must hold a JSON object`);
  const known = new Set<string>([...Object.values(NAMES), ...TUNING, "batchReads"]);
  const unknown = Object.keys(v).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new ConfigError(`the config file ${path} has unknown keys: ${unknown.join(", ")} (known: ${[...known].join(", ")})`);
  return v as Record<string, unknown>;
}

/** The API token from its file: one line of visible ASCII (a trailing newline allowed). */
function readToken(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read ABIBIND_API_TOKEN_FILE ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const token = text.replace(/\r?\n$/, "");
  // The file's content is never echoed: it is a secret even when malformed.
  if (!/^[\x21-\x7e]{1,4096}$/.test(token)) throw new ConfigError(`ABIBIND_API_TOKEN_FILE ${path} must hold one token: 1 to 4096 visible ASCII characters on one line`);
  return token;
}

/** Loopback: 127.0.0.0/8, ::1 (also as ::ffff:127.x) and the name localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4[1] === "127" && v4.slice(2).every((o) => Number(o) <= 255);
}

function integer(name: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not "${v}"`);
  return Number(v);
}

/** The configuration from `env` and the `--config <file>` of `argv`; throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): BackendConfig {
  let file: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--config" || a.startsWith("--config=")) {
      const path = a === "--config" ? argv[++i] : a.slice("--config=".length);
      if (path === undefined || path === "") throw new ConfigError("--config needs a file path");
      file = readFile(path);
    } else throw new ConfigError(`unknown argument "${a}" (the only one is --config <file>; settings come from the environment)`);
  }
  const get = (name: keyof typeof NAMES): string | undefined => {
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
    const v = file[NAMES[name]];
    return v === undefined || v === null ? undefined : String(v);
  };
  const missing = (["ABIBIND_RPC", "ABIBIND_ADDRESS"] as const).filter((n) => get(n) === undefined);
  if (missing.length > 0) throw new ConfigError(`missing setting${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} (set ${missing.length > 1 ? "them" : "it"} in the environment or the --config file)`);

  try {
    resolveEndpoint(get("ABIBIND_RPC")!);
  } catch (e) {
    // The SDK's message names the endpoint redacted.
    throw new ConfigError(`ABIBIND_RPC: ${(e as { shortMessage?: string }).shortMessage ?? (e as Error).message.split("\n")[0]}`);
  }
  const address = get("ABIBIND_ADDRESS")!;
  if (!isAddress(address)) throw new ConfigError(`ABIBIND_ADDRESS must be an address, not "${address}"`);
  const chainId = get("ABIBIND_CHAIN_ID");
  if (chainId !== undefined && !/^\d+$/.test(chainId)) throw new ConfigError(`ABIBIND_CHAIN_ID must be a decimal integer, not "${chainId}"`);
  const keyFile = get("ABIBIND_KEY_FILE");
  const keystore = get("ABIBIND_KEYSTORE");
  const passwordFile = get("ABIBIND_PASSWORD_FILE");
  if (keyFile !== undefined && keystore !== undefined) throw new ConfigError("set ABIBIND_KEY_FILE or ABIBIND_KEYSTORE, not both");
  if (keystore !== undefined && passwordFile === undefined) throw new ConfigError("ABIBIND_KEYSTORE needs ABIBIND_PASSWORD_FILE (a service cannot prompt for a password)");
  if (passwordFile !== undefined && keystore === undefined) throw new ConfigError("ABIBIND_PASSWORD_FILE goes with ABIBIND_KEYSTORE");
  const tuning = (k: (typeof TUNING)[number], dflt: number): number => (file[k] === undefined ? dflt : integer(k, String(file[k]), 1, 3_600_000));
  if (file.batchReads !== undefined && typeof file.batchReads !== "boolean") throw new ConfigError("batchReads must be true or false");
  const databaseUrl = get("ABIBIND_DATABASE_URL");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError("ABIBIND_DATABASE_URL must be a postgres:// URL");
  const host = get("HOST") ?? "127.0.0.1";
  const tokenFile = get("ABIBIND_API_TOKEN_FILE");
  const apiToken = tokenFile !== undefined ? readToken(tokenFile) : undefined;
  const readsRaw = get("ABIBIND_API_TOKEN_READS");
  if (readsRaw !== undefined && !["0", "1", "true", "false"].includes(readsRaw)) throw new ConfigError(`ABIBIND_API_TOKEN_READS must be 1 or 0, not "${readsRaw}"`);
  const reads = readsRaw === "1" || readsRaw === "true" ? "1" : "0";
  if (reads === "1" && apiToken === undefined) throw new ConfigError("ABIBIND_API_TOKEN_READS=1 needs ABIBIND_API_TOKEN_FILE (the token that guards reads)");
  // Anyone who can reach the port could spend the signer's gas: off loopback, a signer needs a token.
  if ((keyFile !== undefined || keystore !== undefined) && apiToken === undefined && !isLoopback(host)) {
    throw new ConfigError(`HOST ${host} is not a loopback address and the service has a signer: set ABIBIND_API_TOKEN_FILE so only its owner can send, or listen on 127.0.0.1`);
  }

  return {
    rpc: get("ABIBIND_RPC")!,
    ...(chainId !== undefined ? { chainId: BigInt(chainId) } : {}),
    address: getAddress(address),
    ...(keyFile !== undefined ? { keyFile } : {}),
    ...(keystore !== undefined ? { keystore } : {}),
    ...(passwordFile !== undefined ? { passwordFile } : {}),
    journal: get("ABIBIND_JOURNAL") ?? "abibind-journal.db",
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    port: integer("PORT", get("PORT") ?? "3000", 0, 65535),
    host,
    ...(apiToken !== undefined ? { apiToken } : {}),
    apiTokenReads: reads === "1",
    streamBufferBytes: integer("ABIBIND_STREAM_BUFFER", get("ABIBIND_STREAM_BUFFER") ?? String(1 << 20), 1, 1 << 30),
    maxStreams: integer("ABIBIND_MAX_STREAMS", get("ABIBIND_MAX_STREAMS") ?? "1000", 1, 1_000_000),
    shutdownMs: integer("ABIBIND_SHUTDOWN_MS", get("ABIBIND_SHUTDOWN_MS") ?? "10000", 0, 3_600_000),
    rpcTimeoutMs: tuning("rpcTimeoutMs", 5000),
    txTimeoutMs: tuning("txTimeoutMs", 120_000),
    pollIntervalMs: tuning("pollIntervalMs", 1000),
    sweepIntervalMs: tuning("sweepIntervalMs", 5000),
    batchReads: file.batchReads !== false,
  };
}
