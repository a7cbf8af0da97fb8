// Island: the tasks where B's pass fraction differs from A's. Each row opens both sides'
// answers side by side with both test outputs, read through the artifacts routes by the log
// viewer (patch from its start, test output from its end). Without JavaScript the row's
// details list plain links to the same files.
import { useState } from "preact/hooks";
import type { Flip } from "../lib/wire_stats.ts";
import LogViewer from "./LogViewer.tsx";
import { formatPercent } from "./ui.tsx";

export interface CompareFlipsProps {
  a: string;
  b: string;
  flips: Flip[];
}

/** `/artifacts/RUN/DIR/` of a flip's `RUN/DIR` attempt link. */
const artifacts = (link: string) => `/artifacts/${link}/`;
const runPage = (link: string) => {
  const [run, dir] = link.split("/");
  return `/run/${run}?attempt=${encodeURIComponent(dir)}`;
};

const FILES = [
  { name: "patch.diff", label: "Answer (applied patch)", from: "head", diff: true },
  { name: "response.txt", label: "Answer (as the model wrote it)", from: "head", diff: false },
  { name: "stdout.log", label: "Test output", from: "tail", diff: false },
] as const;

function Side(props: { label: string; pass: number; attempts: string[]; open: boolean }) {
  const [shown, setShown] = useState(0);
  const link = props.attempts[shown];
  return (
    <div class="flip-side" data-side={props.label}>
      <h4>
        <span class="mono">{props.label}</span> · passed {formatPercent(props.pass)} of{" "}
        {props.attempts.length}
      </h4>
      {props.attempts.length > 1 && (
        <select
          aria-label={`${props.label}: which attempt`}
          value={String(shown)}
          onChange={(e) => setShown(Number((e.target as HTMLSelectElement).value))}
        >
          {props.attempts.map((l, i) => <option key={l} value={String(i)}>{l}</option>)}
        </select>
      )}
      <p class="small">
        <a href={runPage(link)}>{link}</a>
      </p>
      {FILES.map((f) => (
        <div key={f.name} class="flip-file">
          <h5>
            {f.label} <a class="small muted" href={`${artifacts(link)}${f.name}`}>{f.name}</a>
          </h5>
          {props.open && (
            <LogViewer
              url={`${artifacts(link)}${f.name}`}
              from={f.from}
              diff={f.diff}
              version={link}
            />
          )}
        </div>
      ))}
    </div>
  );
}

function FlipRow({ flip, a, b }: { flip: Flip; a: string; b: string }) {
  const [open, setOpen] = useState(false);
  const better = flip.b_pass > flip.a_pass;
  return (
    <tr data-flip={flip.task_id}>
      <td class="mono">
        <a href={`/catalog/${flip.task_id}`}>{flip.task_id}</a>
      </td>
      <td class="num">{formatPercent(flip.a_pass)}</td>
      <td class="num">{formatPercent(flip.b_pass)}</td>
      <td>
        <span class={`chip ${better ? "chip-passed" : "chip-failed"}`}>
          {better ? "B better" : "B worse"}
        </span>
      </td>
      <td class="flip-detail">
        <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>Both answers</summary>
          <div class="flip-sides">
            <Side label={a} pass={flip.a_pass} attempts={flip.a_attempts} open={open} />
            <Side label={b} pass={flip.b_pass} attempts={flip.b_attempts} open={open} />
          </div>
        </details>
      </td>
    </tr>
  );
}

export default function CompareFlips(props: CompareFlipsProps) {
  if (props.flips.length === 0) {
    return (
      <p class="muted" data-empty>
        No task differs: both sides passed the same share of every task.
      </p>
    );
  }
  return (
    <div class="table-wrap">
      <table class="data flips">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col" class="num">A passed</th>
            <th scope="col" class="num">B passed</th>
            <th scope="col">Change</th>
            <th scope="col">Answers and test output</th>
          </tr>
        </thead>
        <tbody>
          {props.flips.map((f) => <FlipRow key={f.task_id} flip={f} a={props.a} b={props.b} />)}
        </tbody>
      </table>
    </div>
  );
}
