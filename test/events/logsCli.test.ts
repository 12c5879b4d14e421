// abibind logs as a real process against a real anvil, directly and through the fault proxy.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAddress } from "ethers";
import { type Anvil, freePort, startAnvil } from "../helpers/anvil.ts";
import { type FaultProxy, startFaultProxy } from "../helpers/faultProxy.ts";
import { NODE, ROOT, run } from "../helpers/run.ts";
import { deployCallDemo, deployRawLogger, directLogs, key, makeHistory, UNKNOWN_TOPIC } from "./fixture.ts";

const MAIN = `${ROOT}src/cli/main.ts`;
const ABI = `${ROOT}abi/CallDemo.abi`;
const env = { ABIBIND_RPC: "" };
const abibind = (args: string[], extra: NodeJS.ProcessEnv = {}) => run(NODE, [MAIN, ...args], { cwd: ROOT, env: { ...env, ...extra }, timeoutMs: 60_000 });

let anvil: Anvil;
let proxy: FaultProxy;
let demo: string;
let logger: string;
let ref: Awaited<ReturnType<typeof directLogs>>;

before(async () => {
  anvil = await startAnvil();
  demo = await deployCallDemo(anvil.http);
  logger = await deployRawLogger(anvil.http);
  await makeHistory(anvil.http, demo, { blocks: 30, perBlock: 2, gap: 3, rawLogger: logger });
  ref = await directLogs(anvil.http, { fromBlock: "0x0", toBlock: "latest", address: demo });
  proxy = await startFaultProxy(anvil.http);
});
after(async () => {
  await proxy.close();
  await anvil.stop();
});

