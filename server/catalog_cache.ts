// The task catalog as the server sees it: loaded (and content-hashed) once, then loaded again
// only when a file under a catalog folder changed. Each get() walks the folders comparing
// every file's path, size and mtime — about 3 ms for the shipped catalog, where loading it
// hashes every byte (about 100 ms) — so a task edited on disk shows up on the next request
// and a page render does no hashing. A walk rather than a file watcher: a watcher's events
// arrive some time after the write, so the next request could still see the old task.
import { join } from "node:path";
import { type Catalog, loadCatalog } from "../harness/catalog.ts";

export class CatalogCache {
  readonly dirs: readonly string[];
  #stamp: string | undefined;
  #catalog: Promise<Catalog> | undefined;
  #loads = 0;

  constructor(dirs: readonly string[]) {
    this.dirs = [...dirs];
  }

  /** How many times the catalog was loaded (for tests and the server's log). */
  get loads(): number {
    return this.#loads;
  }

  /** The catalog, loaded again if any file under its folders changed since the last load. */
  get(): Promise<Catalog> {
    const stamp = stampFolders(this.dirs);
    if (this.#catalog && stamp === this.#stamp) return this.#catalog;
    this.#stamp = stamp;
    this.#loads++;
    // Requests arriving while this load runs share it. The stamp was taken before loading,
    // so a file changed during the load makes the next get() load again.
    const loading = loadCatalog([...this.dirs]);
    this.#catalog = loading;
    loading.catch(() => {
      if (this.#catalog === loading) this.#catalog = undefined;
    });
    return loading;
  }
}

/** One line per file under `dirs` (path, size, mtime); any change to the tree changes it. */
function stampFolders(dirs: readonly string[]): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = join(dir, entry.name);
      const info = Deno.statSync(path);
      if (info.isDirectory) walk(path);
      else lines.push(`${path}\0${info.size}\0${info.mtime?.getTime()}`);
    }
  };
  for (const dir of dirs) {
    try {
      walk(dir);
    } catch (e) {
      // A missing folder (or one changing under the walk) is part of the state: loading
      // reports it as a catalog problem, and the next walk sees whether it came back.
      lines.push(`${dir}\0${(e as Error).name}`);
    }
  }
  return lines.join("\n");
}
