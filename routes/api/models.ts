// GET /api/models: the built-in models, the provider families the registry knows, the
// configured default, and what each provider's endpoint lists (asked in parallel, each
// bounded in time and remembered briefly, so a dead endpoint never stalls the page).
// POST /api/models/lmstudio/load: the dashboard's "selecting another LM Studio model loads
// it", through harness/providers/lms.ts (the `lms` CLI).
import { createRoute, z } from "@hono/zod-openapi";
import { LmsSession } from "../../harness/providers/lms.ts";
import { errorLine, findOnPath } from "../../lib/util.ts";
import { knownModelKinds, listModels } from "../../harness/providers/registry.ts";
import type { Config } from "../../lib/config.ts";
import { HttpError } from "../../server/errors.ts";
import { errorResponseDoc, newRouter } from "../../server/router.ts";

/** An endpoint that has not answered within this is reported as such. */
const LIST_TIMEOUT_MS = 5_000;
/** Endpoint listings are reused for this long. */
const LIST_CACHE_MS = 60_000;

const BUILTIN_HELP: Record<string, string> = {
  reference: "answers with the task's solution/ files (should pass)",
  starter: "answers with no edit (the untouched workspace; should fail)",
  replay: "answers with the request's response_text",
  "reference-second-try":
    "answers with no edit, then with the solution once it receives test output",
  "reference-agent": "agent mode only: lists, reads, writes the solution, runs the tests, submits",
};

const EndpointSchema = z.object({
  provider: z.string(),
  /** Model ids offered (with prices per token when published); null when not listed. */
  models: z.array(z.object({
    id: z.string(),
    prompt_usd_per_token: z.number().nullable(),
    completion_usd_per_token: z.number().nullable(),
    context_length: z.number().nullable(),
  })).nullable(),
  error: z.string().nullable(),
}).openapi("ProviderEndpoint");
type Endpoint = z.infer<typeof EndpointSchema>;

const ModelsSchema = z.object({
  default_model: z.string().nullable(),
  builtins: z.array(z.object({ id: z.string(), description: z.string() })),
  /** Model id forms the registry accepts, e.g. `reference`, `openrouter/<model>`. */
  kinds: z.array(z.string()),
  endpoints: z.array(EndpointSchema),
}).openapi("Models");

const getModels = createRoute({
  method: "get",
  path: "/models",
  tags: ["models"],
  summary: "Built-in models, provider families and what each endpoint lists",
  request: {
    query: z.object({
      endpoints: z.enum(["0", "1"]).default("1").openapi({
        description: "0 skips asking the providers' endpoints",
      }),
    }),
  },
  responses: {
    200: {
      description: "The models this server can run",
      content: { "application/json": { schema: ModelsSchema } },
    },
  },
});

/** Recent listings per configuration (each test's server has its own). */
const listings = new WeakMap<Config, Map<string, { at: number; value: Promise<Endpoint> }>>();

function listEndpoint(prefix: string, config: Config): Promise<Endpoint> {
  if (!listings.has(config)) listings.set(config, new Map());
  const cache = listings.get(config)!;
  const hit = cache.get(prefix);
  if (hit && performance.now() - hit.at < LIST_CACHE_MS) return hit.value;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${LIST_TIMEOUT_MS / 1000}s`)),
      LIST_TIMEOUT_MS,
    );
  });
  const value = Promise.race([listModels(prefix, { env: config.env }), timeout])
    .then((models): Endpoint => ({
      provider: prefix,
      models: models.map((m) => ({
        id: m.id,
        prompt_usd_per_token: m.promptUsdPerToken,
        completion_usd_per_token: m.completionUsdPerToken,
        context_length: m.contextLength,
      })),
      error: null,
    }))
    .catch((e): Endpoint => ({
      provider: prefix,
      models: null,
      error: errorLine(e),
    }))
    .finally(() => clearTimeout(timer));
  cache.set(prefix, { at: performance.now(), value });
  return value;
}

const LmStudioLoadSchema = z.strictObject({
  model: z.string().regex(/^lmstudio\/\S.*$/, "must be lmstudio/<model>").openapi({
    example: "lmstudio/liquid/lfm2.5-1.2b",
  }),
}).openapi("LmStudioLoad");

const LmStudioLoadedSchema = z.object({
  model: z.string(),
  /** False when `lms` is not on PATH: LM Studio keeps serving what it has loaded. */
  loaded: z.boolean(),
  /** What `lms` did or why nothing was done. */
  note: z.string().nullable(),
}).openapi("LmStudioLoaded");

const loadLmStudio = createRoute({
  method: "post",
  path: "/models/lmstudio/load",
  tags: ["models"],
  summary: "Make an LM Studio model the loaded one (others unloaded), through the `lms` CLI",
  request: {
    body: { required: true, content: { "application/json": { schema: LmStudioLoadSchema } } },
  },
  responses: {
    200: {
      description: "Loaded, already loaded, or (`loaded: false`) `lms` is not on PATH",
      content: { "application/json": { schema: LmStudioLoadedSchema } },
    },
    400: errorResponseDoc("Not an lmstudio/<model> id"),
    502: errorResponseDoc("`lms` failed; its message"),
  },
});

/** One switch at a time: two quick picks must not interleave their unloads and loads. */
let lmsTurn: Promise<unknown> = Promise.resolve();

export function modelsRoutes() {
  return newRouter().openapi(getModels, async (c) => {
    const { config } = c.var.deps;
    const kinds = knownModelKinds();
    const prefixes = kinds.filter((k) => k.endsWith("/<model>")).map((k) => k.split("/")[0]);
    const endpoints = c.req.valid("query").endpoints === "1"
      ? await Promise.all(prefixes.map((p) => listEndpoint(p, config)))
      : [];
    return c.json({
      default_model: config.defaultModel,
      builtins: kinds.filter((k) => !k.includes("/")).map((id) => ({
        id,
        description: BUILTIN_HELP[id] ?? "",
      })),
      kinds,
      endpoints,
    }, 200);
  }).openapi(loadLmStudio, async (c) => {
    const { config } = c.var.deps;
    const { model } = c.req.valid("json");
    const notes: string[] = [];
    // A session of its own: the runs' sessions unload only what they loaded themselves.
    const session = new LmsSession(config.env, (line) => notes.push(line));
    const turn = lmsTurn.then(() => session.ensureLoaded(model.slice("lmstudio/".length)));
    lmsTurn = turn.catch(() => {});
    try {
      await turn;
    } catch (e) {
      throw new HttpError(502, errorLine(e));
    }
    const loaded = findOnPath("lms", config.env("PATH")) !== null;
    return c.json({ model, loaded, note: notes.join("; ") || null }, 200);
  });
}
