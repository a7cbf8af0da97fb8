// A real, throwaway PostgreSQL for tests: Debian's postgresql 15 binaries, a cluster
// initialised in a temporary folder owned by the unprivileged `postgres` user (the server
// refuses to run as root), listening on a free loopback port with its socket in that
// folder. `startPostgres()` gives its URL; `stop()` shuts it down and removes the folder.
// Each test asks for a fresh database (`newDatabase`) so suites never see each other's rows.
import { join } from "node:path";
import pg from "pg";

/** Debian's newest installed PostgreSQL (`/usr/lib/postgresql/<major>/bin`), or BENCH_PG_BIN. */
const PG_BIN = Deno.env.get("BENCH_PG_BIN") ?? (() => {
  try {
    const majors = [...Deno.readDirSync("/usr/lib/postgresql")].map((e) => Number(e.name))
      .filter(Number.isFinite).sort((a, b) => b - a);
    return `/usr/lib/postgresql/${majors[0]}/bin`;
  } catch {
    return "/usr/lib/postgresql/15/bin";
  }
})();
const SERVER_USER = "postgres";

/** True when the PostgreSQL binaries the tests need are installed. */
export const POSTGRES_INSTALLED = (() => {
  try {
    Deno.statSync(join(PG_BIN, "pg_ctl"));
    return true;
  } catch {
    return false;
  }
})();

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** A new, empty database on this server; returns its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
  /** The same, blocking (for `unload`). */
  stopSync(): void;
}

/** Runs `argv` as the unprivileged server user when we are root; throws with its output. */
async function asServerUser(argv: string[]): Promise<void> {
  const full = Deno.uid() === 0 ? ["runuser", "-u", SERVER_USER, "--", ...argv] : argv;
  const out = await new Deno.Command(full[0], {
    args: full.slice(1),
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${argv.join(" ")} failed: ${text.trim().split("\n").slice(-3).join(" / ")}`);
  }
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Starts a fresh cluster; the caller must `stop()` it. */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = await Deno.makeTempDir({ prefix: "bench_pg_" });
  const data = join(dir, "data");
  if (Deno.uid() === 0) {
    await new Deno.Command("chown", { args: [SERVER_USER, dir] }).output();
  }
  const port = freePort();
  await asServerUser([
    join(PG_BIN, "initdb"),
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir}` +
    " -c fsync=off -c max_connections=200";
  await asServerUser([
    join(PG_BIN, "pg_ctl"),
    "-D",
    data,
    "-o",
    opts,
    "-w",
    "-l",
    join(dir, "log"),
    "start",
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  const stopSync = () => {
    const argv = [join(PG_BIN, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"];
    const full = Deno.uid() === 0 ? ["runuser", "-u", SERVER_USER, "--", ...argv] : argv;
    new Deno.Command(full[0], { args: full.slice(1), stdout: "null", stderr: "null" })
      .outputSync();
    Deno.removeSync(dir, { recursive: true });
  };
  return {
    url,
    async newDatabase() {
      const name = `t${Date.now().toString(36)}_${n++}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return url.replace(/\/postgres$/, `/${name}`);
    },
    stop() {
      stopSync();
      return Promise.resolve();
    },
    stopSync,
  };
}

let shared: Promise<TestPostgres> | undefined;

/**
 * One server for the calling test process, started on first use and stopped when the
 * process unloads (synchronously: `unload` waits for nothing). Each test takes a fresh
 * database from it with `newDatabase()`.
 */
export function sharedPostgres(): Promise<TestPostgres> {
  if (!shared) {
    shared = startPostgres();
    shared.then((s) => globalThis.addEventListener("unload", () => s.stopSync()));
  }
  return shared;
}
