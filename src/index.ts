// abibind's public API: the one entry point (`import { connect } from "abibind"`).
// test/package/exports.test.ts snapshots this surface: a change here is a change of the API.
import "./requireNode.ts";

// Connect
export { connect, type Client, type ConnectOptions } from "./connect/connect.ts";
export { ChainMismatchError } from "./errors/ChainMismatchError.ts";
export { AbibindProvider, type AbibindProviderOptions } from "./connect/AbibindProvider.ts";
export { MULTICALL3_ADDRESS } from "./connect/readBatcher.ts";
export { resolveEndpoint, redactEndpoint, redactIn, type Endpoint, type EndpointKind } from "./connect/resolveEndpoint.ts";
export type { ConnectionEvent } from "./connect/socketTransport.ts";

// Errors
export { AbibindError, UsageError, isAbibindError, type AbibindErrorCode, ABIBIND_ERROR_CODES } from "./errors/AbibindError.ts";
export {
  ContractRevertError,
  ErrorRegistry,
  NoContractError,
  TransactionFailedError,
  describeRevert,
  panicMeaning,
  wrapContractError,
  type ContractContext,
  type RevertReason,
} from "./errors/contractErrors.ts";
export {
  EndpointInvalidError,
  EndpointUnreachableError,
  FunctionNotFoundError,
  InvalidAddressError,
  InvalidArgumentError,
  InvalidInputError,
  JournalError,
  KeyFileError,
  KeystoreDecryptError,
  KeystoreKdfError,
  MissingDependencyError,
  NoSignerError,
  NonceError,
  RateLimitedError,
  RpcError,
  TimeoutError,
} from "./errors/commonErrors.ts";
export { AbiFormatError, CodegenStaleError, CodegenWriteError } from "./errors/codegenErrors.ts";
export { BindingFormatError } from "./contract/bindContract.ts";
export { PROVIDER_MESSAGES, classifyProviderMessage, type ProviderMessageKind, type ProviderMessageRule } from "./errors/providerMessages.ts";

// Signers
export { loadSigner, type SignerSource } from "./signers/loadSigner.ts";
export { decryptKeystore, encryptKeystore, checkKeystore, type DecryptOptions, type EncryptOptions } from "./signers/keystore.ts";
export { listKeystores, storeKeystore } from "./signers/keystoreDir.ts";
export { readPrivateKeyFile } from "./signers/privateKeyFile.ts";
export { promptPassword, readPasswordFile } from "./signers/password.ts";
export { DEFAULT_KDF_LIMITS, type KdfLimits } from "./signers/kdfLimits.ts";

// Contracts: ABIs loaded from files, reads, writes, deployments and decoding, by ABI and address
// (what `abibind call|send|deploy|decode` run), for code that has no generated bindings.
export { loadAbi, type AbiSet, type AbiContract, type AbiFunction, type LibraryLink, type LoadAbiParameters, type LoadAbiReturnType } from "./contract/loadAbi.ts";
export { readContract, type ReadContractParameters, type ReadContractReturnType } from "./contract/readContract.ts";
export { writeContract, type TransactionOverrides, type WriteContractParameters, type WriteContractReturnType } from "./contract/writeContract.ts";
export { deployContract, type DeployableContract, type DeployContractParameters, type DeployContractReturnType } from "./contract/deployContract.ts";
export { decodeData, type DecodeDataParameters, type DecodeDataReturnType } from "./contract/decodeData.ts";
export type { LibraryAddresses } from "./contract/linkBytecode.ts";

// Transactions
export { transact, simulate, type TransactOptions, type TransactResult } from "./tx/transact.ts";
export { NonceManagedSigner, NonceAllocator } from "./tx/nonceManager.ts";
export {
  durableSend,
  replaceByFee,
  IdempotencyConflictError,
  IdempotencyKeyInFlightError,
  JOURNAL_TABLE,
  type DurableSendOptions,
  type DurableSendResult,
  type JournalEntry,
  type JournalState,
} from "./tx/durableSend.ts";

export { storeNonceAllocator } from "./tx/storeNonces.ts";

// Events
export {
  chunkedGetLogs,
  scanLogs,
  LogsIncompleteError,
  type ChunkedGetLogsOptions,
  type LogFilter,
  type RpcSender,
  type ScanProgress,
} from "./events/chunkedGetLogs.ts";
export { LogDecoder, type DecodedLog, type RawLog } from "./events/logDecoder.ts";
export { LogDecodeError } from "./errors/LogDecodeError.ts";
export { logJson, type LogJson } from "./events/logJson.ts";
export { contractLogs, type EventLogFn, type EventLogQuery } from "./events/contractLogs.ts";
export { watchLogs, type WatchClientOptions, type WatchOptions, type Watcher, type WatchStatus } from "./events/watch.ts";

// Store
export { SqliteStore, type SqliteStoreOptions } from "./store/SqliteStore.ts";
export { PostgresStore, type PostgresStoreOptions } from "./store/PostgresStore.ts";
export type { Store, StoreTx, StoredRecord } from "./store/Store.ts";
