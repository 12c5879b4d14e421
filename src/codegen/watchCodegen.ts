// Codegen in watch mode: one run now, then one after every change to the inputs (debounced, never
// two at once). fs.watch can miss events (a recursive watch on Linux is set up directory by
// directory, and some file systems send none), so a stat fingerprint of the inputs, checked every
// second, catches whatever it missed.
import { UsageError } from "../errors/AbibindError.ts";
import { listInputFiles } from "./listInputs.ts";
import { type CodegenRequest, type CodegenResult, runCodegen } from "./runCodegen.ts";

const { statSync, watch } = process.getBuiltinModule("node:fs");

export interface WatchCodegenHandlers {
  /** Every run's result, the first one included (`first`). */
  readonly onResult: (result: CodegenResult, first: boolean) => void;
  /** A later run failed as a whole (the first run's failure rejects watchCodegen instead). */
  readonly onError: (error: unknown) => void;
  /** An input could not be watched with fs.watch (the stat fingerprint still covers it). */
  readonly onWatchError?: (input: string, error: NodeJS.ErrnoException) => void;
}

export interface WatchCodegenReturnType {
  /** Stops watching: no run starts after this. */
  close(): void;
}

export async function watchCodegen(request: CodegenRequest, handlers: WatchCodegenHandlers): Promise<WatchCodegenReturnType> {
  if (request.single !== undefined) throw new UsageError("watch mode needs input paths, not a single ABI");
  handlers.onResult(await runCodegen(request), true);

  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const again = (): void => {
    clearTimeout(timer);
    if (!closed) timer = setTimeout(() => void once(), 100);
  };
  const once = async (): Promise<void> => {
    if (running !== null) {
      await running;
      return again();
    }
    running = (async () => {
      try {
        handlers.onResult(await runCodegen(request), false);
      } catch (e) {
        handlers.onError(e);
      }
    })();
    await running;
    running = null;
  };

  const watchers: { close(): void }[] = [];
  for (const input of request.inputs) {
    try {
      // Only input-like names count: the output (and its cache dotfiles) may sit inside an input.
      watchers.push(
        watch(input, { recursive: true }, (_event, name) => {
          const base = name === null ? null : String(name).split(/[\\/]/).pop()!;
          if (base === null || (!base.startsWith(".") && /\.(abi|json|bin)$/.test(base))) again();
        }),
      );
    } catch (e) {
      handlers.onWatchError?.(input, e as NodeJS.ErrnoException);
    }
  }
  const fingerprint = (): string =>
    listInputFiles(request.inputs)
      .files.flatMap((f) => [f, f.replace(/\.(abi|json)$/, ".bin")])
      .map((f) => {
        try {
          const st = statSync(f);
          return `${f}:${st.size}:${st.mtimeMs}`;
        } catch {
          return "";
        }
      })
      .join("|");
  let last = fingerprint();
  const poll = setInterval(() => {
    const now = fingerprint();
    if (now !== last) {
      last = now;
      again();
    }
  }, 1000);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      for (const w of watchers) w.close();
    },
  };
}
