// --max-connections for the whole fleet: each provider's semaphore first takes a slot in
// this process (so local waiters queue fairly), then one of the same number of slots held
// in PostgreSQL (pg_fleet.ts), so ten workers together still make at most N calls at once.
import type { PgFleet } from "../../lib/store/pg_fleet.ts";
import { ConnectionLimits, Semaphore } from "../providers/semaphore.ts";

class FleetSemaphore extends Semaphore {
  constructor(size: number, private readonly key: string, private readonly fleet: PgFleet) {
    super(size);
  }

  override async acquire(signal?: AbortSignal): Promise<() => void> {
    const local = await super.acquire(signal);
    try {
      const fleetSlot = await this.fleet.acquireSlot(this.key, this.size, signal);
      return () => {
        fleetSlot();
        local();
      };
    } catch (e) {
      local();
      throw e;
    }
  }
}

/** Per-provider limits shared by every process on `fleet`'s database. */
export class FleetLimits extends ConnectionLimits {
  #byKey = new Map<string, Semaphore>();

  constructor(perProvider: number, private readonly fleet: PgFleet) {
    super(perProvider);
  }

  override for(key: string): Semaphore {
    let s = this.#byKey.get(key);
    if (!s) this.#byKey.set(key, s = new FleetSemaphore(this.perProvider, key, this.fleet));
    return s;
  }
}
