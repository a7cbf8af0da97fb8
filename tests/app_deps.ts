// What an in-process app test runs on: a store (empty, or built with store_builders.ts),
// its event feed (not polling) and a run queue.
import type { Config } from "../lib/config.ts";
import { artifactFiles } from "../lib/store/open.ts";
import type { Store } from "../lib/store/store.ts";
import { CatalogCache } from "../server/catalog_cache.ts";
import { EventFeed } from "../server/event_feed.ts";
import type { AppDeps } from "../server/router.ts";
import { RunQueue } from "../server/run_queue.ts";

export async function appDeps(
  store: Store,
  config: Config,
  catalogDirs: string[] = [],
): Promise<AppDeps> {
  return {
    config,
    store,
    attemptFiles: artifactFiles(config, store),
    feed: await EventFeed.open(store),
    queue: new RunQueue({ store, maxActive: 1 }),
    catalogDirs,
    catalog: new CatalogCache(catalogDirs),
  };
}
