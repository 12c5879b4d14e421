// The public surface, pinned: an export added or removed by accident fails here. Update the list
// (and the README) when the API changes on purpose.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import * as abibind from "../../src/index.ts";

describe("the package's exports", () => {
  it("are exactly these names", () => {
    assert.deepEqual(Object.keys(abibind).sort(), [
      "ABIBIND_ERROR_CODES",
      "AbiFormatError",
      "AbibindError",
      "AbibindProvider",
      "BindingFormatError",
      "ChainMismatchError",
      "CodegenStaleError",
      "CodegenWriteError",
      "ContractRevertError",
      "DEFAULT_KDF_LIMITS",
      "EndpointInvalidError",
      "EndpointUnreachableError",
      "ErrorRegistry",
      "FunctionNotFoundError",
      "IdempotencyConflictError",
      "IdempotencyKeyInFlightError",
      "InvalidAddressError",
      "InvalidArgumentError",
      "InvalidInputError",
      "JOURNAL_TABLE",
      "JournalError",
      "KeyFileError",
      "KeystoreDecryptError",
      "KeystoreKdfError",
      "LogDecodeError",
      "LogDecoder",
      "LogsIncompleteError",
      "MULTICALL3_ADDRESS",
      "MissingDependencyError",
      "NoContractError",
      "NoSignerError",
      "NonceAllocator",
      "NonceError",
      "NonceManagedSigner",
      "PROVIDER_MESSAGES",
      "PostgresStore",
      "RateLimitedError",
      "RpcError",
      "SqliteStore",
      "TimeoutError",
      "TransactionFailedError",
      "UsageError",
      "checkKeystore",
      "chunkedGetLogs",
      "classifyProviderMessage",
      "connect",
      "contractLogs",
      "decodeData",
      "decryptKeystore",
      "deployContract",
      "describeRevert",
      "durableSend",
      "encryptKeystore",
      "isAbibindError",
      "listKeystores",
      "loadAbi",
      "loadSigner",
      "logJson",
      "panicMeaning",
      "promptPassword",
      "readContract",
      "readPasswordFile",
      "readPrivateKeyFile",
      "redactEndpoint",
      "redactIn",
      "replaceByFee",
      "resolveEndpoint",
      "scanLogs",
      "simulate",
      "storeKeystore",
      "storeNonceAllocator",
      "transact",
      "watchLogs",
      "wrapContractError",
      "writeContract",
    ]);
  });

  it("list every error code in the README", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const code of abibind.ABIBIND_ERROR_CODES) assert.ok(readme.includes(`| \`${code}\` |`), `README lacks error code ${code}`);
  });
});
