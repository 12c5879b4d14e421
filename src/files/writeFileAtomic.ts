// The one way abibind puts a file on disk: a temp file beside the target, then rename, so a
// reader (or a crash) sees the old file or the new one, never half of either. Generated code,
// exported ABIs, the codegen cache and keystore files all go through it.

// getBuiltinModule, not an ESM import: the codegen no-op path must not pay for fs's facade.
const { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } = process.getBuiltinModule("node:fs");
const { dirname } = process.getBuiltinModule("node:path");

export interface WriteFileAtomicOptions {
  /** File mode, applied whatever the umask (0o600 for secrets). */
  readonly mode?: number;
  /** fsync before the rename: the content survives a power loss once this returns (keystores). */
  readonly durable?: boolean;
}

let counter = 0;

/** Writes `text` to `path` atomically; creates the directory when missing. Throws the fs error. */
export function writeFileAtomic(path: string, text: string, options: WriteFileAtomicOptions = {}): void {
  // pid + counter: unique among this process's writes and across processes, without randomness.
  const tmp = `${path}.${process.pid}.${(counter++).toString(36)}.tmp`;
  let fd: number | undefined;
  try {
    try {
      fd = openSync(tmp, "wx", options.mode ?? 0o666);
    } catch (e) {
      // Creating the directory only when missing saves a syscall per file on the common path.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(tmp, "wx", options.mode ?? 0o666);
    }
    if (options.mode !== undefined) fchmodSync(fd, options.mode);
    writeFileSync(fd, text);
    if (options.durable === true) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  if (options.durable === true) syncDirectory(dirname(path));
}

/** Makes a rename durable; best effort, as some file systems refuse fsync on directories. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here: the rename is still atomic, only its durability is the OS's
  }
}
