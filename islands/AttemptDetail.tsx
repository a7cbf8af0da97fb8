// Island: the run page's right column: the selected attempt's metrics, its tries as steps
// (--tries), and its log explorer (prompt, response, the patch as a coloured diff, stdout,
// stderr, result.json) for the chosen try.
// It follows the shared `run` and `selected` signals, so picking an attempt on the left or
// an event finishing it updates this column, and reloads the open file.
import { useEffect, useState } from "preact/hooks";
import LogViewer from "./LogViewer.tsx";
import { run, selected, useSeeded } from "./state.ts";
import type { TryResult } from "../lib/wire.ts";
import type { Attempt, RunDetail } from "./types.ts";
import { formatCost, formatDuration, formatTime, formatTokens, OutcomeChip } from "./ui.tsx";

export const FILES = [
  { name: "prompt.txt", label: "Prompt", from: "head" },
  { name: "response.txt", label: "Response", from: "head" },
  { name: "patch.diff", label: "Diff", from: "head", diff: true },
  { name: "stdout.log", label: "stdout", from: "tail" },
  { name: "stderr.log", label: "stderr", from: "tail" },
  { name: "result.json", label: "result.json", from: "head" },
  { name: "transcript.jsonl", label: "Transcript", from: "head", agentOnly: true },
] as const;
export type FileName = typeof FILES[number]["name"];

export interface AttemptDetailProps {
  run: RunDetail;
  selected: string | null;
  file: FileName;
}

/** One chip per integrity flag (tamper signs in the answer); nothing when there are none. */
export function FlagChips({ flags }: { flags?: string[] }) {
  if (!flags?.length) return null;
  return (
    <span class="flag-chips" data-flags={flags.join(" ")}>
      {flags.map((f) => (
        <span key={f} class="chip chip-flag" title={`integrity flag: ${f}`}>
          {f.replaceAll("_", " ")}
        </span>
      ))}
    </span>
  );
}

/** Where try `i`'s files are: the attempt's folder for try 1, `tries/<i>/` after. */
export function tryPrefix(artifacts: string, i: number): string {
  return i === 1 ? artifacts : `${artifacts}tries/${i}/`;
}

/**
 * The tries of an attempt as numbered steps (outcome, tests, cost, time), the chosen one
 * marked; nothing for a one-shot attempt.
 */
export function TrySteps(
  { tries, chosen, onChoose }: {
    tries: TryResult[];
    chosen: number;
    onChoose?: (i: number) => void;
  },
) {
  if (tries.length < 2) return null;
  return (
    <ol class="try-steps" aria-label="Tries">
      {tries.map((t) => (
        <li key={t.try} data-try={t.try} aria-current={t.try === chosen ? "step" : undefined}>
          <button
            type="button"
            class="link"
            onClick={() =>
              onChoose?.(t.try)}
          >
            Try {t.try}
          </button>{" "}
          <OutcomeChip outcome={t.outcome} />{" "}
          <span class="small muted">
            {t.tests_total === null ? "no tests" : `${t.tests_passed ?? 0}/${t.tests_total} tests`}
            {" · "}
            {formatCost(t.cost_usd)} · {formatDuration(t.duration_s)}
            {t.lazy ? " · lazy" : ""}
          </span>
          {t.error && <span class="error-text small">{t.error}</span>}
        </li>
      ))}
    </ol>
  );
}

/** Agent mode's metrics: turns, tool calls by name, test runs and what ended the loop. */
function agentRows(a: Attempt): [string, string][] {
  if (!a.agent) return [];
  const calls = Object.entries(a.agent.tool_calls).map(([n, c]) => `${n} ${c}`).join(", ");
  return [
    ["Agent turns", String(a.agent.turns)],
    ["Tool calls", calls || "none"],
    ["Test runs", String(a.agent.test_runs)],
    ["Ended by", a.agent.ended_by.replaceAll("_", " ")],
  ];
}

