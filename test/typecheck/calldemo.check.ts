// Type-level assertions on the committed bindings: if a type degrades to `any`, an
// expect-error directive below stops erroring and tsc fails.
import { CallDemo__factory, type CallDemo, type CallDemoCustomError } from "../../generated/index.js";
import type { YearChangedEvent } from "../../generated/CallDemo.js";

declare const c: CallDemo;

export async function checks(): Promise<void> {
  const y: bigint = await c.year();
  // @ts-expect-error year() resolves to a bigint, not a string
  const s: string = await c.year();
  await c.setYear(2021);
  await c["setYear(uint256)"](2021n);
  // @ts-expect-error setYear takes a number-like value
  await c.setYear(true);
  // @ts-expect-error setYear takes exactly one argument
  await c.setYear();
  const viaGetFunction: bigint = await c.getFunction("year")();
  // @ts-expect-error getFunction("year") is typed, so its result is not a string
  const wrong: string = await c.getFunction("year")();
  const filter = c.filters.YearChanged(2020n);
  const logs = await c.queryFilter(filter);
  const prev: bigint = logs[0]!.args.previous;
  const o: YearChangedEvent.OutputObject = { previous: 1n, current: 2n };
  const kind: "error" = CallDemo__factory.abi[0].type;
  const decoded: CallDemoCustomError | null = CallDemo__factory.decodeError("0x");
  if (decoded !== null) {
    const n: "InvalidYear" = decoded.name;
    const given: bigint = decoded.args.given;
    void n, given;
  }
  const gas: bigint = await c.setYear.estimateGas(1);
  const staticY: bigint = await c.year.staticCall();
  void y, s, viaGetFunction, wrong, prev, o, kind, gas, staticY;
}

export async function logsChecks(): Promise<void> {
  const history = await c.logs.YearChanged({ fromBlock: 0, args: { previous: 2020n } });
  const current: bigint | undefined = history[0]?.args?.current;
  const block: number | undefined = history[0]?.blockNumber;
  // @ts-expect-error fromBlock is required
  await c.logs.YearChanged({});
  // @ts-expect-error no such event
  await c.logs.Transfer({ fromBlock: 0 });
  const everything = await c.logs.all({ fromBlock: 0, toBlock: "latest" });
  // A typed query's logs are decoded: args is never null under --strict (the README's own example).
  for (const l of history) {
    const previous: bigint = l.args.previous;
    const name: string = l.event;
    void previous, name;
  }
  // logs.all() keeps what the ABI cannot decode, raw: its args may be null.
  // @ts-expect-error args of logs.all() may be null
  const raw: object = everything[0]!.args;
  // @ts-expect-error current is not indexed: it cannot filter
  await c.logs.YearChanged({ fromBlock: 0, args: { current: 1n } });
  // @ts-expect-error an indexed uint256 filters by a number-like value
  await c.logs.YearChanged({ fromBlock: 0, args: { previous: "x".length > 0 ? true : 1n } });
  await c.logs.YearChanged({ fromBlock: 0, args: { previous: null } });
  void current, block, everything, raw;
}
