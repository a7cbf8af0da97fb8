// Small pieces shared by islands and server components: outcome chips and number formats.
// Plain functions of their props, so they render the same on the server and in the browser.
import type { Attempt, RunStatus } from "./types.ts";

const OUTCOME_LABEL: Record<string, string> = {
  passed: "PASS",
  failed: "FAIL",
  build_error: "BUILD",
  timeout: "TIMEOUT",
  malformed_response: "MALFORMED",
  patch_error: "PATCH",
  model_error: "MODEL ERR",
  skipped: "SKIP",
  cancelled: "CANCELLED",
  harness_error: "HARNESS",
};

/** The chip of an attempt: its outcome once finished, else its stage (queued, model…). */
export function OutcomeChip(
  { outcome, stage }: { outcome: Attempt["outcome"]; stage?: string },
) {
  if (outcome) {
    return (
      <span class={`chip chip-${outcome}`} data-outcome={outcome} title={outcome}>
        {OUTCOME_LABEL[outcome] ?? outcome}
      </span>
    );
  }
  const live = stage && stage !== "queued";
  return (
    <span class={`chip chip-pending${live ? " chip-live" : ""}`} data-outcome="pending">
      {(stage ?? "queued").toUpperCase()}
    </span>
  );
}

export function StatusChip({ status }: { status: RunStatus }) {
  return <span class={`chip status-${status}`} data-status={status}>{status}</span>;
}

export function formatPercent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "—" : `${(x * 100).toFixed(1)}%`;
}

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "—";
  if (usd === 0) return "$0";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatDuration(s: number | null | undefined): string {
  if (s === null || s === undefined) return "—";
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${Math.round(s % 60)}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** `2026-11-26T21:12:06.123Z` → `2026-11-26 21:12` (UTC, so server and browser agree). */
export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.replace("T", " ").slice(0, 16) : "—";
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
