// Nonce manager against a real anvil: 50 concurrent sends from one key, failures mid-stream,
// failures after the node already took the transaction, wrappers sharing one account.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type JsonRpcApiProvider, type TransactionRequest, type TransactionResponse, Wallet } from "ethers";
import { connect } from "../../src/connect/connect.ts";
import { ANVIL_KEY_0, type Anvil, rpc, startAnvil } from "../helpers/anvil.ts";
import { NonceAllocator, NonceManagedSigner, nonceAllocatorFor } from "../../src/tx/nonceManager.ts";

const TO = "0x000000000000000000000000000000000000dEaD";

describe("NonceManagedSigner on anvil", () => {
  let anvil: Anvil;
  let provider: JsonRpcApiProvider;
  let wallet: Wallet;
  before(async () => {
    anvil = await startAnvil();
    provider = (await connect(anvil.http)).provider;
    wallet = new Wallet(ANVIL_KEY_0, provider);
  });
  after(async () => {
    provider.destroy();
    await anvil.stop();
  });

  async function minedNonces(txs: TransactionResponse[]): Promise<number[]> {
    const receipts = await Promise.all(txs.map((t) => t.wait()));
    assert.ok(receipts.every((r) => r !== null && r.status === 1));
    const onChain = await Promise.all(txs.map((t) => rpc(anvil.http, "eth_getTransactionByHash", [t.hash])));
    return onChain.map((t: { nonce: string }) => Number(t.nonce)).sort((a, b) => a - b);
  }

  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

  it("50 concurrent sends from one key: all mined, nonces 0..49", async () => {
    const signer = new NonceManagedSigner(wallet);
    const t = performance.now();
    const txs = await Promise.all(range(0, 50).map((i) => signer.sendTransaction({ to: TO, value: BigInt(i + 1) })));
    assert.deepEqual(await minedNonces(txs), range(0, 50));
    assert.equal(Number(await rpc(anvil.http, "eth_getTransactionCount", [wallet.address, "latest"])), 50);
    assert.ok(performance.now() - t < 30_000);
  });

  it("control: the same burst through a bare Wallet collides", async () => {
    const settled = await Promise.allSettled(range(0, 10).map(() => wallet.sendTransaction({ to: TO, value: 1n })));
    assert.ok(settled.some((s) => s.status === "rejected"), "expected nonce collisions without the manager");
    await Promise.all(settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.wait()] : [])));
  });

  it("failed sends in the middle of a concurrent burst leave no gap", async () => {
    const signer = new NonceManagedSigner(wallet);
    const start = Number(await rpc(anvil.http, "eth_getTransactionCount", [wallet.address, "pending"]));
    const good = (i: number): Promise<TransactionResponse> => signer.sendTransaction({ to: TO, value: BigInt(i + 1) });
    // Rejected by the node at broadcast (gas below the intrinsic 21000), and refused before
    // broadcast (more value than the account holds).
    const bad = [
      signer.sendTransaction({ to: TO, value: 1n, gasLimit: 1000n }),
      signer.sendTransaction({ to: TO, value: 10n ** 30n }),
    ];
    const burst = [...range(0, 5).map(good), ...bad, ...range(5, 5).map(good)];
    const settled = await Promise.allSettled(burst);
    assert.deepEqual(settled.map((s) => s.status), [...Array(5).fill("fulfilled"), "rejected", "rejected", ...Array(5).fill("fulfilled")]);
    const txs = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    assert.deepEqual(await minedNonces(txs), range(start, 10));
    const after1 = await signer.sendTransaction({ to: TO, value: 1n });
    assert.equal(after1.nonce, start + 10);
    await after1.wait();
  });

  it("a send that fails after the node took the transaction resyncs instead of reusing its nonce", async () => {
    // A signer that broadcasts, then reports a failure (a lost answer, a timeout).
    class LostAnswer extends Wallet {
      fail = true;
      override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
        const sent = await super.sendTransaction(tx);
        if (this.fail) {
          this.fail = false;
          throw new Error("connection lost after broadcast");
        }
        return sent;
      }
    }
    const lossy = new NonceManagedSigner(new LostAnswer(ANVIL_KEY_0, provider));
    const start = Number(await rpc(anvil.http, "eth_getTransactionCount", [wallet.address, "pending"]));
    await assert.rejects(lossy.sendTransaction({ to: TO, value: 1n }), /connection lost after broadcast/);
    const next = await lossy.sendTransaction({ to: TO, value: 2n });
    assert.equal(next.nonce, start + 1);
    assert.equal((await next.wait())?.status, 1);
  });

  it("wrappers of one key share its allocator; explicit nonces go in turn and resync", async () => {
    const a = new NonceManagedSigner(wallet);
    const b = new NonceManagedSigner(new Wallet(ANVIL_KEY_0, provider));
    assert.equal(await a.allocator(), await b.allocator());
    assert.equal(nonceAllocatorFor(provider, wallet.address.toLowerCase()), await a.allocator());
    const start = Number(await rpc(anvil.http, "eth_getTransactionCount", [wallet.address, "pending"]));
    const txs = await Promise.all(range(0, 20).map((i) => (i % 2 === 0 ? a : b).sendTransaction({ to: TO, value: 1n })));
    assert.deepEqual(await minedNonces(txs), range(start, 20));
    const explicit = await a.sendTransaction({ to: TO, value: 1n, nonce: start + 20 });
    await explicit.wait();
    assert.equal((await a.allocator()).peek(), null);
    assert.equal((await b.sendTransaction({ to: TO, value: 1n })).nonce, start + 21);
  });

  it("a node that cannot answer the nonce is a NONCE error", async () => {
    const dead = { getTransactionCount: () => Promise.reject(new Error("down")) } as unknown as JsonRpcApiProvider;
    const alloc = new NonceAllocator(dead, wallet.address);
    await assert.rejects(alloc.withNonce(async (n) => n), (e: any) => {
      assert.equal(e.code, "NONCE");
      assert.equal(e.shortMessage, `cannot read the pending nonce of ${wallet.address} from the node`);
      return true;
    });
  });
});
