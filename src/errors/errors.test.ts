// Errors are API: every code of the closed union has its own exported class, and the texts users
// read are pinned here — a change of wording is a deliberate change of this file.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as abibind from "../index.ts";
import {
  ABIBIND_ERROR_CODES,
  AbibindError,
  AbiFormatError,
  BindingFormatError,
  ChainMismatchError,
  CodegenStaleError,
  CodegenWriteError,
  ContractRevertError,
  EndpointInvalidError,
  EndpointUnreachableError,
  FunctionNotFoundError,
  IdempotencyConflictError,
  IdempotencyKeyInFlightError,
  InvalidAddressError,
  InvalidArgumentError,
  InvalidInputError,
  JournalError,
  KeyFileError,
  KeystoreDecryptError,
  KeystoreKdfError,
  LogDecodeError,
  LogsIncompleteError,
  MissingDependencyError,
  NoContractError,
  NoSignerError,
  NonceError,
  RateLimitedError,
  RpcError,
  TimeoutError,
  TransactionFailedError,
  UsageError,
  resolveEndpoint,
} from "../index.ts";

const A = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ctx = { contractName: "CallDemo", address: A, function: "setYear(uint256)", args: [2021n] };

/** One instance per code, built as the library builds it, and the text a user reads. */
const PINNED: readonly [AbibindError, string][] = [
  [new UsageError("--rpc needs a value"), "--rpc needs a value"],
  [new InvalidInputError("encryptKeystore: scrypt n=3 is not a power of 2"), "encryptKeystore: scrypt n=3 is not a power of 2"],
  [new AbiFormatError("not an ABI: expected a JSON array of fragments"), "not an ABI: expected a JSON array of fragments"],
  [new CodegenStaleError("generated", { stale: ["CallDemo.ts"], missing: [], extra: ["Old.ts"] }), "2 file(s) out of date in generated; run abibind codegen"],
  [new CodegenWriteError("generated/CallDemo.ts (EACCES)"), "cannot write generated/CallDemo.ts (EACCES)"],
  [
    new BindingFormatError("CallDemo", 99),
    "the bindings of CallDemo were generated for binding format 99, but this abibind serves format 1: upgrade abibind, or regenerate them with this version (abibind codegen)",
  ],
  [new EndpointInvalidError("the RPC endpoint is empty"), "the RPC endpoint is empty"],
  [new EndpointUnreachableError("cannot reach the RPC endpoint http://127.0.0.1:8545/ (ECONNREFUSED)"), "cannot reach the RPC endpoint http://127.0.0.1:8545/ (ECONNREFUSED)"],
  [new TimeoutError("the RPC endpoint http://127.0.0.1:8545/ did not answer within 10 s"), "the RPC endpoint http://127.0.0.1:8545/ did not answer within 10 s"],
  [new RateLimitedError("the RPC endpoint https://***@rpc.example/ is rate-limiting requests (HTTP 429)"), "the RPC endpoint https://***@rpc.example/ is rate-limiting requests (HTTP 429)"],
  [new RpcError("eth_getLogs answered null"), "eth_getLogs answered null"],
  [new ChainMismatchError("ws://127.0.0.1:8545/", 1n, 31337n), "the RPC endpoint ws://127.0.0.1:8545/ is on chain 31337, expected chain 1"],
  [new NoContractError(A, 31337n), `no contract at ${A} on chain 31337: the address has no code`],
  [new InvalidAddressError(`"0x12" is not an address`), `"0x12" is not an address`],
  [new FunctionNotFoundError("CallDemo has no function setYer"), "CallDemo has no function setYer"],
  [new InvalidArgumentError("setYear(uint256): argument 0 must be a uint256"), "setYear(uint256): argument 0 must be a uint256"],
  [
    new ContractRevertError(ctx, { kind: "custom", name: "YearTooLow", signature: "YearTooLow(uint256,uint256)", args: [1n, 2000n], argNames: ["year", "min"] }),
    `setYear(uint256) reverted on CallDemo at ${A}: YearTooLow(year=1, min=2000)`,
  ],
  [new TransactionFailedError(ctx, `0x${"ab".repeat(32)}`, 7), `setYear(uint256) on CallDemo at ${A} was mined but failed (status 0) in transaction 0x${"ab".repeat(32)}, block 7`],
  [new NoSignerError("send needs a signer: --key-file or --keystore"), "send needs a signer: --key-file or --keystore"],
  [new KeyFileError("key.txt holds no private key"), "key.txt holds no private key"],
  [new KeystoreDecryptError("wrong password for keystore a.json"), "wrong password for keystore a.json"],
  [new KeystoreKdfError("keystore a.json asks for scrypt n=2^30"), "keystore a.json asks for scrypt n=2^30"],
  [new NonceError("cannot read the nonce of 0xf39f…"), "cannot read the nonce of 0xf39f…"],
  [new JournalError('journal entry "order-1" disappeared'), 'journal entry "order-1" disappeared'],
  [new IdempotencyConflictError("order-1"), 'idempotency key "order-1" was already used for a different transaction'],
  [new LogsIncompleteError(10, 20, "rate limited 429: slow down", null), "logs of blocks 10-20 were not fetched: rate limited 429: slow down"],
  [
    new LogDecodeError({ blockNumber: 5, logIndex: 0, address: A, transactionHash: `0x${"cd".repeat(32)}` }, "Transfer"),
    `the log at block 5, index 0 (address ${A}, transaction 0x${"cd".repeat(32)}) does not decode as Transfer`,
  ],
  [new MissingDependencyError("PostgresStore needs the package pg: npm install pg"), "PostgresStore needs the package pg: npm install pg"],
];

