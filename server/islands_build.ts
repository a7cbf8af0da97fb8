// Bundles the islands for the browser: `deno bundle` (esbuild inside Deno, reading the same
// deno.json import map, JSX settings and lock as the server) turns islands/client.ts into
// one minified ES module (charts are server-rendered SVG: no chart library). Each build lands in
// static/build/<content hash>/ by an atomic rename, so pages name files that never change
// (cached for good by browsers) and servers building at once cannot see half a build.
// The server builds once at start (or on the first page), and pages without a build still
// render: they only lose their live parts.
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/config.ts";
import { sha256Hex } from "../lib/util.ts";

/** The browser entry, relative to the project root. */
export const ISLANDS_ENTRY = "islands/client.ts";
/** Where builds go, relative to the project root (git-ignored). */
export const BUILD_DIR = "static/build";
/** Builds not used for this long are removed when a new one is made. */
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;
/** A bundle that takes longer than this has hung. */
const BUNDLE_TIMEOUT_MS = 120_000;

/** What a page links to. */
export interface PageAssets {
  /** The islands' entry module, or null when the build failed (pages render without it). */
  script: string | null;
  /** The stylesheet, versioned by its content. */
  style: string;
}

async function removeQuietly(path: string) {
  await Deno.remove(path, { recursive: true }).catch(() => {});
}

async function pruneOldBuilds(outBase: string, keep: string) {
  const now = Date.now();
  for await (const e of Deno.readDir(outBase)) {
    if (!e.isDirectory || e.name === keep) continue;
    const path = join(outBase, e.name);
    const info = await Deno.stat(path).catch(() => null);
    if (info?.mtime && now - info.mtime.getTime() > KEEP_OLD_BUILDS_MS) await removeQuietly(path);
  }
}

/**
 * Bundles the islands into `<root>/static/build/<hash>/` and returns the entry's URL path.
 * Throws an Error with the bundler's message when bundling fails.
 */
export async function buildIslands(root = PROJECT_ROOT): Promise<string> {
  const outBase = join(root, BUILD_DIR);
  await Deno.mkdir(outBase, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: outBase, prefix: ".tmp-" });
  try {
    // `deno` by name: the server's --allow-run list names it.
    const out = await new Deno.Command("deno", {
      args: [
        "bundle",
        "--quiet",
        "--platform=browser",
        "--format=esm",
        "--minify",
        "--sourcemap=linked",
        `--outdir=${tmp}`,
        ISLANDS_ENTRY,
      ],
      cwd: root,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(BUNDLE_TIMEOUT_MS),
    }).output();
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-5).join(" | ");
      throw new Error(`bundling ${ISLANDS_ENTRY} failed: ${err || `exit ${out.code}`}`);
    }
    const names = [];
    for await (const e of Deno.readDir(tmp)) if (e.isFile) names.push(e.name);
    names.sort();
    if (!names.includes("client.js")) throw new Error("the bundle has no client.js");
    const parts = await Promise.all(
      names.map(async (n) => n + await sha256Hex(await Deno.readFile(join(tmp, n)))),
    );
    const id = (await sha256Hex(parts.join("\n"))).slice(0, 16);
    const final = join(outBase, id);
    try {
      await Deno.rename(tmp, final);
    } catch {
      // Another server made the same build first: theirs is identical.
      await removeQuietly(tmp);
    }
    await Deno.chmod(final, 0o755).catch(() => {});
    const now = new Date();
    await Deno.utime(final, now, now).catch(() => {});
    await pruneOldBuilds(outBase, id).catch(() => {});
    return `/${BUILD_DIR}/${id}/client.js`;
  } catch (e) {
    await removeQuietly(tmp);
    throw e;
  }
}

async function styleUrl(root: string): Promise<string> {
  try {
    const css = await Deno.readFile(join(root, "static/style.css"));
    return `/static/style.css?v=${(await sha256Hex(css)).slice(0, 12)}`;
  } catch {
    return "/static/style.css";
  }
}

const assets = new Map<string, Promise<PageAssets>>();

/**
 * The assets pages link to, built on first call per project root and reused after. A
 * failed build is logged once; pages then render without islands.
 */
export function pageAssets(root = PROJECT_ROOT): Promise<PageAssets> {
  let a = assets.get(root);
  if (!a) {
    a = Promise.all([
      buildIslands(root).catch((e) => {
        console.error(`dashboard: ${(e as Error).message} (pages render without live parts)`);
        return null;
      }),
      styleUrl(root),
    ]).then(([script, style]) => ({ script, style }));
    assets.set(root, a);
  }
  return a;
}
