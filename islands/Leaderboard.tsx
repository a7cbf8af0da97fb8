// Island: one suite's leaderboard — pass@1 with its 95% interval drawn as a whisker, pass@k
// where every task has the samples, pass rates by try, ties (`1=`), attempts flagged for
// tampering or lazy code, cost per solved task and the seed's best-run figures — with a
// suite picker. Headers and the picker are links and a GET form
// the server honours, so both work without JavaScript; here they act in place, and the
// table follows the shared leaderboard signal, which a finished run refreshes.
import { useState } from "preact/hooks";
import type { SuiteBoard, SuiteLeaderboardRow } from "../lib/wire_stats.ts";
import { leaderboard, leaderboardSuite, useSeeded } from "./state.ts";
import { formatCost, formatDuration, formatPercent } from "./ui.tsx";

export const SORT_KEYS = [
  "rank",
  "model",
  "pass_at_1",
  "tasks",
  "cost_per_solved",
  "best_run",
] as const;
export type SortKey = typeof SORT_KEYS[number];

export interface LeaderboardProps {
  board: SuiteBoard;
  sort: SortKey;
  dir: "asc" | "desc";
}

function sortValue(r: SuiteLeaderboardRow, key: SortKey): number | string | null {
  if (key === "best_run") return r.best_run?.accuracy ?? null;
  return r[key];
}

/** Sorted copy; unknown values (no cost) always last, equal ones by rank. */
export function sortRows(rows: SuiteLeaderboardRow[], key: SortKey, dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key), y = sortValue(b, key);
    if (x === null || y === null) return x === y ? a.rank - b.rank : x === null ? 1 : -1;
    const c = typeof x === "string" ? x.localeCompare(String(y)) : x - (y as number);
    return c === 0 ? a.rank - b.rank : sign * c;
  });
}

const COLUMNS: { key: SortKey; label: string; num?: boolean; first: "asc" | "desc" }[] = [
  { key: "rank", label: "#", num: true, first: "asc" },
  { key: "model", label: "Model", first: "asc" },
  { key: "pass_at_1", label: "pass@1 (95% CI)", num: true, first: "desc" },
  { key: "tasks", label: "Tasks", num: true, first: "desc" },
  { key: "cost_per_solved", label: "Cost / solved", num: true, first: "asc" },
  { key: "best_run", label: "Best run", first: "desc" },
];

const WHISKER_W = 120;
const WHISKER_H = 14;

/** pass@1 as a dot on a 0–100% line, its interval as a whisker. */
export function Whisker({ row }: { row: SuiteLeaderboardRow }) {
  const x = (v: number) => (v * (WHISKER_W - 4) + 2).toFixed(1);
  const mid = WHISKER_H / 2;
  const ci = row.ci_low === null || row.ci_high === null
    ? "no interval with one task"
    : `95% CI ${formatPercent(row.ci_low)}–${formatPercent(row.ci_high)}`;
  return (
    <svg
      class="whisker"
      width={WHISKER_W}
      height={WHISKER_H}
      viewBox={`0 0 ${WHISKER_W} ${WHISKER_H}`}
      role="img"
      aria-label={`pass@1 ${formatPercent(row.pass_at_1)}, ${ci}`}
    >
      <title>{`pass@1 ${formatPercent(row.pass_at_1)}, ${ci}`}</title>
      <line class="axis" x1="2" x2={WHISKER_W - 2} y1={mid} y2={mid} />
      {row.ci_low !== null && row.ci_high !== null && (
        <g class="ci" data-ci={`${row.ci_low},${row.ci_high}`}>
          <line x1={x(row.ci_low)} x2={x(row.ci_high)} y1={mid} y2={mid} />
          <line x1={x(row.ci_low)} x2={x(row.ci_low)} y1={mid - 4} y2={mid + 4} />
          <line x1={x(row.ci_high)} x2={x(row.ci_high)} y1={mid - 4} y2={mid + 4} />
        </g>
      )}
      <circle cx={x(row.pass_at_1)} cy={mid} r="3.5" />
    </svg>
  );
}

/** pass@k and pass^k for k > 1, where the samples allow. */
function passAtK(row: SuiteLeaderboardRow): string {
  return Object.keys(row.pass_at_k).filter((k) => k !== "1")
    .map((k) => `pass@${k} ${formatPercent(row.pass_at_k[k])}`).join(" · ");
}

/** Aider's pass_rate_1 → pass_rate_N of a --tries suite; empty for one-shot ones. */
export function byTry(rates: readonly number[]): string {
  return rates.length > 1 ? `by try ${rates.map(formatPercent).join(" → ")}` : "";
}

const FLAGGED_TITLE =
  "attempts whose answer showed signs of tampering with grading (README: What a pass guarantees)";
const LAZY_TITLE = "graded attempts with placeholder code in an applied file";

