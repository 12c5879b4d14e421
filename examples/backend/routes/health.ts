// GET /health: 200 {"ok": true, "chainId", "blockNumber"} when the node answers, else 503.
import type { BackendContext } from "../context.ts";

export async function getHealth(ctx: BackendContext): Promise<{ ok: true; chainId: string; blockNumber: string }> {
  const client = await ctx.chain.client();
  const blockNumber = await client.provider.getBlockNumber();
  return { ok: true, chainId: client.chainId.toString(), blockNumber: String(blockNumber) };
}
