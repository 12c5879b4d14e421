// One JSON-RPC request over a fresh connection, with a hard deadline: how abibind learns
// whether an endpoint answers (and its chain id) before handing it to an ethers provider,
// which would otherwise retry network detection forever.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createConnection } from "node:net";
import { AbibindError } from "../errors/AbibindError.ts";
import { type Endpoint, redactIn } from "./resolveEndpoint.ts";

export async function probeEndpoint(endpoint: Endpoint, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  let text: string;
  try {
    text = await withDeadline(send(endpoint, body, timeoutMs), timeoutMs, endpoint);
  } catch (e) {
    if (e instanceof AbibindError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? (e as { cause?: NodeJS.ErrnoException }).cause?.code;
    const why = code ?? (e as Error).message;
    throw new AbibindError("ENDPOINT_UNREACHABLE", `cannot reach the RPC endpoint ${endpoint.redacted} (${redactIn(String(why), endpoint)})`);
  }
  let msg: { result?: unknown; error?: { code?: number; message?: string } };
  try {
    msg = JSON.parse(text) as typeof msg;
  } catch {
    throw new AbibindError("RPC_ERROR", `the RPC endpoint ${endpoint.redacted} did not answer with JSON-RPC`);
  }
  if (msg.error !== undefined) {
    throw new AbibindError("RPC_ERROR", `the RPC endpoint ${endpoint.redacted} answered ${method} with error ${msg.error.code ?? ""}: ${redactIn(String(msg.error.message ?? ""), endpoint)}`);
  }
  return msg.result;
}

function withDeadline<T>(p: Promise<T>, ms: number, endpoint: Endpoint): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AbibindError("TIMEOUT", `the RPC endpoint ${endpoint.redacted} did not answer within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

async function send(endpoint: Endpoint, body: string, timeoutMs: number): Promise<string> {
  if (endpoint.kind === "http") {
    // node:http rather than fetch: fetch refuses the "bad ports" of the Fetch standard.
    const { status, text } = await sendHttp(endpoint.target, body, timeoutMs);
    if ((status < 200 || status >= 300) && !text.trimStart().startsWith("{")) {
      throw new AbibindError(status === 429 ? "RATE_LIMITED" : "RPC_ERROR", `the RPC endpoint ${endpoint.redacted} answered HTTP ${status}`);
    }
    return text;
  }
  if (endpoint.kind === "ws") return sendWs(endpoint.target, body);
  return sendIpc(endpoint.target, body);
}

function sendIpc(path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    let buf = "";
    sock.setEncoding("utf8");
    sock.on("connect", () => sock.write(body));
    sock.on("data", (chunk: string) => {
      buf += chunk;
      try {
        JSON.parse(buf);
        sock.destroy();
        resolve(buf);
      } catch {
        // partial message: wait for more
      }
    });
    sock.on("error", reject);
    sock.on("close", () => reject(Object.assign(new Error("connection closed"), { code: "ECONNRESET" })));
    sock.unref();
  });
}

function sendWs(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.addEventListener("open", () => ws.send(body));
    ws.addEventListener("message", (ev) => {
      resolve(String(ev.data));
      ws.close();
    });
    ws.addEventListener("error", () => reject(Object.assign(new Error("WebSocket error"), { code: "ECONNREFUSED" })));
    ws.addEventListener("close", () => reject(Object.assign(new Error("connection closed"), { code: "ECONNRESET" })));
  });
}

function sendHttp(url: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith("https:") ? httpsRequest : httpRequest)(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(body);
  });
}
