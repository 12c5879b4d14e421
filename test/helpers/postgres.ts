// Starts a real, throwaway PostgreSQL server (Debian's package) on a free port and stops it.
// initdb and pg_ctl refuse to run as root, so when we are root they run as the "postgres" user
// (runuser) in a temp dir it owns; the unix socket goes in that dir too (-k), never /var/run.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./anvil.ts";

export interface Postgres {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, no password). */
  readonly url: string;
  readonly dir: string;
  /** Restarts the server (pg_ctl restart -m fast: every session is terminated), on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory of initdb/pg_ctl: on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function postgresBin(): string | null {
  const onPath = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" }).stdout.trim();
  if (onPath !== "") return join(onPath, "..");
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(base, versions[0], "bin");
}

// runuser lives in sbin, which a CI job's PATH may lack.
const RUNUSER = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => existsSync(p)) ?? "runuser";

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (bin === null) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "pg-"));
  const data = join(dir, "data");
  const as = (cmd: string, args: string[]): void => {
    const [file, argv] = root ? [RUNUSER, ["-u", "postgres", "--", join(bin, cmd), ...args]] : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"] });
  };
  if (root) {
    const pw = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(dir, Number(pw), Number(gid));
  }
  const port = await freePort();
  try {
    as("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    // fsync off: a test database need not survive a power cut, and it is several times faster.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
    as("pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "-t", "30", "start"]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer };
    throw new Error(`PostgreSQL did not start: ${err.stderr?.toString() ?? String(e)}`);
  }
  let stopped = false;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    // Asynchronous: the caller's event loop keeps running (requests in flight) while it restarts.
    restart: () =>
      new Promise<void>((resolve, reject) => {
        const [file, argv] = root
          ? [RUNUSER, ["-u", "postgres", "--", join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "log"), "-m", "fast", "-w", "-t", "30", "restart"]]
          : [join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-m", "fast", "-w", "-t", "30", "restart"]];
        execFile(file, argv, (e) => (e === null ? resolve() : reject(e)));
      }),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
