// Island: the run page's left column, every attempt of the run, filtered by model, task and
// outcome. Filters and the selected attempt live in the URL (`?model=…&attempt=…`), so the
// page works as plain links and a GET form without JavaScript; here they apply at once and
// the selection is shared with the detail column through the `selected` signal.
import { useState } from "preact/hooks";
import { FlagChips } from "./AttemptDetail.tsx";
import { run, selected, useSeeded } from "./state.ts";
import type { Attempt, RunDetail } from "./types.ts";
import { OutcomeChip } from "./ui.tsx";

export interface AttemptFilters {
  model: string;
  task: string;
  /** An outcome, `pending` (not finished), or "" for all. */
  outcome: string;
}

export interface AttemptListProps {
  run: RunDetail;
  selected: string | null;
  filters: AttemptFilters;
}

export function filterAttempts(attempts: Attempt[], f: AttemptFilters): Attempt[] {
  return attempts.filter((a) =>
    (!f.model || a.model === f.model) && (!f.task || a.task_id === f.task) &&
    (!f.outcome || (f.outcome === "pending" ? a.outcome === null : a.outcome === f.outcome))
  );
}

/** The page's query string for these filters and selection. */
export function runQuery(f: AttemptFilters, attempt: string | null): string {
  const q = new URLSearchParams();
  if (f.model) q.set("model", f.model);
  if (f.task) q.set("task", f.task);
  if (f.outcome) q.set("outcome", f.outcome);
  if (attempt) q.set("attempt", attempt);
  const s = q.toString();
  return s ? `?${s}` : "?";
}

const unique = (xs: string[]) => [...new Set(xs)].sort();

export default function AttemptList(props: AttemptListProps) {
  const r = useSeeded(run, props.run) ?? props.run;
  const current = useSeeded(selected, props.selected);
  const [filters, setFilters] = useState(props.filters);
  const shown = filterAttempts(r.attempts, filters);
  const outcomes = unique(r.attempts.map((a) => a.outcome ?? "pending"));

  const update = (next: AttemptFilters, attempt = current) => {
    setFilters(next);
    history.replaceState(null, "", runQuery(next, attempt));
  };
  const select = (dir: string) => {
    selected.value = dir;
    history.replaceState(null, "", runQuery(filters, dir));
  };

  const filter = (name: keyof AttemptFilters, label: string, values: string[]) => (
    <label>
      {label}
      <select
        name={name}
        value={filters[name]}
        onChange={(e) => update({ ...filters, [name]: e.currentTarget.value })}
      >
        <option value="">all</option>
        {values.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>
    </label>
  );

  return (
    <div class="attempt-list">
      <form method="get" class="filters">
        {filter("model", "Model", unique(r.attempts.map((a) => a.model)))}
        {filter("task", "Task", unique(r.attempts.map((a) => a.task_id)))}
        {filter("outcome", "Outcome", outcomes)}
        {current && <input type="hidden" name="attempt" value={current} />}
        <button type="submit" class="no-js-only">Filter</button>
      </form>
      <p class="muted small" data-shown>{shown.length} of {r.attempts.length} attempts</p>
      <ul class="attempts-nav">
        {shown.map((a) => (
          <li key={a.attempt_dir}>
            <a
              href={runQuery(filters, a.attempt_dir)}
              data-attempt={a.attempt_dir}
              aria-current={a.attempt_dir === current ? "true" : undefined}
              onClick={(e) => {
                e.preventDefault();
                select(a.attempt_dir);
              }}
            >
              <span class="attempt-name">
                <span>{a.task_id}</span>
                <span class="mono muted small">{a.model} · #{a.sample}</span>
              </span>
              <OutcomeChip outcome={a.outcome} stage={a.stage} />
              <FlagChips flags={a.integrity_flags} />
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
