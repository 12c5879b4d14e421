// Starts a real anvil on a free port (HTTP and WS on that port, plus an IPC socket) and stops it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NODE_MODULES = new URL("../../node_modules/", import.meta.url).pathname;
const ARCH: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64" };
/**
 * The anvil binary itself, not npm's wrapper (node_modules/.bin/anvil): on SIGTERM the wrapper
 * forwards the signal and exits at once, before anvil has written its --state file and freed its
 * port, so a stop would return while the node is still going.
 */
export const ANVIL_BIN =
  [join(NODE_MODULES, `@foundry-rs/anvil-${process.platform}-${ARCH[process.arch] ?? process.arch}/bin/anvil`)].find((p) => existsSync(p)) ??
  join(NODE_MODULES, ".bin/anvil");
/** anvil's default first account (mnemonic "test test … junk"): a public test key. */
export const ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Anvil {
  readonly port: number;
  readonly http: string;
  readonly ws: string;
  readonly ipc: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export interface AnvilOptions {
  readonly args?: readonly string[];
  readonly port?: number;
  readonly dir?: string;
}

export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  // Short path: unix socket paths are limited to ~107 bytes.
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "ab-"));
  const ipc = join(dir, "a.ipc");
  const child = spawn(ANVIL_BIN, ["--port", String(port), "--host", "127.0.0.1", "--ipc", ipc, ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const http = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}): ${out}`);
    try {
      const res = await fetch(http, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`anvil did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    }
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  };
  return { port, http, ws: `ws://127.0.0.1:${port}`, ipc, dir, process: child, stop };
}

/** A raw JSON-RPC call, for tests that must not depend on the code under test. */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const msg = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (msg.error) throw new Error(msg.error.message);
  return msg.result;
}
