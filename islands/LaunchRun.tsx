// Island: the Launch Run form. Models are picked from the built-ins and what each provider
// endpoint lists (GET /api/models, fetched after hydration so a slow endpoint never delays
// the page), or typed as any `<provider>/<model>` id; tasks are a selector built from
// language, category and tag chips and task ids, previewed against the catalog. Choices
// are checked here for a quick, specific message, and again by the server, whose message
// is shown as it is. Picking another `lmstudio/` model asks the server to load it.
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, getJson, postJson } from "./api.ts";
import { selectIds } from "../lib/wire_selector.ts";
import { freshRun, run } from "./state.ts";
import type { ModelsInfo, TaskChoice } from "./types.ts";

export interface LaunchRunProps {
  tasks: TaskChoice[];
  builtins: { id: string; description: string }[];
  /** Model id forms: `reference`, `openrouter/<model>`… */
  kinds: string[];
  defaultModel: string | null;
  defaultTemperature: number;
}

/**
 * Tasks a selector picks, or the error naming the bad part: the engine's grammar
 * (lib/wire_selector.ts), except that an empty box means every task, as the form sends it.
 */
export function selectTasks(selector: string, tasks: TaskChoice[]): TaskChoice[] | string {
  const picked = selectIds(tasks, selector.trim() || "all");
  if (!picked.ok) return picked.error;
  const chosen = new Set(picked.ids);
  return tasks.filter((t) => chosen.has(t.id));
}

/** Null when `id` is a model id the server knows how to run, else why not. */
export function checkModel(id: string, kinds: string[]): string | null {
  if (kinds.includes(id)) return null;
  const prefixes = kinds.filter((k) => k.endsWith("/<model>")).map((k) => k.split("/")[0]);
  const [prefix, ...rest] = id.split("/");
  if (prefixes.includes(prefix) && rest.join("/").trim()) return null;
  return `unknown model "${id}": use ${kinds.join(", ")}`;
}

/** What POST /api/runs/projection answers. */
export interface Projection {
  cost_usd: number | null;
  models: {
    model: string;
    prompt_tokens: number;
    completion_tokens: number;
    cost_usd: number | null;
  }[];
}

/** The projected cost as the form shows it (the CLI's words). */
export function projectionText(p: Projection): string {
  if (p.cost_usd === null) {
    const unknown = p.models.filter((m) => m.cost_usd === null).map((m) => m.model);
    return `projected cost: unknown (no published prices for ${unknown.join(", ")})`;
  }
  const tokens = p.models.reduce((n, m) => n + m.prompt_tokens + m.completion_tokens, 0);
  return `projected cost: at most $${p.cost_usd.toFixed(4)} (~${tokens} tokens)`;
}

function toggleToken(selector: string, token: string): string {
  const parts = selector.split(",").map((s) => s.trim()).filter(Boolean);
  const next = parts.includes(token) ? parts.filter((p) => p !== token) : [...parts, token];
  return next.join(",");
}

const unique = (xs: string[]) => [...new Set(xs)].sort();

/** Most tags name one task; chips are for the ones several tasks share (any tag can still
 * be typed as `tag:x`). Tags that repeat a language or category add nothing. */
const MAX_TAG_CHIPS = 16;
export function sharedTags(tasks: TaskChoice[]): string[] {
  const counts = new Map<string, number>();
  for (const t of tasks) for (const tag of t.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const named = new Set(tasks.flatMap((t) => [t.language, t.category]));
  return [...counts].filter(([tag, n]) => n >= 2 && !named.has(tag))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_TAG_CHIPS)
    .map(([tag]) => tag)
    .sort();
}

