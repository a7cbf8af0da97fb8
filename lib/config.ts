// Settings, read once: the shell environment wins over `.env` in the project root.
// Every variable is documented in `.env.example`.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The resolved settings every part of the product reads. */
export interface Config {
  /** Project root: the folder holding deno.json. */
  root: string;
  /** Where runs, history.db and caches live (default `<root>/runs`). */
  runsDir: string;
  defaultModel: string | null;
  defaultTemperature: number;
  host: string;
  port: number;
  apiToken: string | null;
  maxActiveRuns: number;
  /** Answers longer than this (UTF-8 bytes) are not parsed and are stored cut to it. */
  maxAnswerBytes: number;
  /**
   * BENCH_DATABASE_URL: `postgres://…` makes the store PostgreSQL and attempts pg-boss jobs
   * (distributed mode); null (the default) keeps SQLite in runs/ and in-process grading.
   */
  databaseUrl: string | null;
  /**
   * BENCH_ARTIFACTS_URL `s3://bucket[/prefix]`: distributed mode keeps attempt files in that
   * bucket (lib/store/s3_files.ts) instead of PostgreSQL's attempt_files; null by default.
   */
  artifacts: ArtifactsBucket | null;
  /** Values of secret-looking variables (keys, tokens): never written anywhere. */
  secretValues: string[];
  /** Lookup of any variable (shell first, then `.env`), for providers. */
  env: (name: string) => string | undefined;
}

/** Where attempt files go in distributed mode with BENCH_ARTIFACTS_URL. */
export interface ArtifactsBucket {
  bucket: string;
  /** Key prefix without leading or trailing `/` (may be empty). */
  prefix: string;
}

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/** Replaces every secret value in `text` with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("[redacted]");
  return out;
}

/** Default of BENCH_MAX_ANSWER_BYTES: far above any real answer, far below a stall. */
export const DEFAULT_MAX_ANSWER_BYTES = 2 * 1024 * 1024;

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/** Parses the `KEY=value` lines of a .env file (quotes stripped, `#` comments skipped). */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, "");
    out[m[1]] = value;
  }
  return out;
}

function readDotenv(root: string): Record<string, string> {
  try {
    return parseDotenv(Deno.readTextFileSync(join(root, ".env")));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
}

/** The database URL's password, a secret like any key (none when it has none). */
function urlPassword(url: string | null): string[] {
  try {
    const password = url ? decodeURIComponent(new URL(url).password) : "";
    return password.length >= 4 ? [password] : [];
  } catch {
    return [];
  }
}

/** S3's bucket naming rule (3–63 of a-z, 0-9, `.`, `-`), then an optional key prefix. */
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/**
 * BENCH_ARTIFACTS_URL parsed; throws one line when it is malformed or set without
 * BENCH_DATABASE_URL (embedded mode writes attempt files in runs/ and never reads a bucket).
 */
function artifactsBucket(url: string | null, databaseUrl: string | null): ArtifactsBucket | null {
  if (!url) return null;
  const m = S3_URL.exec(url);
  if (!m) throw new Error(`BENCH_ARTIFACTS_URL must look like s3://bucket[/prefix]`);
  if (!databaseUrl) {
    throw new Error(
      "BENCH_ARTIFACTS_URL needs BENCH_DATABASE_URL (embedded mode keeps attempt files in runs/)",
    );
  }
  return { bucket: m[1], prefix: (m[2] ?? "").replace(/^\/+|\/+$/g, "") };
}

/** Loads the configuration; throws with a one-line message naming a bad variable. */
export function loadConfig(root = PROJECT_ROOT, shellEnv = Deno.env.toObject()): Config {
  const dotenv = readDotenv(root);
  const env = (name: string) => shellEnv[name] ?? dotenv[name];
  const num = (name: string, fallback: number) => {
    const v = env(name);
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${name}=${JSON.stringify(v)} is not a number`);
    return n;
  };
  const runsDir = env("BENCH_RUNS_DIR") || join(root, "runs");
  const databaseUrl = env("BENCH_DATABASE_URL") || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`BENCH_DATABASE_URL must start with postgres://`);
  }
  return {
    root,
    runsDir,
    defaultModel: env("DEFAULT_MODEL") || null,
    defaultTemperature: num("DEFAULT_TEMPERATURE", 0),
    host: env("HOST") || "127.0.0.1",
    port: num("PORT", 8000),
    apiToken: env("BENCH_API_TOKEN") || null,
    maxActiveRuns: num("MAX_ACTIVE_RUNS", 1),
    maxAnswerBytes: num("BENCH_MAX_ANSWER_BYTES", DEFAULT_MAX_ANSWER_BYTES),
    databaseUrl,
    artifacts: artifactsBucket(env("BENCH_ARTIFACTS_URL") || null, databaseUrl),
    secretValues: [
      ...new Set([
        ...[...Object.entries(dotenv), ...Object.entries(shellEnv)]
          .filter(([k, v]) => SECRET_NAME.test(k) && v.length >= 4).map(([, v]) => v),
        ...urlPassword(databaseUrl),
      ]),
    ],
    env,
  };
}
