// abibind's public API: the one entry point (`import { connect } from "abibind"`).
export { connect, ChainMismatchError, type Client, type ConnectOptions } from "./connect/connect.ts";
export { AbibindProvider } from "./connect/AbibindProvider.ts";
export { resolveEndpoint, redactEndpoint, type Endpoint, type EndpointKind } from "./connect/resolveEndpoint.ts";
export type { ConnectionEvent } from "./connect/socketTransport.ts";
export { AbibindError, UsageError, isAbibindError, type AbibindErrorCode } from "./errors/AbibindError.ts";
