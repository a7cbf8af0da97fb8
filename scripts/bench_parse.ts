// Measures how long parsing a hostile answer (80k fences, 800 KB) blocks the event loop: a
// 1 ms interval timer records the longest gap between its ticks while the parse runs, as
// a run does it (parseAnswerBounded: worker for large answers). Before the linear parser
// and the worker (the original parse.ts, called inline) the stall was 8388 ms here.
import { parseAnswerBounded } from "../harness/answer/bounded.ts";
import { DEFAULT_MAX_ANSWER_BYTES } from "../lib/config.ts";

const FENCES = Number(Deno.env.get("FENCES") ?? 80_000);
const answer = "```\nx\n```\n".repeat(FENCES);

let last = performance.now();
let maxGap = 0;
const watchdog = setInterval(() => {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last);
  last = now;
}, 1);
await new Promise((r) => setTimeout(r, 20));
const t0 = performance.now();
const parsed = await parseAnswerBounded(answer, DEFAULT_MAX_ANSWER_BYTES);
const total = performance.now() - t0;
await new Promise((r) => setTimeout(r, 20));
clearInterval(watchdog);
console.log(
  `${FENCES} fences, ${answer.length} bytes: parsed in ${total.toFixed(0)} ms, ` +
    `${parsed.unnamedBlocks.length} blocks, longest event-loop stall ${maxGap.toFixed(0)} ms`,
);
