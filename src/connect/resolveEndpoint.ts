// One endpoint string everywhere: http(s):// → JSON-RPC over HTTP, ws(s):// → WebSocket, and
// anything without a scheme → a filesystem path to an IPC socket (go-ethereum's rpc.Dial rule).
import { EndpointInvalidError } from "../errors/commonErrors.ts";

export type EndpointKind = "http" | "ws" | "ipc";

export interface Endpoint {
  readonly kind: EndpointKind;
  /** The URL or socket path to dial (may hold credentials: never print it). */
  readonly target: string;
  /** The endpoint with credentials and API keys masked: safe for messages and logs. */
  readonly redacted: string;
}

export function resolveEndpoint(endpoint: string): Endpoint {
  const s = endpoint.trim();
  if (s === "") throw new EndpointInvalidError("the RPC endpoint is empty");
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: "ipc", target: s, redacted: s };
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new EndpointInvalidError(`the RPC endpoint ${redactEndpoint(s)} is not a valid URL`);
  }
  if (scheme === "http" || scheme === "https") return { kind: "http", target: url.href, redacted: redactEndpoint(s) };
  if (scheme === "ws" || scheme === "wss") return { kind: "ws", target: url.href, redacted: redactEndpoint(s) };
  if (scheme === "ipc" || scheme === "file") {
    const path = decodeURIComponent(url.pathname);
    return { kind: "ipc", target: path, redacted: path };
  }
  throw new EndpointInvalidError(`the RPC endpoint scheme "${scheme}:" is not supported (use http(s)://, ws(s):// or an IPC socket path)`,
  );
}

// Path segments that look like API keys (Infura, Alchemy, QuickNode…): long runs of key characters.
const KEYLIKE = /^[A-Za-z0-9_-]{16,}$/;

/** Masks user:password, query values and key-like path segments of a URL. */
export function redactEndpoint(endpoint: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(endpoint.trim());
  if (m === null) return endpoint;
  const [, scheme, authority = "", path = "", query, fragment] = m;
  const host = authority.includes("@") ? `***@${authority.slice(authority.lastIndexOf("@") + 1)}` : authority;
  const redactedPath = path
    .split("/")
    .map((seg) => (KEYLIKE.test(seg) && /[0-9]/.test(seg) ? "***" : seg))
    .join("/");
  const redactedQuery =
    query === undefined
      ? ""
      : `?${query
          .slice(1)
          .split("&")
          .map((kv) => (kv.includes("=") ? `${kv.slice(0, kv.indexOf("="))}=***` : kv))
          .join("&")}`;
  return `${scheme}${host}${redactedPath}${redactedQuery}${fragment === undefined ? "" : "#***"}`;
}

/** Replaces every occurrence of the endpoint's secret parts in a message with their redacted form. */
export function redactIn(text: string, endpoint: Endpoint): string {
  if (endpoint.kind === "ipc" || endpoint.target === endpoint.redacted) return text;
  let out = text.split(endpoint.target).join(endpoint.redacted);
  try {
    const u = new URL(endpoint.target);
    for (const secret of [u.password, u.username, ...u.searchParams.values(), ...u.pathname.split("/").filter((s) => KEYLIKE.test(s) && /[0-9]/.test(s))]) {
      if (secret.length >= 4) out = out.split(secret).join("***");
    }
  } catch {
    // target was already validated
  }
  return out;
}
