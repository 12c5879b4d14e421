// A geth keystore directory: files named UTC--<ISO time>--<address>, written atomically (temp file
// in the same directory, fsync, rename) with mode 0600, and listed by their address field.
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { getAddress } from "ethers";
import { writeFileAtomic } from "../files/writeFileAtomic.ts";
import { KeyFileError } from "../errors/commonErrors.ts";

/** geth's file name: UTC--2006-01-02T15-04-05.000000000Z--<address, lowercase, no 0x>. */
export function keyFileName(address: string, at: Date = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  const iso =
    `${p(at.getUTCFullYear(), 4)}-${p(at.getUTCMonth() + 1)}-${p(at.getUTCDate())}` +
    `T${p(at.getUTCHours())}-${p(at.getUTCMinutes())}-${p(at.getUTCSeconds())}.${p(at.getUTCMilliseconds() * 1_000_000, 9)}Z`;
  return `UTC--${iso}--${getAddress(address).slice(2).toLowerCase()}`;
}

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "error";
}

/** Writes `content` to `path` atomically with mode 0600 (never leaves a partial file at `path`). */
export function writeFileAtomic0600(path: string, content: string): void {
  try {
    writeFileAtomic(path, content, { mode: 0o600, durable: true });
  } catch (e) {
    throw new KeyFileError(`cannot write keystore file ${path} (${errno(e)})`, { cause: e });
  }
}

export interface KeystoreEntry {
  /** Checksummed address from the file's address field. */
  readonly address: string;
  readonly path: string;
}

/** The keystores in `dir`, sorted by file name; files that are not keystores are skipped, like geth. */
export function listKeystores(dir: string): KeystoreEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new KeyFileError(`cannot read keystore directory ${dir} (${errno(e)})`, { cause: e });
  }
  const out: KeystoreEntry[] = [];
  for (const name of names.sort()) {
    // geth skips editor backups, dotfiles (our temp files) and READMEs.
    if (name.startsWith(".") || name.endsWith("~") || name === "README") continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
      const data = JSON.parse(readFileSync(path, "utf8")) as { address?: unknown; version?: unknown };
      if (data.version !== 3 || typeof data.address !== "string") continue;
      out.push({ address: getAddress(data.address.startsWith("0x") ? data.address : `0x${data.address}`), path });
    } catch {
      continue;
    }
  }
  return out;
}

/** Writes keystore JSON into `dir` (created 0700 if missing) under geth's name; returns the path. */
export function storeKeystore(dir: string, json: string, at: Date = new Date()): string {
  const address = (JSON.parse(json) as { address: string }).address;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new KeyFileError(`cannot create keystore directory ${dir} (${errno(e)})`, { cause: e });
  }
  const path = join(dir, keyFileName(address, at));
  writeFileAtomic0600(path, json);
  return path;
}
