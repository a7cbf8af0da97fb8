// The answer-reading stage as a run uses it: a size cap checked before any parsing, the
// parse itself moved to a worker once an answer is big enough to stall the event loop
// (the server shares that loop with every request), and answers stored cut to the cap.
import { parseAnswer, type ParsedAnswer } from "./parse.ts";

/**
 * Answers up to this size parse inline: the linear parser reads ~3.5 KB per ms here, so
 * this stays well under the 50 ms budget, and spawning a worker (~30 ms) is not worth it.
 */
const INLINE_PARSE_MAX_BYTES = 64 * 1024;
/** A worker that has not answered by then is stuck: the answer is refused, not waited on. */
const PARSE_TIMEOUT_MS = 60_000;

/** The answer cannot be read (too large, or its parse did not finish); one-line message. */
export class AnswerRejected extends Error {}

/** UTF-8 size of `text` in bytes. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character. */
export function clipToBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // back to a character boundary
  return new TextDecoder().decode(bytes.subarray(0, end));
}

function parseInWorker(answer: string): Promise<ParsedAnswer> {
  const worker = new Worker(new URL("./parse_worker.ts", import.meta.url), { type: "module" });
  return new Promise<ParsedAnswer>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new AnswerRejected(`answer not parsed within ${PARSE_TIMEOUT_MS / 1000} s`));
    }, PARSE_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<ParsedAnswer>) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    worker.onerror = (e) => {
      clearTimeout(timer);
      e.preventDefault();
      reject(new Error(`answer parser worker failed: ${e.message}`));
    };
    worker.postMessage(answer);
  }).finally(() => worker.terminate());
}

/**
 * Parses `answer` without blocking the event loop for long. Throws AnswerRejected
 * ("answer too large (N bytes > cap)") before parsing anything when it exceeds `maxBytes`,
 * or when the parse does not finish in time; a plain Error when the worker itself fails.
 */
export async function parseAnswerBounded(answer: string, maxBytes: number): Promise<ParsedAnswer> {
  const size = utf8Bytes(answer);
  if (size > maxBytes) throw new AnswerRejected(`answer too large (${size} bytes > ${maxBytes})`);
  if (size <= INLINE_PARSE_MAX_BYTES) return parseAnswer(answer);
  return await parseInWorker(answer);
}
