// What the backend tests share: a chain with Multicall3 and CallDemo on it, the service started
// as a real process (`node examples/backend/server.ts`), HTTP helpers and a server-sent-events reader.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { JsonRpcProvider, Network, Wallet } from "ethers";
import { CallDemo__factory } from "../../generated/index.js";
import { MULTICALL3_ADDRESS } from "../../src/connect/readBatcher.ts";
import { ANVIL_KEY_0, type Anvil, freePort, rpc } from "../helpers/anvil.ts";
import { MULTICALL3_RUNTIME } from "../helpers/multicall3.ts";
import { NODE, ROOT } from "../helpers/run.ts";

export const FROM = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/** Puts Multicall3 at its canonical address and deploys CallDemo; returns its address. */
export async function deployCallDemo(anvil: Anvil): Promise<string> {
  await rpc(anvil.http, "anvil_setCode", [MULTICALL3_ADDRESS, MULTICALL3_RUNTIME]);
  const provider = new JsonRpcProvider(anvil.http, Network.from(31337), { staticNetwork: true });
  try {
    const c = await new CallDemo__factory(new Wallet(ANVIL_KEY_0, provider)).deploy();
    await c.waitForDeployment();
    return await c.getAddress();
  } finally {
    provider.destroy();
  }
}

/** A key file holding anvil's first (public, test-only) key. */
export function keyFile(dir: string): string {
  const path = join(dir, "key");
  writeFileSync(path, ANVIL_KEY_0);
  return path;
}

export interface Service {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the service with exactly `env` (plus PATH) and waits for its "listening" log line. */
export async function startService(env: Record<string, string>, args: readonly string[] = []): Promise<Service> {
  const port = env.PORT !== undefined ? Number(env.PORT) : await freePort();
  // The example imports "abibind" by name, as a user's service does: here, the sources.
  const child = spawn(NODE, ["--conditions=abibind-source", join(ROOT, "examples/backend/server.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!out.includes('"msg":"listening"')) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}): ${out}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the service did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => out,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export async function http(method: string, url: string, options: { body?: string | object; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const res = await fetch(url, { method, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers }, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text, the assertion will show it
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export interface SseEvent {
  readonly id: string | undefined;
  readonly data: any;
}

/** Reads a server-sent-events stream into `events` until `close()`. */
export async function openStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; events: SseEvent[]; readonly ended: boolean; close(): void; waitFor(n: number, ms?: number): Promise<SseEvent[]> }> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const events: SseEvent[] = [];
  let ended = false;
  if (res.ok && res.body !== null) {
    void (async () => {
      const decoder = new TextDecoder();
      let buf = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          for (let i = buf.indexOf("\n\n"); i !== -1; i = buf.indexOf("\n\n")) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let id: string | undefined;
            const data: string[] = [];
            for (const line of block.split("\n")) {
              if (line.startsWith("id: ")) id = line.slice(4);
              else if (line.startsWith("data: ")) data.push(line.slice(6));
            }
            if (data.length > 0) events.push({ id, data: JSON.parse(data.join("\n")) });
          }
        }
      } catch {
        // aborted
      }
      ended = true;
    })();
  } else await res.text().catch(() => undefined);
  return {
    status: res.status,
    events,
    get ended() {
      return ended;
    },
    close: () => ac.abort(),
    async waitFor(n, ms = 15_000) {
      const end = Date.now() + ms;
      while (events.length < n) {
        if (Date.now() > end) throw new Error(`expected ${n} events, got ${events.length}; the last: ${JSON.stringify(events.slice(-2)).slice(0, 600)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return events;
    },
  };
}

export async function nonceOf(anvil: Anvil, tag = "latest"): Promise<number> {
  return Number(BigInt(await rpc(anvil.http, "eth_getTransactionCount", [FROM, tag])));
}

/** Polls `fn` every 50 ms until it gives a value (errors count as "not yet"); fails naming `what` after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve(fn()).catch(() => null);
    if (v !== null && v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
