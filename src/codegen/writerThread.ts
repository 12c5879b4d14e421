// The codegen writer thread: takes batches of [path, text] and writes each with the one atomic
// write abibind has, so on a big run disk time overlaps generation on the other core.
import { parentPort } from "node:worker_threads";
import { writeFileAtomic } from "../files/writeFileAtomic.ts";

let error: string | null = null;
parentPort!.on("message", (batch: [string, string][] | null) => {
  if (batch === null) {
    parentPort!.postMessage(error);
    return;
  }
  for (const [path, text] of batch) {
    if (error !== null) return;
    try {
      writeFileAtomic(path, text);
    } catch (e) {
      error = `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  }
});
