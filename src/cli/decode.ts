// abibind decode: decodeData, and what it names printed.
import { UsageError, decodeData, isAbibindError, loadAbi } from "abibind";
import { out, stringify } from "./common.ts";
import { type CommandSpec, helpText, noMore, parseCommand } from "./options.ts";

export const spec = {
  name: "decode",
  usage: ["<hexdata> --abi FILE|DIR [--topics T0,T1,...] [--json]"],
  description: `Decodes calldata (by function selector) or revert data (custom error, Error(string), Panic(uint256)),
or, with --topics, an event log's data.`,
  options: {
    abi: { type: "string", value: "FILE|DIR", description: "ABI files (.abi JSON arrays) or artifacts, or a directory of them", required: true },
    topics: { type: "string", value: "T0,T1,...", description: "the log's topics, comma-separated: decode an event" },
    json: { type: "boolean", description: "print one JSON document (integers as decimal strings)" },
  },
} as const satisfies CommandSpec;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(spec, argv);
  if (help) return out(helpText(spec)), 0;
  const [data, ...extra] = positionals;
  if (data === undefined) throw new UsageError("<hexdata> is required (see abibind decode --help)");
  noMore(extra);
  const topics = values.topics?.split(",").map((t) => t.trim()).filter((t) => t !== "");
  const abi = loadAbi(values.abi!);
  let doc;
  try {
    doc = decodeData({ abi, data, ...(topics !== undefined ? { topics } : {}) });
  } catch (e) {
    // What is malformed here is what the user typed.
    throw isAbibindError(e, "INVALID_INPUT") ? new UsageError(e.shortMessage, { cause: e }) : e;
  }
  if (values.json) out(stringify({ kind: doc.kind, name: doc.name, signature: doc.signature, args: doc.argsJson }));
  else {
    out(`${doc.kind} ${doc.signature}`);
    for (const [k, v] of Object.entries(doc.argsJson)) out(`  ${k}: ${typeof v === "string" ? v : stringify(v)}`);
  }
  return 0;
}
