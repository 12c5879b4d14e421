// common.d.ts: the generic types every generated contract file uses (TypeChain ethers-v6 shapes,
// with its DefaultReturnType fixed for multi-output functions and getFunction typed first).

export function emitCommon(banner: string): string {
  return `${banner}import type {
  ContractTransaction,
  ContractTransactionResponse,
  DeferredTopicFilter,
  EventFragment,
  EventLog,
  FunctionFragment,
  LogDescription,
  Result,
  TransactionRequest,
  Typed,
} from "ethers";

export interface TypedDeferredTopicFilter<_TCEvent extends TypedContractEvent> extends DeferredTopicFilter {}

export interface TypedContractEvent<
  InputTuple extends Array<any> = any,
  OutputTuple extends Array<any> = any,
  OutputObject = any,
> {
  (...args: Partial<InputTuple>): TypedDeferredTopicFilter<TypedContractEvent<InputTuple, OutputTuple, OutputObject>>;
  name: string;
  fragment: EventFragment;
  getFragment(...args: Partial<InputTuple>): EventFragment;
}

type __OutputTuple<T> = T extends TypedContractEvent<infer _U, infer W> ? W : never;
type __OutputObject<T> = T extends TypedContractEvent<infer _U, infer _W, infer V> ? V : never;

export interface TypedEventLog<TCEvent extends TypedContractEvent> extends Omit<EventLog, "args"> {
  args: __OutputTuple<TCEvent> & __OutputObject<TCEvent>;
}

export interface TypedLogDescription<TCEvent extends TypedContractEvent> extends Omit<LogDescription, "args"> {
  args: __OutputTuple<TCEvent> & __OutputObject<TCEvent>;
}

export type TypedListener<TCEvent extends TypedContractEvent> = (
  ...listenerArg: [...__OutputTuple<TCEvent>, TypedEventLog<TCEvent>, ...undefined[]]
) => void;

export type MinEthersFactory<C, ARGS> = {
  deploy(...a: ARGS[]): Promise<C>;
};

export type GetContractTypeFromFactory<F> = F extends MinEthersFactory<infer C, any> ? C : never;
export type GetARGsTypeFromFactory<F> = F extends MinEthersFactory<any, any> ? Parameters<F["deploy"]> : never;

export type StateMutability = "nonpayable" | "payable" | "view";

export type BaseOverrides = Omit<TransactionRequest, "to" | "data">;
export type NonPayableOverrides = Omit<BaseOverrides, "value" | "blockTag" | "enableCcipRead">;
export type PayableOverrides = Omit<BaseOverrides, "blockTag" | "enableCcipRead">;
export type ViewOverrides = Omit<TransactionRequest, "to" | "data">;
export type Overrides<S extends StateMutability> = S extends "nonpayable"
  ? NonPayableOverrides
  : S extends "payable"
    ? PayableOverrides
    : ViewOverrides;

export type PostfixOverrides<A extends Array<any>, S extends StateMutability> = A | [...A, Overrides<S>];
export type ContractMethodArgs<A extends Array<any>, S extends StateMutability> = PostfixOverrides<
  { [I in keyof A]-?: A[I] | Typed },
  S
>;

/** What ethers returns for a call: the single output itself, else the whole Result; nothing (void, as in TypeChain) for no outputs. */
export type DefaultReturnType<R> = R extends readonly [] ? void : R extends readonly [infer Only] ? Only : R;

export interface TypedContractMethod<
  A extends Array<any> = Array<any>,
  R = any,
  S extends StateMutability = "payable",
> {
  (...args: ContractMethodArgs<A, S>): S extends "view"
    ? Promise<DefaultReturnType<R>>
    : Promise<ContractTransactionResponse>;

  name: string;

  fragment: FunctionFragment;

  getFragment(...args: ContractMethodArgs<A, S>): FunctionFragment;

  populateTransaction(...args: ContractMethodArgs<A, S>): Promise<ContractTransaction>;
  staticCall(...args: ContractMethodArgs<A, "view">): Promise<DefaultReturnType<R>>;
  send(...args: ContractMethodArgs<A, S>): Promise<ContractTransactionResponse>;
  estimateGas(...args: ContractMethodArgs<A, S>): Promise<bigint>;
  staticCallResult(...args: ContractMethodArgs<A, "view">): Promise<R>;
}

export type LogsBlockTag = number | bigint | "latest" | "safe" | "finalized" | "earliest";

/** A log as the node returned it (numbers parsed). */
export interface RawLog {
  address: string;
  blockNumber: number;
  blockHash: string;
  transactionHash: string;
  transactionIndex: number;
  logIndex: number;
  topics: readonly string[];
  data: string;
}

/** A log from contract.logs.<Event>, decoded with the contract's ABI (a log that does not decode rejects the query with LogDecodeError). */
export interface TypedDecodedLog<TCEvent extends TypedContractEvent> extends RawLog {
  event: string;
  signature: string;
  args: __OutputTuple<TCEvent> & __OutputObject<TCEvent>;
}

/** A log from contract.logs.all: decoded where the contract's ABI can, else raw (event, signature and args null). */
export interface MaybeDecodedLog extends RawLog {
  event: string | null;
  signature: string | null;
  args: Result | null;
}

/** Chunking and progress of a log query. */
export interface LogsQueryOptions {
  initialChunk?: number;
  maxChunk?: number;
  concurrency?: number;
  retries?: number;
  onProgress?: (p: { fromBlock: number; toBlock: number; doneBlocks: number; totalBlocks: number; logs: number }) => void;
}

/** contract.logs.Name(query): history by chunked eth_getLogs, ordered by block and log index. */
export type TypedLogsQuery<TCEvent extends TypedContractEvent, TIndexedArgs = {}> = (
  query: {
    fromBlock: LogsBlockTag;
    /** Default: latest. */
    toBlock?: LogsBlockTag;
    /** Values of the event's indexed parameters to match, by name (null or absent: any). */
    args?: TIndexedArgs;
  },
  options?: LogsQueryOptions,
) => Promise<Array<TypedDecodedLog<TCEvent>>>;

/** contract.logs.all(query): every log of the address, decoded where the ABI can, raw otherwise. */
export type AllLogsQuery = (query: { fromBlock: LogsBlockTag; toBlock?: LogsBlockTag }, options?: LogsQueryOptions) => Promise<Array<MaybeDecodedLog>>;

/** A custom error decoded from revert data, typed by the contract's error ABI. */
export interface DecodedCustomError<N extends string = string, S extends string = string, A = unknown> {
  name: N;
  signature: S;
  selector: string;
  args: A;
}
`;
}