export default function LaunchRun(props: LaunchRunProps) {
  const [models, setModels] = useState<string[]>([props.defaultModel ?? "reference"]);
  const [typed, setTyped] = useState("");
  const [offered, setOffered] = useState<string[]>([]);
  const [endpointNotes, setEndpointNotes] = useState<string[]>([]);
  const [selector, setSelector] = useState("");
  const [pickId, setPickId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; runId?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [lms, setLms] = useState<{ model: string; state: string } | null>(null);
  const [projected, setProjected] = useState<string | null>(null);

  useEffect(() => {
    getJson<ModelsInfo>("/api/models").then((info) => {
      setOffered(
        info.endpoints.flatMap((e) => (e.models ?? []).map((m) => `${e.provider}/${m.id}`)),
      );
      setEndpointNotes(
        info.endpoints.filter((e) => e.error).map((e) => `${e.provider}: ${e.error}`),
      );
    }).catch(() => setEndpointNotes(["provider endpoints could not be listed"]));
  }, []);

  const matched = useMemo(() => selectTasks(selector, props.tasks), [selector, props.tasks]);
  const languages = unique(props.tasks.map((t) => t.language));
  const categories = unique(props.tasks.map((t) => t.category));
  const tags = sharedTags(props.tasks);
  const tokens = selector.split(",").map((s) => s.trim());

  const loadLmStudio = async (model: string) => {
    if (lms?.model === model) return;
    setLms({ model, state: "loading…" });
    try {
      await postJson("/api/models/lmstudio/load", { model });
      setLms({ model, state: "loaded" });
    } catch (e) {
      setLms({ model, state: `not loaded: ${(e as Error).message}` });
    }
  };

  const addModel = (id: string) => {
    const model = id.trim();
    if (!model) return;
    const why = checkModel(model, props.kinds);
    if (why) return setError(why);
    setError(null);
    if (!models.includes(model)) setModels([...models, model]);
    setTyped("");
    if (model.startsWith("lmstudio/")) loadLmStudio(model);
  };

  const toggleModel = (id: string) => {
    if (models.includes(id)) setModels(models.filter((m) => m !== id));
    else addModel(id);
  };

  /** The launch body of the form's current choices, or null after showing what is wrong. */
  const launchBody = (formEl: HTMLFormElement) => {
    const form = new FormData(formEl);
    const fail = (why: string) => {
      setError(why);
      return null;
    };
    if (models.length === 0) return fail("pick at least one model");
    const bad = models.map((m) => checkModel(m, props.kinds)).find(Boolean);
    if (bad) return fail(bad);
    if (typeof matched === "string") return fail(matched);
    const num = (name: string) => {
      const v = String(form.get(name) ?? "").trim();
      return v === "" ? undefined : Number(v);
    };
    const flag = (name: string) => form.get(name) === "on" ? true : undefined;
    const body = {
      models,
      tasks: selector.trim() || "all",
      samples: num("samples"),
      temperature: num("temperature"),
      concurrency: num("concurrency"),
      timeout: num("timeout"),
      max_retries: num("max_retries"),
      tries: num("tries"),
      max_cost: num("max_cost"),
      max_tokens: num("max_tokens"),
      include_tests: flag("include_tests"),
      install_deps: flag("install_deps"),
      no_cache: flag("no_cache"),
      unsafe_no_sandbox: flag("unsafe_no_sandbox"),
      agent: flag("agent"),
      response_text: models.includes("replay")
        ? String(form.get("response_text") ?? "")
        : undefined,
    };
    return body;
  };

  const project = async (ev: Event) => {
    const body = launchBody((ev.currentTarget as HTMLButtonElement).form!);
    if (!body) return;
    setError(null);
    setProjected("projecting…");
    try {
      setProjected(projectionText(await postJson<Projection>("/api/runs/projection", body)));
    } catch (e) {
      setProjected(null);
      setError(e instanceof ApiError ? e.message : `cannot reach the server: ${e}`);
    }
  };

  const submit = async (ev: Event) => {
    ev.preventDefault();
    const body = launchBody(ev.currentTarget as HTMLFormElement);
    if (!body) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await postJson<{ run_id: string; status: "queued" | "running"; position: number }>(
        "/api/runs",
        body,
      );
      // The stream may already have brought its run_started: keep what it filled in.
      if (run.value?.run_id !== r.run_id) run.value = freshRun(r.run_id, r.status, null);
      setNotice({
        text: r.status === "queued" ? `queued (#${r.position})` : "started",
        runId: r.run_id,
      });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : `cannot reach the server: ${e}`);
    } finally {
      setBusy(false);
    }
  };

  const chip = (token: string, label: string) => (
    <button
      type="button"
      class="toggle"
      aria-pressed={tokens.includes(token)}
      onClick={() => setSelector(toggleToken(selector, token))}
    >
      {label}
    </button>
  );

  return (
    <form class="launch" onSubmit={submit} aria-describedby="launch-status" noValidate>
      <fieldset>
        <legend>Models</legend>
        <div class="chips-row">
          {props.builtins.map((b) => (
            <button
              type="button"
              class="toggle"
              key={b.id}
              title={b.description}
              aria-pressed={models.includes(b.id)}
              onClick={() => toggleModel(b.id)}
            >
              {b.id}
            </button>
          ))}
          {models.filter((m) => !props.builtins.some((b) => b.id === m)).map((m) => (
            <button
              type="button"
              class="toggle"
              key={m}
              aria-pressed
              title="remove"
              onClick={() => toggleModel(m)}
            >
              {m} ✕
            </button>
          ))}
        </div>
        <div class="inline">
          <label class="grow">
            <span class="sr-only">Model id</span>
            <input
              name="model_id"
              list="model-options"
              placeholder="openrouter/vendor/model, lmstudio/…"
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addModel(typed);
                }
              }}
            />
          </label>
          <button type="button" onClick={() => addModel(typed)}>Add model</button>
        </div>
        <datalist id="model-options">
          {offered.map((m) => <option key={m} value={m} />)}
        </datalist>
        {endpointNotes.length > 0 && (
          <details class="small muted">
            <summary>
              {endpointNotes.length} provider endpoint{endpointNotes.length === 1 ? "" : "s"}{" "}
              not listing models
            </summary>
            <ul class="plain">{endpointNotes.map((n) => <li key={n}>{n}</li>)}</ul>
          </details>
        )}
        {lms && <p class="small" data-lms-state>LM Studio {lms.model}: {lms.state}</p>}
      </fieldset>

      <fieldset>
        <legend>Tasks</legend>
        <div class="chips-row" aria-label="Languages">
          {languages.map((l) => chip(`lang:${l}`, l))}
        </div>
        <div class="chips-row" aria-label="Categories">
          {categories.map((c) => chip(`category:${c}`, c))}
        </div>
        <div class="chips-row" aria-label="Tags">
          {tags.map((t) => chip(`tag:${t}`, `#${t}`))}
        </div>
        <div class="inline">
          <label class="grow">
            <span class="sr-only">Task</span>
            <select
              data-task-pick
              value={pickId}
              onChange={(e) => setPickId(e.currentTarget.value)}
            >
              <option value="">add a task by id…</option>
              {props.tasks.map((t) => <option key={t.id} value={t.id}>{t.id}</option>)}
            </select>
          </label>
          <button
            type="button"
            disabled={!pickId}
            onClick={() => {
              setSelector(toggleToken(selector, pickId));
              setPickId("");
            }}
          >
            Add task
          </button>
        </div>
        <label>
          Selector
          <input
            name="tasks"
            value={selector}
            placeholder="all"
            onInput={(e) => setSelector(e.currentTarget.value)}
          />
        </label>
        <p class="small" data-task-count>
          {typeof matched === "string"
            ? <span class="error-text">{matched}</span>
            : `${matched.length} task${matched.length === 1 ? "" : "s"} selected`}
        </p>
      </fieldset>

      <fieldset class="grid2">
        <legend>Settings</legend>
        <label>
          Samples <input name="samples" type="number" min="1" max="100" value="1" />
        </label>
        <label>
          Temperature
          <input
            name="temperature"
            type="number"
            min="0"
            max="2"
            step="0.1"
            value={String(props.defaultTemperature)}
          />
        </label>
        <label>
          Tries
          <input
            name="tries"
            type="number"
            min="1"
            max="10"
            value="1"
            title="later tries see the test output"
          />
        </label>
        <label>
          Max cost (USD) <input name="max_cost" type="number" min="0" step="0.01" />
        </label>
        <label>
          Max tokens <input name="max_tokens" type="number" min="1" />
        </label>
        <label class="check">
          <input type="checkbox" name="include_tests" /> Include tests
        </label>
        <label class="check">
          <input type="checkbox" name="install_deps" /> Install deps
        </label>
        <label class="check">
          <input type="checkbox" name="no_cache" /> Ignore response cache
        </label>
        <label class="check">
          <input type="checkbox" name="unsafe_no_sandbox" /> No sandbox (unsafe)
        </label>
        <label class="check" title="the model works with tools: list, read, write, run tests">
          <input type="checkbox" name="agent" /> Agent mode
        </label>
        <details class="span2">
          <summary>Advanced</summary>
          <div class="grid2">
            <label>
              Concurrency <input name="concurrency" type="number" min="1" max="64" />
            </label>
            <label>
              Timeout (s) <input name="timeout" type="number" min="1" max="3600" />
            </label>
            <label>
              Max retries <input name="max_retries" type="number" min="0" max="20" />
            </label>
          </div>
        </details>
        {models.includes("replay") && (
          <label class="span2">
            Replayed answer (model replay)
            <textarea name="response_text" rows={4} />
          </label>
        )}
      </fieldset>

      <div class="actions" id="launch-status">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Launching…" : "Launch run"}
        </button>
        <button type="button" onClick={project} data-project-cost>Project cost</button>
        {projected && <p class="small" data-projection>{projected}</p>}
        {error && <p role="alert" class="error-text" data-launch-error>{error}</p>}
        {notice && (
          <p role="status" class="ok-text">
            Run <a href={`/run/${notice.runId}`}>{notice.runId}</a> {notice.text}
          </p>
        )}
      </div>
    </form>
  );
}
