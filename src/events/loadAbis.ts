// --abi <file|dir>...: every ABI and artifact found there (via codegen's readers), as one LogDecoder.
import { UsageError } from "../errors/AbibindError.ts";
import { readInputs } from "../codegen/readInputs.ts";
import { LogDecoder } from "./logDecoder.ts";

export function loadDecoder(paths: readonly string[], verb: string): LogDecoder {
  const { contracts, problems } = readInputs(paths);
  const first = problems[0];
  if (first !== undefined) throw new UsageError(`${verb}: --abi ${first.file}: ${first.reason}`);
  if (contracts.length === 0) throw new UsageError(`${verb}: no ABI found in ${paths.join(", ")}`);
  try {
    return new LogDecoder(contracts.map((c) => c.abi.normalized as never));
  } catch (e) {
    throw new UsageError(`${verb}: --abi ${paths.join(", ")}: ${(e as Error).message.split("\n")[0]}`);
  }
}
