// Island: the run page's header: status, progress, per-model totals, and the buttons that
// act on the run (cancel while it is queued or running; resume an interrupted one). It
// opens the run's own event stream while the run can still change, and closes it after.
import { useEffect, useState } from "preact/hooks";
import { postJson } from "./api.ts";
import { closeStream, connectStream, followNewest, isLive, run, useSeeded } from "./state.ts";
import { formatHarnessErrors } from "../lib/wire_totals.ts";
import type { RunDetail } from "./types.ts";
import { RunProgress } from "./LatestRun.tsx";
import { formatCost, formatDuration, formatPercent, formatTime, formatTokens } from "./ui.tsx";

export interface RunSummaryProps {
  run: RunDetail;
  /** The run's event stream after what the server rendered. */
  streamUrl: string;
}

export default function RunSummary(props: RunSummaryProps) {
  const r = useSeeded(run, props.run) ?? props.run;
  const [action, setAction] = useState<{ busy: boolean; message: string | null }>({
    busy: false,
    message: null,
  });
  const live = isLive(r.status);

  useEffect(() => {
    followNewest.value = false;
    if (live) connectStream(props.streamUrl);
    else closeStream();
  }, [live]);

  const act = async (verb: "cancel" | "resume") => {
    setAction({ busy: true, message: null });
    try {
      const res = await postJson<{ status: string }>(`/api/runs/${r.run_id}/${verb}`);
      setAction({ busy: false, message: `${verb}: ${res.status}` });
      if (verb === "resume") location.reload();
    } catch (e) {
      setAction({ busy: false, message: (e as Error).message });
    }
  };

  const s = r.settings;
  // One pass_rate_i column per try of a --tries run (none for one-shot runs).
  const tries = s?.tries ?? 1;
  const perTry = tries > 1 ? Array.from({ length: tries }, (_, i) => i + 1) : [];
  return (
    <div class="run-summary">
      <div class="run-head">
        <h1 class="mono">{r.run_id}</h1>
        <div class="actions">
          {live && (
            <button
              type="button"
              class="danger"
              disabled={action.busy}
              onClick={() => act("cancel")}
              data-cancel
            >
              Cancel run
            </button>
          )}
          {r.resumable && (
            <button
              type="button"
              disabled={action.busy}
              onClick={() => act("resume")}
            >
              Resume
            </button>
          )}
        </div>
      </div>
      {action.message && live && <p role="status" class="small">{action.message}</p>}
      <RunProgress r={r} />
      {r.error && <p class="error-text small" data-run-error>failed: {r.error}</p>}
      <p class="muted small">
        started {formatTime(r.started_at)} · finished {formatTime(r.finished_at)} · {s.samples}{" "}
        sample{s.samples === 1 ? "" : "s"} · temperature {s.temperature}
        {s.include_tests ? " · tests shown" : ""}
        {(s.tries ?? 1) > 1 ? ` · ${s.tries} tries` : ""}
        {s.max_cost_usd ? ` · max cost $${s.max_cost_usd}` : ""}
        {s.max_tokens ? ` · max ${s.max_tokens} tokens` : ""}
        {s.unsafe_no_sandbox ? " · no sandbox" : ""}
      </p>
      {r.totals && r.totals.length > 0 && (
        <div class="table-wrap">
          <table class="data totals">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col" class="num">Pass rate</th>
                {perTry.map((i) => (
                  <th key={i} scope="col" class="num" title={`passed by try ${i}`}>
                    pass_rate_{i}
                  </th>
                ))}
                <th scope="col" class="num">Tests</th>
                <th
                  scope="col"
                  class="num"
                  title="well formed / malformed / build errors / timeouts / lazy answers"
                >
                  Answers
                </th>
                <th scope="col" class="num" title="attempts with an integrity flag">Flagged</th>
                <th scope="col" class="num">Tokens</th>
                <th scope="col" class="num">Cost</th>
                <th scope="col" class="num">Time</th>
                <th scope="col" class="num" title="our faults, left out of the pass rate">
                  Harness errors
                </th>
              </tr>
            </thead>
            <tbody>
              {r.totals.map((t) => (
                <tr key={t.model}>
                  <td class="mono">{t.model}</td>
                  <td class="num">
                    {formatPercent(t.pass_rate)}{" "}
                    <span class="muted small">{t.passed}/{t.graded}</span>
                  </td>
                  {perTry.map((i) => (
                    <td key={i} class="num" data-pass-rate={i}>
                      {formatPercent(t[`pass_rate_${i}`] ?? null)}
                    </td>
                  ))}
                  <td class="num">{t.tests_passed}/{t.tests_total}</td>
                  <td class="num small" data-counters>
                    {t.well_formed ?? "–"} ok · {t.malformed ?? "–"} malformed ·{" "}
                    {t.build_errors ?? "–"} build · {t.timeouts ?? "–"} timeout · {t.lazy ?? "–"}
                    {" "}
                    lazy
                  </td>
                  <td class="num" data-flagged={t.flagged ?? 0}>{t.flagged ?? 0}</td>
                  <td class="num">{formatTokens(t.prompt_tokens + t.completion_tokens)}</td>
                  <td class="num">{formatCost(t.cost_usd)}</td>
                  <td class="num">{formatDuration(t.duration_s)}</td>
                  <td class="num" data-harness-errors>{formatHarnessErrors(t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