function Metrics({ a }: { a: Attempt }) {
  const rows: [string, string][] = [
    ["Tests", a.tests_total === null ? "—" : `${a.tests_passed ?? 0}/${a.tests_total}`],
    ["Duration", formatDuration(a.outcome === null ? null : a.duration_s)],
    ["Grade time", formatDuration(a.grade_s)],
    ["Model retries", String(a.retries)],
    ["Prompt tokens", formatTokens(a.prompt_tokens)],
    ["Completion tokens", formatTokens(a.completion_tokens)],
    ["Cost", formatCost(a.cost_usd)],
    ["Cached answer", a.cached ? "yes" : "no"],
    ["Started", formatTime(a.started_at)],
    ["Finished", formatTime(a.finished_at)],
    ["Integrity flags", a.integrity_flags?.length ? a.integrity_flags.join(", ") : "none"],
    ["Lazy answer", a.lazy ? "yes (placeholder code)" : "no"],
    ...agentRows(a),
  ];
  if ((a.tries?.length ?? 0) > 1) {
    rows.splice(1, 0, [
      "Passed on try",
      a.passed_on_try === null ? "never" : String(a.passed_on_try),
    ]);
  }
  return (
    <dl class="metrics">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function AttemptDetail(props: AttemptDetailProps) {
  const r = useSeeded(run, props.run) ?? props.run;
  const dir = useSeeded(selected, props.selected);
  const [file, setFile] = useState<FileName>(props.file);
  // The server renders the tabs as links to the raw files; in the browser the chosen file
  // opens inline at once.
  const [opened, setOpened] = useState(false);
  useEffect(() => setOpened(true), []);
  const [chosenTry, setChosenTry] = useState<number | null>(null);
  const a = r.attempts.find((x) => x.attempt_dir === dir) ?? r.attempts[0];
  if (!a) return <p class="muted" data-empty>This run has no attempt yet.</p>;
  const spec = FILES.find((f) => f.name === file) ?? FILES[3];
  const tries = a.tries ?? [];
  // The last try unless one was picked (and this attempt has it).
  const shown = chosenTry !== null && chosenTry <= tries.length ? chosenTry : tries.length || 1;
  const urlOf = (name: string) =>
    name === "result.json" ? `${a.artifacts}${name}` : `${tryPrefix(a.artifacts, shown)}${name}`;

  return (
    <div class="attempt-detail" data-attempt={a.attempt_dir}>
      <div class="detail-head">
        <h2>
          {a.task_id} <span class="mono muted small">{a.model} · sample {a.sample}</span>
        </h2>
        <OutcomeChip outcome={a.outcome} stage={a.stage} />
        <FlagChips flags={a.integrity_flags} />
      </div>
      {a.error && <p class="error-text small" data-attempt-error>{a.error}</p>}
      <Metrics a={a} />
      <TrySteps tries={tries} chosen={shown} onChoose={setChosenTry} />
      <div class="tabs" role="tablist" aria-label="Artifacts">
        {FILES.filter((f) => !("agentOnly" in f) || a.agent).map((f) => (
          <a
            key={f.name}
            role="tab"
            href={urlOf(f.name)}
            aria-selected={opened && f.name === file}
            data-file={f.name}
            onClick={(e) => {
              e.preventDefault();
              setFile(f.name);
              setOpened(true);
            }}
          >
            {f.label}
          </a>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel">
        {opened && a.outcome === null && (
          <p class="muted small" data-log-pending>
            This attempt is still{" "}
            {a.stage === "queued" ? "queued" : "running"}: its files open here when it finishes.
          </p>
        )}
        {opened && a.outcome !== null
          ? (
            <LogViewer
              url={urlOf(spec.name)}
              from={spec.from}
              diff={"diff" in spec}
              transcript={spec.name === "transcript.jsonl"}
              version={`${a.attempt_dir}:${shown}:${a.outcome ?? a.stage}`}
            />
          )
          : !opened && <p class="muted small">Open a file above.</p>}
      </div>
    </div>
  );
}
