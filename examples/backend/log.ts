// Structured logs: one JSON object per line on stdout (level, msg, fields), for any log shipper.
// Callers pass only what is safe to keep: never keys, passwords or full database URLs.

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return {
    log(level, msg, fields = {}) {
      const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
      write(`${line}\n`);
    },
  };
}