const parse = (stdout: string) => stdout.trimEnd().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("abibind logs", () => {
  it("--json prints one complete NDJSON object a line, exactly the node's set in order", async () => {
    const r = await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", "0", "--to-block", "latest", "--json"]);
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    const lines = parse(r.stdout);
    assert.deepEqual(lines.map((l) => `${l.blockHash}:${l.logIndex}`), ref.map(key));
    const first = lines[0]!;
    assert.deepEqual(first, {
      blockNumber: Number(BigInt(ref[0]!.blockNumber)),
      logIndex: Number(BigInt(ref[0]!.logIndex)),
      transactionHash: ref[0]!.transactionHash,
      blockHash: ref[0]!.blockHash,
      address: getAddress(demo),
      event: "YearChanged",
      signature: "YearChanged(uint256,uint256)",
      args: { previous: "2020", current: "3000" },
    });
    assert.ok(lines.some((l) => (l.logIndex as number) > 0));
  });

  it("takes every block tag its help lists for --from-block and --to-block", async () => {
    const all = parse((await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", "0", "--json"])).stdout);
    const earliestToLatest = await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", "earliest", "--to-block", "latest", "--json"]);
    assert.deepEqual(parse(earliestToLatest.stdout), all);
    // What safe and finalized mean is the node's business (anvil lags them behind latest): a prefix.
    for (const [from, to] of [["0x0", "finalized"], ["0", "safe"]] as const) {
      const r = await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", from, "--to-block", to, "--json"]);
      assert.equal(r.code, 0, `${from}..${to}: ${r.stderr}`);
      const got = parse(r.stdout);
      assert.deepEqual(got, all.slice(0, got.length), `${from}..${to}`);
    }
    const latest = await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", "latest", "--json"]);
    assert.equal(latest.code, 0, latest.stderr);
  });

  it("keeps logs no ABI decodes, raw (event null, topics, data)", async () => {
    const r = await abibind(["logs", logger, "--abi", `${ROOT}abi`, "--rpc", anvil.ws, "--from-block", "0", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = parse(r.stdout);
    assert.equal(lines.length, 10);
    assert.deepEqual(Object.keys(lines[0]!), ["blockNumber", "logIndex", "transactionHash", "blockHash", "address", "event", "signature", "args", "topics", "data"]);
    assert.deepEqual([lines[0]!.event, lines[0]!.signature, lines[0]!.args, lines[0]!.topics, lines[0]!.data], [null, null, null, [UNKNOWN_TOPIC], "0x"]);
  });

  it("filters by event name or signature, over IPC; prints readable lines without --json", async () => {
    const r = await abibind(["logs", demo, "YearChanged(uint256,uint256)", "--abi", ABI, "--rpc", anvil.ipc, "--from-block", "0"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, ref.length);
    assert.equal(lines[0], `block ${Number(BigInt(ref[0]!.blockNumber))} log ${Number(BigInt(ref[0]!.logIndex))} tx ${ref[0]!.transactionHash} ${getAddress(demo)} YearChanged(previous=2020, current=3000)`);
  });

  it("gets the exact set through range limits, 429s and resets (fault proxy)", async () => {
    proxy.faults = { maxBlockRange: 5, rateLimitNext: 2, retryAfterSeconds: 1, resetEveryGetLogs: 4 };
    const r = await abibind(["logs", demo, "YearChanged", "--abi", ABI, "--rpc", proxy.http, "--from-block", "0", "--to-block", "latest", "--json"], {});
    proxy.faults = {};
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.deepEqual(parse(r.stdout).map((l) => `${l.blockHash}:${l.logIndex}`), ref.map(key));
  });

  it("fails part-way: every printed line complete, one stderr line naming the range not covered", async () => {
    const latest = Number(BigInt(ref.at(-1)!.blockNumber)) + 3;
    const failAt = 60;
    proxy.faults = { failGetLogsFrom: failAt };
    const r = await abibind(["logs", demo, "--abi", ABI, "--rpc", proxy.http, "--from-block", "0", "--json", "--chunk", "10", "--concurrency", "2", "--retries", "1"]);
    proxy.faults = {};
    assert.equal(r.code, 1);
    const err = r.stderr.split("\n").filter((l) => l !== "");
    assert.equal(err.length, 1, r.stderr);
    const m = /^abibind logs: logs of blocks (\d+)-(\d+) were not fetched: /.exec(err[0]!);
    assert.ok(m, err[0]);
    const missingFrom = Number(m[1]);
    assert.ok(missingFrom <= failAt && missingFrom > 0);
    assert.equal(Number(m[2]), latest);
    assert.ok(r.stdout.endsWith("\n"));
    assert.deepEqual(parse(r.stdout).map((l) => `${l.blockHash}:${l.logIndex}`), ref.filter((l) => Number(BigInt(l.blockNumber)) < missingFrom).map(key));
  });

  it("draws a progress bar only on a TTY stderr without --json, erased before output and error lines", async () => {
    // script(1) gives the process a real pseudo-terminal (stdout and stderr both on it).
    const cmd = (extra: string): string => `${NODE} ${MAIN} logs ${demo} --abi ${ABI} --rpc ${proxy.http} --from-block 0 --chunk 4 --concurrency 1 ${extra}`;
    const tty = (extra: string) => run("script", ["-qec", cmd(extra), "/dev/null"], { cwd: ROOT, env });
    try {
      proxy.faults = { latencyMs: 40 };
      const r = await tty("");
      assert.match(r.stdout, /\[#*\.*\] \d+% blocks \d+\/\d+, \d+ logs/);
      assert.ok(r.stdout.includes("\r\x1b[2K"));
      // Every printed log line starts clean (the bar was erased first).
      const pieces = r.stdout.split(/\r\n|\r|\x1b\[2K/);
      assert.equal(pieces.filter((p) => /^block \d+ log \d+ tx 0x[0-9a-f]{64} 0x[0-9a-fA-F]{40} YearChanged\(previous=\d+, current=\d+\)$/.test(p)).length, ref.length);
      const j = await tty("--json");
      assert.ok(!/% blocks/.test(j.stdout));
      proxy.faults = { latencyMs: 40, failGetLogsFrom: 60 };
      const e = await tty("--retries 0");
      const at = e.stdout.indexOf("abibind logs: logs of blocks");
      assert.ok(at > 0, e.stdout);
      assert.ok(e.stdout.slice(0, at).endsWith("\r\x1b[2K") || e.stdout.slice(0, at).endsWith("\n"));
      assert.ok(!/% blocks/.test(e.stdout.slice(at)));
    } finally {
      proxy.faults = {};
    }
  });

  it("--rpc falls back to $ABIBIND_RPC; --help", async () => {
    const r = await abibind(["logs", demo, "--abi", ABI, "--from-block", "0", "--json"], { ABIBIND_RPC: anvil.http });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(parse(r.stdout).length, ref.length);
    const h = await abibind(["logs", "--help"]);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^Usage: abibind logs <address> \[event\]/);
  });

  const oneLine = (r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp): void => {
    assert.ok(r.code !== null && r.code >= 1, `exit ${r.code}`);
    assert.equal(r.stdout, "");
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
  };

  it("user errors: one stderr line naming what is wrong", async () => {
    oneLine(await abibind(["logs", demo, "--abi", ABI, "--from-block", "0"]), /^abibind logs: missing --rpc ENDPOINT \(or set ABIBIND_RPC\)$/);
    oneLine(await abibind(["logs", "0x1234", "--abi", ABI, "--rpc", anvil.http, "--from-block", "0"]), /^abibind logs: "0x1234" is not an address$/);
    oneLine(await abibind(["logs", demo, "Nope", "--abi", ABI, "--rpc", anvil.http, "--from-block", "0"]), /^abibind logs: no ABI has an event "Nope"$/);
    oneLine(await abibind(["logs", demo, "--abi", `${ROOT}no-such.abi`, "--rpc", anvil.http, "--from-block", "0"]), /no-such\.abi: no such file or directory$/);
    oneLine(await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", "ten"]), /^abibind logs: --from-block "ten" is not a block number/);
    oneLine(await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http]), /^abibind logs: missing --from-block BLOCK$/);
    oneLine(await abibind(["logs", demo, "--abi", ABI, "--rpc", anvil.http, "--from-block", "0", "--bogus"]), /^abibind logs: unknown option --bogus \(see abibind logs --help\)$/);
  });

  it("an unreachable endpoint: one line, no secret echoed", async () => {
    const port = await freePort();
    const secretUrl = `http://alice:s3cretpass@127.0.0.1:${port}/v3/abcdef0123456789abcdef?apikey=topsecret99`;
    const r = await abibind(["logs", demo, "--abi", ABI, "--rpc", secretUrl, "--from-block", "0"]);
    oneLine(r, /^abibind logs: cannot reach the RPC endpoint/);
    for (const s of ["s3cretpass", "abcdef0123456789abcdef", "topsecret99", "alice"]) assert.ok(!r.stderr.includes(s), r.stderr);
  });

  it("an endpoint that accepts connections but never answers: one line within 15 s", async () => {
    const hang = await startFaultProxy(anvil.http, { hang: true });
    try {
      const r = await abibind(["logs", demo, "--abi", ABI, "--rpc", hang.http, "--from-block", "0"]);
      oneLine(r, /^abibind logs: the RPC endpoint .* did not answer within \d+ s$/);
      assert.ok(r.ms < 15_000, `${r.ms} ms`);
    } finally {
      await hang.close();
    }
  });
});
