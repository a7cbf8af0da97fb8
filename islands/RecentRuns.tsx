// Island: Recent Runs, newest first, each linking to its page. It follows the shared list,
// which the event stream refreshes when a run starts or finishes; the status of the run
// the page follows live is shown from that run's own state.
import { recentRuns, run, useSeeded } from "./state.ts";
import type { RunView } from "./types.ts";
import { formatTime, StatusChip } from "./ui.tsx";

export interface RecentRunsProps {
  runs: RunView[];
}

export default function RecentRuns(props: RecentRunsProps) {
  const runs = useSeeded(recentRuns, props.runs);
  const live = run.value;
  if (runs.length === 0) return <p class="muted" data-empty>No run yet.</p>;
  return (
    <ul class="run-list">
      {runs.map((r0) => {
        const r = live && live.run_id === r0.run_id ? { ...r0, ...live } : r0;
        return (
          <li key={r.run_id} data-run={r.run_id}>
            <a class="mono" href={`/run/${r.run_id}`}>{r.run_id}</a>
            <StatusChip status={r.status} />
            <span class="muted small">
              {r.settings.models.join(", ")} · {r.progress.done}/{r.progress.total} done ·{" "}
              {r.progress.passed} passed · {formatTime(r.started_at)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