describe("errors as API", () => {
  it("every code of the union has exactly one class, exported by name", () => {
    const byCode = new Map<string, string>();
    for (const [e] of PINNED) {
      assert.ok(e instanceof AbibindError, e.name);
      assert.equal(byCode.has(e.code), false, `two classes for ${e.code}`);
      byCode.set(e.code, e.name);
      assert.equal((abibind as Record<string, unknown>)[e.name], e.constructor, `${e.name} is exported as abibind.${e.name}`);
    }
    assert.deepEqual([...byCode.keys()].sort(), [...ABIBIND_ERROR_CODES].sort());
  });

  it("the texts users read are these", () => {
    for (const [e, text] of PINNED) assert.equal(e.shortMessage, text, e.name);
    const reverts: [ConstructorParameters<typeof ContractRevertError>[1], string][] = [
      [{ kind: "error", message: "year too low" }, 'Error("year too low")'],
      [{ kind: "panic", code: 0x11n, meaning: abibind.panicMeaning(0x11n) }, `Panic(0x11: ${abibind.panicMeaning(0x11n)})`],
      [{ kind: "empty" }, "no reason (empty revert data)"],
    ];
    for (const [reason, text] of reverts) assert.equal(new ContractRevertError(ctx, reason).shortMessage, `setYear(uint256) reverted on CallDemo at ${A}: ${text}`);
  });

  it("a specialised error is still an instance of its code's class", () => {
    const e = new IdempotencyKeyInFlightError("order-1", 2000);
    assert.ok(e instanceof JournalError);
    assert.equal(e.code, "JOURNAL");
    assert.equal(e.shortMessage, 'idempotency key "order-1" is being sent by another process (reserved 2 s ago)');
  });

  it("errors the library raises from user input come as their class, with the pinned text", () => {
    const cases: [() => unknown, new (...a: never[]) => AbibindError, string][] = [
      [() => resolveEndpoint(""), EndpointInvalidError, "the RPC endpoint is empty"],
      [() => resolveEndpoint("ftp://u:secret@host/"), EndpointInvalidError, ""],
    ];
    for (const [f, cls, text] of cases) {
      assert.throws(f, (e: unknown) => {
        assert.ok(e instanceof cls, String(e));
        if (text !== "") assert.equal((e as AbibindError).shortMessage, text);
        assert.ok(!(e as Error).message.includes("secret"), "credentials masked");
        return true;
      });
    }
  });
});
