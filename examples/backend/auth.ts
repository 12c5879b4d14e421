// Who may call: with ABIBIND_API_TOKEN_FILE set, a POST (and with ABIBIND_API_TOKEN_READS=1 every
// route but /health) needs `Authorization: Bearer <token>` (RFC 6750). The check runs before
// anything else — no body is read, nothing simulated, signed or journaled for a stranger — and
// compares digests in constant time, so the answer's timing says nothing about the token.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http.ts";

export type Access = "open" | "read" | "write";

export class TokenGuard {
  readonly #digest: Buffer | null;
  readonly #reads: boolean;

  constructor(token: string | undefined, guardReads: boolean) {
    this.#digest = token === undefined ? null : digest(token);
    this.#reads = guardReads;
  }

  /**
   * Throws 401 UNAUTHORIZED unless the request may have `access`. `queryToken` is the stream's
   * `?access_token=` (EventSource cannot send headers); other routes take only the header.
   */
  check(req: IncomingMessage, access: Access, queryToken?: string | null): void {
    if (this.#digest === null || access === "open" || (access === "read" && !this.#reads)) return;
    const header = req.headers.authorization;
    const presented = header !== undefined ? /^Bearer ([\x21-\x7e]+)$/i.exec(header)?.[1] : (queryToken ?? undefined);
    if (presented === undefined) {
      throw new HttpError(401, "UNAUTHORIZED", "this route needs Authorization: Bearer <token>", { "www-authenticate": 'Bearer realm="abibind"' });
    }
    if (!timingSafeEqual(digest(presented), this.#digest)) {
      throw new HttpError(401, "UNAUTHORIZED", "the bearer token is not valid", { "www-authenticate": 'Bearer realm="abibind", error="invalid_token"' });
    }
  }
}

// Equal-length digests: timingSafeEqual needs equal lengths, and the token's length stays hidden.
const digest = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();
