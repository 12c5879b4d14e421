// One class per error code whose errors carry no context beyond their message. Errors with
// context (ChainMismatchError's chains, ContractRevertError's decoded reason, …) live beside the
// concept they describe; every code of the closed union has exactly one class
// (src/errors/errors.test.ts checks it), so `instanceof` is as reliable as `code`.
import { AbibindError, type AbibindErrorOptions } from "./AbibindError.ts";

/** A value given to a library call is malformed. */
export class InvalidInputError extends AbibindError {
  override name = "InvalidInputError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("INVALID_INPUT", message, options);
  }
}

/** The endpoint string is not http(s)://, ws(s):// or a path. */
export class EndpointInvalidError extends AbibindError {
  override name = "EndpointInvalidError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("ENDPOINT_INVALID", message, options);
  }
}

/** The node cannot be reached (refused, reset, socket missing). */
export class EndpointUnreachableError extends AbibindError {
  override name = "EndpointUnreachableError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("ENDPOINT_UNREACHABLE", message, options);
  }
}

/** No answer within the deadline (for a send: outcome unknown). */
export class TimeoutError extends AbibindError {
  override name = "TimeoutError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("TIMEOUT", message, options);
  }
}

/** The endpoint kept answering 429 past the deadline. */
export class RateLimitedError extends AbibindError {
  override name = "RateLimitedError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("RATE_LIMITED", message, options);
  }
}

/** The node answered with an error, or not with JSON-RPC. */
export class RpcError extends AbibindError {
  override name = "RpcError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("RPC_ERROR", message, options);
  }
}

/** An address string is malformed or badly checksummed. */
export class InvalidAddressError extends AbibindError {
  override name = "InvalidAddressError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("INVALID_ADDRESS", message, options);
  }
}

/** No such function, event or error, or an ambiguous name (candidates listed). */
export class FunctionNotFoundError extends AbibindError {
  override name = "FunctionNotFoundError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("FUNCTION_NOT_FOUND", message, options);
  }
}

/** An argument does not fit its ABI type. */
export class InvalidArgumentError extends AbibindError {
  override name = "InvalidArgumentError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("INVALID_ARGUMENT", message, options);
  }
}

/** No signer given, or the node does not manage the account. */
export class NoSignerError extends AbibindError {
  override name = "NoSignerError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("NO_SIGNER", message, options);
  }
}

/** A key or keystore file is unreadable or malformed. */
export class KeyFileError extends AbibindError {
  override name = "KeyFileError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("KEY_FILE", message, options);
  }
}

/** Wrong password or corrupted keystore (MAC mismatch). */
export class KeystoreDecryptError extends AbibindError {
  override name = "KeystoreDecryptError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("KEYSTORE_DECRYPT", message, options);
  }
}

/** Keystore KDF parameters beyond the limits (refused before deriving). */
export class KeystoreKdfError extends AbibindError {
  override name = "KeystoreKdfError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("KEYSTORE_KDF", message, options);
  }
}

/** The account's nonce cannot be read or allocated. */
export class NonceError extends AbibindError {
  override name = "NonceError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("NONCE", message, options);
  }
}

/** The journal (or a store) cannot be read or written, or an entry is in another process's hands. */
export class JournalError extends AbibindError {
  override name = "JournalError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("JOURNAL", message, options);
  }
}

/** An optional package a feature needs is not installed. */
export class MissingDependencyError extends AbibindError {
  override name = "MissingDependencyError";
  constructor(message: string, options?: AbibindErrorOptions) {
    super("MISSING_DEPENDENCY", message, options);
  }
}
