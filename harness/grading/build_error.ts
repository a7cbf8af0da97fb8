// What `build_error` shows: the compiler's first error line, found in a toolchain's raw
// output — never a JSON event, a traceback frame or the trailing summary ("1 error",
// "could not compile", "collect2: error: ld returned 1 exit status").

/** Longest error line kept. */
export const BUILD_ERROR_MAX = 300;

// Tried in order; each toolchain's output matches only its own pattern. A leading "E   "
// (pytest's error lines) or "# " (TAP diagnostics) is dropped.
const PREFIX = String.raw`^(?:E\s+|#\s+)?`;
const DIAGNOSTICS: RegExp[] = [
  // g++, clang, javac: "file:line[:col]: [fatal ]error: message"
  new RegExp(`${PREFIX}(\\S+?:\\d+(?::\\d+)?: (?:fatal )?error: .+)$`, "m"),
  // go: "./file.go:line:col: message"
  new RegExp(`${PREFIX}(\\S+\\.go:\\d+(?::\\d+)?: .+)$`, "m"),
  // rustc: "error[E0425]: message", not cargo's closing "error: could not compile"
  new RegExp(`${PREFIX}(error(?:\\[E\\d+\\])?: (?!could not compile|aborting due to).+)$`, "m"),
  // the linker; collect2's summary follows it
  new RegExp(`${PREFIX}(.*undefined reference to .+)$`, "m"),
  // Python's and JavaScript's exception line: "SyntaxError: '(' was never closed"
  new RegExp(`${PREFIX}((?:[A-Za-z_][\\w.]*\\.)?[A-Z]\\w*(?:Error|Exception): .+)$`, "m"),
  // the go command itself: "go: updates to go.mod needed"
  new RegExp(`${PREFIX}(go: .+)$`, "m"),
];

/** The first compiler or interpreter error line in `text`, trimmed and capped, or null. */
export function firstErrorLine(text: string): string | null {
  for (const re of DIAGNOSTICS) {
    const hit = re.exec(text)?.[1].trim();
    if (hit) return hit.slice(0, BUILD_ERROR_MAX);
  }
  return null;
}
