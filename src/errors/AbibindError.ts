// The one error base of abibind. Callers branch on `code` (a closed union), never on message text.

export const ABIBIND_ERROR_CODES = [
  "USAGE",
  "INVALID_INPUT",
  "INVALID_ABI",
  "CODEGEN_STALE",
  "CODEGEN_WRITE",
  "BINDING_FORMAT",
  "ENDPOINT_INVALID",
  "ENDPOINT_UNREACHABLE",
  "TIMEOUT",
  "RATE_LIMITED",
  "RPC_ERROR",
  "CHAIN_MISMATCH",
  "NO_CONTRACT",
  "INVALID_ADDRESS",
  "FUNCTION_NOT_FOUND",
  "INVALID_ARGUMENT",
  "CONTRACT_REVERT",
  "TRANSACTION_FAILED",
  "NO_SIGNER",
  "KEY_FILE",
  "KEYSTORE_DECRYPT",
  "KEYSTORE_KDF",
  "NONCE",
  "JOURNAL",
  "IDEMPOTENCY_CONFLICT",
  "LOGS_INCOMPLETE",
  "LOG_DECODE",
  "MISSING_DEPENDENCY",
] as const;

/** Stable error codes: switch on these, never on message text. */
export type AbibindErrorCode = (typeof ABIBIND_ERROR_CODES)[number];

export interface AbibindErrorOptions {
  readonly details?: string;
  readonly cause?: unknown;
}

export class AbibindError extends Error {
  override name = "AbibindError";
  readonly code: AbibindErrorCode;
  /** The message without details: one line, fit for a CLI. */
  readonly shortMessage: string;
  readonly details: string | undefined;

  // Protected: every error is thrown as the subclass of its code, so `instanceof` is as reliable as `code`.
  protected constructor(code: AbibindErrorCode, shortMessage: string, options: AbibindErrorOptions = {}) {
    super(options.details === undefined ? shortMessage : `${shortMessage}\n\nDetails: ${options.details}`, {
      cause: options.cause,
    });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }

  /** The deepest cause (or the first one `fn` accepts). */
  walk(fn?: (e: unknown) => boolean): unknown {
    let e: unknown = this;
    while (e instanceof Error && e.cause !== undefined) {
      if (fn?.(e) === true) return e;
      e = e.cause;
    }
    return fn === undefined || fn(e) ? e : null;
  }
}

export function isAbibindError<C extends AbibindErrorCode>(e: unknown, code?: C): e is AbibindError & { code: C } {
  return e instanceof AbibindError && (code === undefined || e.code === code);
}

/** A mistake in what the user asked for (arguments, files): the CLI prints it as one line, no stack. */
export class UsageError extends AbibindError {
  override name = "UsageError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("USAGE", message, options);
  }
}
