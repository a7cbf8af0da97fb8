// A table cell with a pass rate coloured by how much passed; shared by the catalog and task
// pages.
import type { TaskModelCount } from "../lib/store/store.ts";
import { formatPercent } from "../islands/ui.tsx";

export function RateCell({ c }: { c: TaskModelCount | undefined }) {
  if (!c || c.graded === 0) return <td class="num muted">—</td>;
  const rate = c.passed / c.graded;
  return (
    <td class="num" title={`${c.passed} of ${c.graded} graded attempts passed`}>
      <span class={`rate ${rate === 1 ? "rate-all" : rate === 0 ? "rate-none" : "rate-some"}`}>
        {formatPercent(rate)}
      </span>
    </td>
  );
}
