// abibind decode <hexdata> [--topics T0,T1,...] --abi <file|dir> [--json]
import { Interface } from "ethers";
import { AbiSet } from "../contract/abiSet.ts";
import { jsonArgs, stringify } from "../contract/jsonValue.ts";
import { AbibindError, UsageError } from "../errors/AbibindError.ts";
import { out, parse } from "./common.ts";

const HELP = `Usage: abibind decode <hexdata> [--topics T0,T1,...] --abi <file|dir> [--json]

Decodes calldata (by function selector) or revert data (custom error, Error(string), Panic(uint256)),
or, with --topics, an event log's data.`;

const BUILTIN_ERRORS = ["error Error(string message)", "error Panic(uint256 code)"];

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse("decode", argv, {
    abi: { type: "string" },
    topics: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return out(HELP), 0;
  const [hex, ...extra] = positionals;
  if (hex === undefined) throw new UsageError("decode: <hexdata> is required (see abibind decode --help)");
  if (extra.length > 0) throw new UsageError(`decode: unexpected argument "${extra[0]}"`);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new UsageError(`decode: "${hex.length > 20 ? `${hex.slice(0, 20)}…` : hex}" is not 0x-prefixed hex data`);
  const abis = AbiSet.load(values.abi);
  let doc: { kind: "function" | "error" | "event"; name: string; signature: string; args: Record<string, unknown> };
  if (values.topics !== undefined) {
    const topics = values.topics.split(",").map((t) => t.trim()).filter((t) => t !== "");
    for (const t of topics) if (!/^0x[0-9a-fA-F]{64}$/.test(t)) throw new UsageError(`decode: topic "${t}" is not 32 bytes of hex`);
    const ev = topics[0] === undefined ? null : abis.eventByTopic(topics[0]);
    if (ev === null) throw new AbibindError("FUNCTION_NOT_FOUND", `decode: no event in ${values.abi} has topic ${topics[0] ?? "(none)"}`);
    let parsed;
    try {
      parsed = ev.iface.decodeEventLog(ev.fragment, hex, topics);
    } catch (e) {
      throw new AbibindError("INVALID_ARGUMENT", `decode: the log does not decode as ${ev.fragment.format("sighash")} (${(e as { shortMessage?: string }).shortMessage ?? "bad data"})`);
    }
    doc = { kind: "event", name: ev.fragment.name, signature: ev.fragment.format("sighash"), args: jsonArgs([...parsed], ev.fragment.inputs) };
  } else {
    if (hex.length < 10) throw new UsageError("decode: data shorter than a 4-byte selector");
    const selector = hex.slice(0, 10);
    const fn = abis.functionBySelector(selector);
    const err = fn === null ? (abis.errorBySelector(selector) ?? builtinError(selector)) : null;
    const found = fn ?? err;
    if (found === null) throw new AbibindError("FUNCTION_NOT_FOUND", `decode: no function or error in ${values.abi} has selector ${selector}`);
    let args;
    try {
      args = found.iface.getAbiCoder().decode(found.fragment.inputs, `0x${hex.slice(10)}`);
    } catch (e) {
      throw new AbibindError("INVALID_ARGUMENT", `decode: the data does not decode as ${found.fragment.format("sighash")} (${(e as { shortMessage?: string }).shortMessage ?? "bad data"})`);
    }
    doc = { kind: fn !== null ? "function" : "error", name: found.fragment.name, signature: found.fragment.format("sighash"), args: jsonArgs([...args], found.fragment.inputs) };
  }
  if (values.json) out(stringify(doc));
  else {
    out(`${doc.kind} ${doc.signature}`);
    for (const [k, v] of Object.entries(doc.args)) out(`  ${k}: ${typeof v === "string" ? v : stringify(v)}`);
  }
  return 0;
}

const BUILTIN = new Interface(BUILTIN_ERRORS);

function builtinError(selector: string) {
  const f = BUILTIN.getError(selector.toLowerCase());
  return f === null ? null : { fragment: f, iface: BUILTIN };
}
