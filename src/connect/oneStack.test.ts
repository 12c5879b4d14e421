// One stack talks to Ethereum nodes: only src/connect/ opens connections (HTTP requests, WebSocket,
// IPC sockets). Everything else — events, transactions, the CLI, the example backend — runs on
// connect()'s client, so reconnects, deadlines, 429 handling and redaction exist once.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";

const ROOT = new URL("../../", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(p);
    return /\.(c|m)?ts$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

// What a server may import from the network modules: serving is not talking to a node.
const SERVER_NAMES = new Set(["createServer", "Server", "IncomingMessage", "ServerResponse", "Socket", "AddressInfo", "OutgoingHttpHeaders", "IncomingHttpHeaders"]);

describe("one network stack", () => {
  it("only src/connect/ opens connections to nodes", () => {
    const offenders: string[] = [];
    for (const file of [...sources("src"), ...sources("examples")]) {
      if (file.startsWith(`src${"/"}connect/`)) continue;
      const text = readFileSync(join(ROOT, file), "utf8");
      const where = relative(ROOT, join(ROOT, file));
      for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+"(node:(?:net|http|https|http2|tls)|ws|undici)"/g)) {
        if (m[1] !== undefined) continue;
        const names = m[2]!.split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!).filter((n) => n !== "");
        const typeOnly = m[2]!.split(",").map((n) => n.trim()).filter((n) => n !== "" && !n.startsWith("type "));
        for (const n of names) if (!SERVER_NAMES.has(n) && typeOnly.some((t) => t.split(/\s+as\s+/)[0] === n)) offenders.push(`${where}: imports ${n} from ${m[3]}`);
      }
      if (/import\s+\*\s+as\s+\w+\s+from\s+"node:(net|http|https|tls)"/.test(text)) offenders.push(`${where}: imports a network module whole`);
      if (/\bnew WebSocket\(/.test(text)) offenders.push(`${where}: opens a WebSocket`);
      if (/(^|[^.\w])fetch\(/m.test(text)) offenders.push(`${where}: calls fetch()`);
      if (/\b(JsonRpcProvider|WebSocketProvider|IpcSocketProvider)\b/.test(text)) offenders.push(`${where}: uses an ethers provider of its own`);
    }
    assert.deepEqual(offenders, []);
  });
});
