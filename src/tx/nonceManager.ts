// Per-account nonces under concurrency. Each send takes the account's lock, uses the next nonce,
// and broadcasts; the lock is released once the node has the transaction (mining is waited for
// outside it). Any failed send forgets the counter, so the next send reads the pending nonce from
// the node again (eth_getTransactionCount(addr, "pending")): a failure never leaves a gap.
import {
  AbstractSigner,
  type Provider,
  type Signer,
  type TransactionRequest,
  type TransactionResponse,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { NonceError } from "../errors/commonErrors.ts";

/** The nonce counter of one account on one node, with a FIFO lock. */
export class NonceAllocator {
  readonly address: string;
  readonly #provider: Provider;
  #next: number | null = null;
  #tail: Promise<void> = Promise.resolve();

  constructor(provider: Provider, address: string) {
    this.#provider = provider;
    this.address = address;
  }

  /** Runs `fn(nonce)` holding the lock; on success the nonce is consumed, on failure the counter resyncs. */
  withNonce<T>(fn: (nonce: number) => Promise<T>): Promise<T> {
    return this.#locked(async () => {
      const nonce = this.#next ?? (await this.#pending());
      try {
        const out = await fn(nonce);
        this.#next = nonce + 1;
        return out;
      } catch (e) {
        this.#next = null;
        throw e;
      }
    });
  }

  /** Runs `fn` holding the lock (a send with its own nonce), then resyncs the counter. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#locked(async () => {
      try {
        return await fn();
      } finally {
        this.#next = null;
      }
    });
  }

  async #locked<T>(fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const turn = this.#tail;
    this.#tail = new Promise<void>((r) => (release = r));
    await turn;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Forgets the counter: the next allocation reads the pending nonce from the node. */
  resync(): void {
    this.#next = null;
  }

  /** The nonce the next send would use, if known (null until the first send or after a failure). */
  peek(): number | null {
    return this.#next;
  }

  async #pending(): Promise<number> {
    try {
      return await this.#provider.getTransactionCount(this.address, "pending");
    } catch (e) {
      throw new NonceError(`cannot read the pending nonce of ${this.address} from the node`, { cause: e });
    }
  }
}

// One allocator per (provider, account): every wrapper of the same key shares it.
const allocators = new WeakMap<Provider, Map<string, NonceAllocator>>();

export function nonceAllocatorFor(provider: Provider, address: string): NonceAllocator {
  let byAddress = allocators.get(provider);
  if (byAddress === undefined) allocators.set(provider, (byAddress = new Map()));
  const key = address.toLowerCase();
  let a = byAddress.get(key);
  if (a === undefined) byAddress.set(key, (a = new NonceAllocator(provider, address)));
  return a;
}

/**
 * A Signer whose sends draw nonces from the account's shared allocator. Concurrent sends from
 * one key never collide; a failed send makes the next one resync from the node.
 */
export class NonceManagedSigner extends AbstractSigner {
  readonly signer: Signer;

  constructor(signer: Signer) {
    if (signer.provider === null) throw new NonceError("a nonce-managed signer needs a provider");
    super(signer.provider);
    this.signer = signer;
  }

  async allocator(): Promise<NonceAllocator> {
    return nonceAllocatorFor(this.signer.provider!, await this.signer.getAddress());
  }

  override getAddress(): Promise<string> {
    return this.signer.getAddress();
  }

  override connect(provider: Provider | null): NonceManagedSigner {
    return new NonceManagedSigner(this.signer.connect(provider));
  }

  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    const allocator = await this.allocator();
    if (tx.nonce !== undefined && tx.nonce !== null) {
      // An explicit nonce bypasses the counter (still in turn), which then resyncs.
      return allocator.exclusive(() => this.signer.sendTransaction(tx));
    }
    return allocator.withNonce((nonce) => this.signer.sendTransaction({ ...tx, nonce }));
  }

  override signTransaction(tx: TransactionRequest): Promise<string> {
    return this.signer.signTransaction(tx);
  }

  override signMessage(message: string | Uint8Array): Promise<string> {
    return this.signer.signMessage(message);
  }

  override signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, any>): Promise<string> {
    return this.signer.signTypedData(domain, types, value);
  }
}
