// The response cache: a finished model answer stored under a hash of what was asked (model,
// messages, temperature, sample index), so a re-run or a resumed run does not pay for the
// same call twice. One JSON file per answer under `<runs>/.response-cache/`, written
// atomically; an unreadable entry is a miss, never an error.
import { join } from "node:path";
import { z } from "zod";
import { sha256Hex } from "../../lib/util.ts";
import type { ModelAnswer } from "./types.ts";

/** What identifies one call. The sample index keeps samples of one prompt apart. */
export interface CacheKeyParts {
  model: string;
  messages: readonly { role: string; content: string }[];
  temperature: number;
  sample: number;
}

const EntrySchema = z.object({
  version: z.literal(1),
  model: z.string(),
  text: z.string(),
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  costUsd: z.number().nullable(),
  latencyMs: z.number(),
  firstTokenMs: z.number().nullable(),
  retries: z.number().optional(),
  storedAt: z.string(),
});

/** Model answers on disk, keyed by the call that produced them. */
export class ResponseCache {
  constructor(readonly dir: string) {}

  /** The folder `runsDir/.response-cache`. */
  static under(runsDir: string): ResponseCache {
    return new ResponseCache(join(runsDir, ".response-cache"));
  }

  /** A stable hex key for `parts` (field order fixed, so equal calls give equal keys). */
  key(parts: CacheKeyParts): Promise<string> {
    return sha256Hex(JSON.stringify([
      parts.model,
      parts.messages.map((m) => [m.role, m.content]),
      parts.temperature,
      parts.sample,
    ]));
  }

  #path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The stored answer, marked `cached: true`, or null on a miss or an unreadable entry. */
  async get(key: string): Promise<ModelAnswer | null> {
    let raw: string;
    try {
      raw = await Deno.readTextFile(this.#path(key));
    } catch {
      return null;
    }
    let parsed;
    try {
      parsed = EntrySchema.safeParse(JSON.parse(raw));
    } catch {
      return null;
    }
    if (!parsed.success) return null;
    const e = parsed.data;
    return {
      text: e.text,
      promptTokens: e.promptTokens,
      completionTokens: e.completionTokens,
      costUsd: e.costUsd,
      latencyMs: e.latencyMs,
      firstTokenMs: e.firstTokenMs,
      cached: true,
      retries: 0,
    };
  }

  /** Stores a fresh answer (atomically: a crash never leaves half a file under the key). */
  async put(key: string, model: string, answer: ModelAnswer): Promise<void> {
    await Deno.mkdir(this.dir, { recursive: true });
    const entry: z.infer<typeof EntrySchema> = {
      version: 1,
      model,
      text: answer.text,
      promptTokens: answer.promptTokens,
      completionTokens: answer.completionTokens,
      costUsd: answer.costUsd,
      latencyMs: answer.latencyMs,
      firstTokenMs: answer.firstTokenMs,
      retries: answer.retries,
      storedAt: new Date().toISOString(),
    };
    const tmp = `${this.#path(key)}.tmp${crypto.randomUUID().slice(0, 8)}`;
    await Deno.writeTextFile(tmp, JSON.stringify(entry));
    await Deno.rename(tmp, this.#path(key));
  }
}
