// Island: Latest Run Results on the home page. A table of the newest run's attempts whose
// chips change as events arrive (queued → model → apply → grade → PASS/FAIL…); a newly
// started run, launched here or from the CLI, takes its place. It opens the page's event
// stream, starting after the event the server rendered up to.
import { useEffect } from "preact/hooks";
import { connectStream, followNewest, run, streamState, useSeeded } from "./state.ts";
import type { RunDetail } from "./types.ts";
import { formatCost, formatDuration, OutcomeChip, StatusChip } from "./ui.tsx";

export interface LatestRunProps {
  run: RunDetail | null;
  /** The event stream to follow, e.g. `/api/events?after=41`. */
  streamUrl: string;
}

export function RunProgress({ r }: { r: RunDetail }) {
  const { done, total, passed } = r.progress;
  const pct = total ? Math.round((done / total) * 100) : 0;
  return (
    <div class="progress-line">
      <StatusChip status={r.status} />
      <span data-progress>
        {done}/{total} done · {passed} passed
      </span>
      <progress max={total || 1} value={done} aria-label={`${pct}% of attempts done`} />
    </div>
  );
}

export default function LatestRun(props: LatestRunProps) {
  const r = useSeeded(run, props.run);
  useEffect(() => {
    followNewest.value = true;
    connectStream(props.streamUrl);
  }, []);

  if (!r) {
    return (
      <p class="muted" data-empty>
        No run yet: launch one, or run <code>deno task bench --models reference starter</code>.
      </p>
    );
  }
  return (
    <div data-run-id={r.run_id}>
      <div class="run-head">
        <a class="mono" href={`/run/${r.run_id}`}>{r.run_id}</a>
        <span class={`stream stream-${streamState.value}`} title="live updates">
          {streamState.value === "live" ? "● live" : ""}
        </span>
      </div>
      <RunProgress r={r} />
      <div class="table-wrap">
        <table class="data attempts">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Model</th>
              <th scope="col" class="num">#</th>
              <th scope="col">Result</th>
              <th scope="col" class="num">Tests</th>
              <th scope="col" class="num">Time</th>
              <th scope="col" class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {r.attempts.map((a) => (
              <tr key={a.attempt_dir} data-attempt={a.attempt_dir}>
                <td>
                  <a href={`/run/${r.run_id}?attempt=${encodeURIComponent(a.attempt_dir)}`}>
                    {a.task_id}
                  </a>
                </td>
                <td class="mono">{a.model}</td>
                <td class="num">{a.sample}</td>
                <td>
                  <OutcomeChip outcome={a.outcome} stage={a.stage} />
                </td>
                <td class="num">
                  {a.tests_total === null ? "—" : `${a.tests_passed ?? 0}/${a.tests_total}`}
                </td>
                <td class="num">{formatDuration(a.outcome === null ? null : a.duration_s)}</td>
                <td class="num">{formatCost(a.cost_usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
