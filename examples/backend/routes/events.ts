// GET /calldemo/events?fromBlock=…[&toBlock=…]: the contract's YearChanged history, fetched with
// the chunked eth_getLogs of the events module (adaptive ranges, retries), each event in the
// NDJSON shape of `abibind logs --json`.
import { chunkedGetLogs, type LogJson, logJson } from "abibind";
import type { BackendContext } from "../context.ts";
import { HttpError } from "../http.ts";

function blockParam(url: URL, name: string): number | undefined {
  const all = url.searchParams.getAll(name);
  if (all.length === 0) return undefined;
  const v = all[0]!;
  if (all.length > 1 || !/^[0-9]{1,15}$/.test(v)) throw new HttpError(400, "INVALID_QUERY", `${name} must be one block number (a decimal integer), not ${JSON.stringify(all.join(","))}`);
  return Number(v);
}

export async function getEvents(ctx: BackendContext, url: URL): Promise<{ fromBlock: string; toBlock: string; events: LogJson[] }> {
  const unknown = [...url.searchParams.keys()].filter((k) => k !== "fromBlock" && k !== "toBlock");
  if (unknown.length > 0) throw new HttpError(400, "INVALID_QUERY", `unknown query parameter ${JSON.stringify(unknown[0])} (use fromBlock and toBlock)`);
  const from = blockParam(url, "fromBlock") ?? 0;
  const toGiven = blockParam(url, "toBlock");
  if (toGiven !== undefined && toGiven < from) throw new HttpError(400, "INVALID_QUERY", `toBlock (${toGiven}) is before fromBlock (${from})`);
  const client = await ctx.chain.client();
  const head = await client.provider.getBlockNumber();
  const to = Math.min(toGiven ?? head, head);
  // Past the head there is nothing yet: an empty answer, so a poller can simply ask again.
  if (to < from) return { fromBlock: String(from), toBlock: String(to), events: [] };
  const logs = await chunkedGetLogs(
    client.provider,
    { address: ctx.config.address, topics: ctx.decoder.topicsFor("YearChanged"), fromBlock: from, toBlock: to },
    { decoder: ctx.decoder, retries: 2 },
  );
  return { fromBlock: String(from), toBlock: String(to), events: logs.map((l) => logJson(l)) };
}
