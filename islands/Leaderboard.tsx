// Island: the leaderboard, each model's best-accuracy run with that run's cost, duration
// and tokens. Column headers are links (`?sort=cost_usd&dir=asc`) the server honours, so
// sorting works without JavaScript; here they sort in place and the table follows the
// shared leaderboard signal, which a finished run refreshes.
import { useState } from "preact/hooks";
import { leaderboard, useSeeded } from "./state.ts";
import type { LeaderboardEntry } from "./types.ts";
import { formatCost, formatDuration, formatPercent, formatTokens } from "./ui.tsx";

export const SORT_KEYS = [
  "rank",
  "model",
  "accuracy",
  "cost_usd",
  "duration_s",
  "tokens",
  "started_at",
] as const;
export type SortKey = typeof SORT_KEYS[number];

export interface LeaderboardProps {
  entries: LeaderboardEntry[];
  sort: SortKey;
  dir: "asc" | "desc";
}

function sortValue(e: LeaderboardEntry, key: SortKey): number | string | null {
  if (key === "tokens") return e.prompt_tokens + e.completion_tokens;
  return e[key];
}

/** Sorted copy; unknown values (no cost) always last. */
export function sortEntries(entries: LeaderboardEntry[], key: SortKey, dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  return [...entries].sort((a, b) => {
    const x = sortValue(a, key), y = sortValue(b, key);
    if (x === null || y === null) return x === y ? a.rank - b.rank : x === null ? 1 : -1;
    const c = typeof x === "string" ? x.localeCompare(String(y)) : x - (y as number);
    return c === 0 ? a.rank - b.rank : sign * c;
  });
}

const COLUMNS: { key: SortKey; label: string; num?: boolean; first?: "asc" | "desc" }[] = [
  { key: "rank", label: "#", num: true, first: "asc" },
  { key: "model", label: "Model", first: "asc" },
  { key: "accuracy", label: "Accuracy", num: true, first: "desc" },
  { key: "cost_usd", label: "Cost", num: true, first: "asc" },
  { key: "duration_s", label: "Duration", num: true, first: "asc" },
  { key: "tokens", label: "Tokens", num: true, first: "desc" },
  { key: "started_at", label: "Run", first: "desc" },
];

export default function Leaderboard(props: LeaderboardProps) {
  const entries = useSeeded(leaderboard, props.entries);
  const [sort, setSort] = useState({ key: props.sort, dir: props.dir });
  if (entries.length === 0) {
    return <p class="muted" data-empty>No finished run yet.</p>;
  }
  const rows = sortEntries(entries, sort.key, sort.dir);
  return (
    <div class="table-wrap">
      <table class="data leaderboard">
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              const next = active ? (sort.dir === "asc" ? "desc" : "asc") : c.first ?? "asc";
              return (
                <th
                  scope="col"
                  key={c.key}
                  class={c.num ? "num" : undefined}
                  aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}
                >
                  <a
                    href={`/?sort=${c.key}&dir=${next}#leaderboard`}
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
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.model} data-model={e.model}>
              <td class="num">{e.rank}</td>
              <td class="mono">{e.model}</td>
              <td class="num">
                <span class="bar" style={`--w:${Math.round(e.accuracy * 100)}%`}>
                  {formatPercent(e.accuracy)}
                </span>
                <span class="muted small">{e.passed}/{e.graded}</span>
              </td>
              <td class="num">{formatCost(e.cost_usd)}</td>
              <td class="num">{formatDuration(e.duration_s)}</td>
              <td class="num" title={`${e.prompt_tokens} in, ${e.completion_tokens} out`}>
                {formatTokens(e.prompt_tokens + e.completion_tokens)}
              </td>
              <td>
                <a class="mono small" href={`/run/${e.run_id}`}>{e.run_id}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
