// Debian's Chromium driven by playwright-core for the browser tests: headless, no sandbox
// (the tests run as root), nothing fetched from the network by the browser itself, a
// fresh profile each launch. Every console error and uncaught page error is collected, so
// a test can fail on any.
import "./fs_guard.ts";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far, one line each. */
  errors: string[];
  newPage(opts?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile (removed on close). */
export async function launchBrowser(opts: { javaScript?: boolean } = {}): Promise<Browser> {
  const profile = await Deno.makeTempDir({ prefix: "bench_chromium_" });
  // launchPersistentContext is how playwright takes a --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 900 },
    javaScriptEnabled: opts.javaScript ?? true,
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()} (${page.url()})`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message} (${page.url()})`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    errors,
    async newPage(size) {
      const page = await context.newPage();
      if (size) {
        await page.setViewportSize({ width: size.width ?? 1366, height: size.height ?? 900 });
      }
      return page;
    },
    async close() {
      await context.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
