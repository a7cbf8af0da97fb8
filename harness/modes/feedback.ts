// The message a later try starts with (--tries): how the previous try ended — the tail of
// the grading output, or the reason its answer could not be used — and what to do next.
// The output is the model's own program's, so it is cut to its last bytes, secrets are
// redacted and the sandbox's absolute paths become relative ones.
import { redact } from "../../lib/config.ts";
import type { Outcome } from "../../lib/wire.ts";
import { SANDBOX_ROOT } from "../sandbox/sandbox.ts";

/** How much of the grading output a later try sees: Aider's polyglot shows a similar tail. */
export const FEEDBACK_OUTPUT_BYTES = 8 * 1024;

/** The first line of every feedback message; `reference-second-try` looks for it. */
export const FEEDBACK_HEADING = "The tests did not pass.";

/** Outcomes after which another try is asked for (when tries are left). */
export const RETRY_OUTCOMES: readonly Outcome[] = [
  "failed",
  "build_error",
  "timeout",
  "malformed_response",
  "patch_error",
];

/** What the previous try left behind: its grading output, or why its answer was unusable. */
export interface TryEnd {
  outcome: Outcome;
  error: string | null;
  /** stdout then stderr of the grading; null when the answer never reached the tests. */
  output: string | null;
}

/** The last `maxBytes` bytes of `text` (UTF-8), never splitting a character. */
export function clipTail(text: string, maxBytes: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  while (start < bytes.length && (bytes[start] & 0xc0) === 0x80) start++; // continuation byte
  return `[…]${new TextDecoder().decode(bytes.subarray(start))}`;
}

/** `text` with the host's and the sandbox's absolute paths of `sandboxDir` made relative. */
export function relativePaths(text: string, sandboxDir: string): string {
  let out = text;
  for (const root of [sandboxDir.replace(/\/+$/, ""), SANDBOX_ROOT]) {
    out = out.split(`${root}/`).join("").split(root).join(".");
  }
  return out;
}

/** The user message that opens try i ≥ 2 after `end`. */
export function feedbackMessage(
  end: TryEnd,
  sandboxDir: string,
  secrets: readonly string[],
): string {
  const detail = end.output === null
    ? `Your answer could not be applied (${end.outcome}): ${end.error ?? "no usable edit"}`
    : `Outcome: ${end.outcome}${end.error ? ` (${end.error})` : ""}. The end of the test ` +
      `output:\n\n\`\`\`\n${
        clipTail(relativePaths(redact(end.output, secrets), sandboxDir), FEEDBACK_OUTPUT_BYTES)
      }\n\`\`\``;
  return `${FEEDBACK_HEADING}\n\n${detail}\n\nFix the code so the tests pass. Do not change ` +
    `the tests. Answer with the files you change, in the same format as before.`;
}