/** `3 flagged`: a model's count of attempts of one kind, as `data-<name>`; nothing for 0. */
function CountChip({ n, name, title }: { n: number; name: string; title: string }) {
  if (n <= 0) return null;
  return <span class="chip chip-flag" {...{ [`data-${name}`]: n }} title={title}>{n} {name}</span>;
}

/** Fetches suite `id`'s board into the shared signal. */
async function showSuite(id: string) {
  leaderboardSuite.value = id;
  const res = await fetch(`/api/leaderboard?suite=${encodeURIComponent(id)}`);
  if (res.ok) leaderboard.value = await res.json();
}

function SuitePicker({ board }: { board: SuiteBoard }) {
  return (
    <form class="suite-picker" method="get" action="/#leaderboard">
      <label>
        Suite{" "}
        <select
          name="suite"
          data-suite-picker
          value={board.suite?.id}
          onChange={(e) => showSuite((e.target as HTMLSelectElement).value)}
        >
          {board.suites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} · {s.runs} run{s.runs === 1 ? "" : "s"} · {s.id}
            </option>
          ))}
        </select>
      </label>
      <noscript>
        <button type="submit">Show</button>
      </noscript>
    </form>
  );
}

export default function Leaderboard(props: LeaderboardProps) {
  const board = useSeeded(leaderboard, props.board);
  const [sort, setSort] = useState({ key: props.sort, dir: props.dir });
  if (!board.suite) return <p class="muted" data-empty>No finished run yet.</p>;
  const suite = board.suite.id;
  const rows = sortRows(board.rows, sort.key, sort.dir);
  const leader = board.rows[0]?.model;
  return (
    <div>
      <SuitePicker board={board} />
      <p class="muted small">
        Pooled over each model's finished and cancelled runs on this suite. Rows marked{" "}
        <code>1=</code> cannot be told apart from the leader (their intervals overlap).
      </p>
      <div class="table-wrap">
        <table class="data leaderboard" data-suite={suite}>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                const next = active ? (sort.dir === "asc" ? "desc" : "asc") : c.first;
                return (
                  <th
                    scope="col"
                    key={c.key}
                    class={c.num ? "num" : undefined}
                    aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                  >
                    <a
                      href={`/?suite=${suite}&sort=${c.key}&dir=${next}#leaderboard`}
                      data-sort={c.key}
                      onClick={(e) => {
                        e.preventDefault();
                        setSort({ key: c.key, dir: next });
                      }}
                    >
                      {c.label}
                      <span aria-hidden="true">
                        {active ? (sort.dir === "asc" ? " ▲" : " ▼") : ""}
                      </span>
                    </a>
                  </th>
                );
              })}
              <th scope="col">Compare</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.model} data-model={r.model}>
                <td class="num" data-rank>{r.rank_label}</td>
                <td class="mono">
                  {r.model}
                  <CountChip n={r.flagged} name="flagged" title={FLAGGED_TITLE} />
                  <CountChip n={r.lazy} name="lazy" title={LAZY_TITLE} />
                </td>
                <td class="num">
                  <Whisker row={r} /> <span data-pass1>{formatPercent(r.pass_at_1)}</span>
                  <span class="muted small">
                    {" "}
                    {r.ci_low !== null && r.ci_high !== null
                      ? `${formatPercent(r.ci_low)}–${formatPercent(r.ci_high)}`
                      : "one task"}
                  </span>
                  {passAtK(r) && <div class="muted small" data-passk>{passAtK(r)}</div>}
                  {byTry(r.pass_rate_by_try) && (
                    <div class="muted small" data-by-try>{byTry(r.pass_rate_by_try)}</div>
                  )}
                </td>
                <td class="num">
                  {r.tasks}
                  {board.suite!.tasks > 0 && <span class="muted small">/{board.suite!.tasks}</span>}
                </td>
                <td class="num" title={`total ${formatCost(r.cost_usd)}`}>
                  {formatCost(r.cost_per_solved)}
                </td>
                <td>
                  {r.best_run
                    ? (
                      <span>
                        {formatPercent(r.best_run.accuracy)}{" "}
                        <span class="muted small">
                          {r.best_run.passed}/{r.best_run.graded} ·{" "}
                          {formatCost(r.best_run.cost_usd)} ·{" "}
                          {formatDuration(r.best_run.duration_s)}
                        </span>{" "}
                        <a class="mono small" href={`/run/${r.best_run.run_id}`}>
                          {r.best_run.run_id}
                        </a>
                      </span>
                    )
                    : "—"}
                </td>
                <td>
                  {r.model !== leader && (
                    <a
                      class="small"
                      data-compare
                      href={`/compare?a=${encodeURIComponent(leader)}&b=${
                        encodeURIComponent(r.model)
                      }&suite=${suite}`}
                    >
                      vs {leader}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
