// The log explorer's viewer (used inside the AttemptDetail island, not an island itself).
// It reads an artifact in 64 KB pieces with Range requests: logs from their end (the tail
// is where a failure shows), other files from their start, more on request, and never more
// than MAX_RENDER_BYTES in the page, so a 10 MB log cannot freeze it. Pieces are cut at
// line ends, so a multi-byte character is never split; a diff gets one coloured span a line.
import { useEffect, useState } from "preact/hooks";
import TranscriptView from "./TranscriptView.tsx";
import { formatBytes } from "./ui.tsx";

/** Bytes fetched per request. */
export const CHUNK_BYTES = 64 * 1024;
/** Most bytes ever rendered for one file; past this, the raw file is linked. */
export const MAX_RENDER_BYTES = 512 * 1024;

export interface LogViewerProps {
  url: string;
  /** `tail`: start from the end and load earlier parts; `head`: from the start, then later. */
  from: "head" | "tail";
  diff?: boolean;
  /** An agent's transcript.jsonl: shown as a conversation. */
  transcript?: boolean;
  /** Changes when the file may have changed (the attempt moved on): reload then. */
  version: string;
}

interface Loaded {
  text: string;
  /** Byte offsets of the loaded part: [start, end). */
  start: number;
  end: number;
  size: number;
}

type State =
  | { kind: "loading" }
  | { kind: "missing" }
  | { kind: "error"; message: string }
  | ({ kind: "ok" } & Loaded);

const NL = 0x0a;

/** The file's size (HEAD), or null when it does not exist. */
async function fileSize(url: string): Promise<number | null> {
  const res = await fetch(url, { method: "HEAD", cache: "no-store" });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return Number(res.headers.get("Content-Length") ?? 0);
}

/**
 * Bytes [start, end) of a file of `size` bytes, trimmed to whole lines at a cut side.
 * An explicit range always lies inside the file, so no request can be refused (416).
 */
async function fetchPart(
  url: string,
  start: number,
  end: number,
  size: number,
  trim: { start?: boolean; end?: boolean },
): Promise<Loaded> {
  if (end <= start) return { text: "", start, end: start, size };
  const res = await fetch(url, {
    headers: { Range: `bytes=${start}-${end - 1}` },
    cache: "no-store",
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  let bytes = new Uint8Array(await res.arrayBuffer());
  end = start + bytes.length;
  if (trim.start && start > 0) {
    const nl = bytes.indexOf(NL);
    if (nl >= 0 && nl < bytes.length - 1) {
      bytes = bytes.subarray(nl + 1);
      start += nl + 1;
    }
  }
  if (trim.end && end < size) {
    const nl = bytes.lastIndexOf(NL);
    if (nl > 0) {
      end -= bytes.length - (nl + 1);
      bytes = bytes.subarray(0, nl + 1);
    }
  }
  return { text: new TextDecoder().decode(bytes), start, end, size };
}

function diffClass(line: string): string {
  if (line.startsWith("+++") || line.startsWith("---")) return "d-file";
  if (line.startsWith("@@")) return "d-hunk";
  if (line.startsWith("+")) return "d-add";
  if (line.startsWith("-")) return "d-del";
  if (line.startsWith("diff ") || line.startsWith("index ")) return "d-meta";
  return "d-ctx";
}

export default function LogViewer(props: LogViewerProps) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stale = false;
    setState({ kind: "loading" });
    (async () => {
      const size = await fileSize(props.url);
      if (size === null) return null;
      return props.from === "tail"
        ? await fetchPart(props.url, Math.max(0, size - CHUNK_BYTES), size, size, { start: true })
        : await fetchPart(props.url, 0, Math.min(size, CHUNK_BYTES), size, { end: true });
    })()
      .then((part) => {
        if (!stale) setState(part ? { kind: "ok", ...part } : { kind: "missing" });
      })
      .catch((e) => !stale && setState({ kind: "error", message: String(e.message ?? e) }));
    return () => {
      stale = true;
    };
  }, [props.url, props.version]);

  if (state.kind === "loading") return <p class="muted" aria-live="polite">Loading…</p>;
  if (state.kind === "missing") {
    return <p class="muted" data-log-missing>Not written (yet).</p>;
  }
  if (state.kind === "error") return <p class="error-text">Cannot read it: {state.message}</p>;

  const loaded = state.end - state.start;
  const more = props.from === "tail" ? state.start > 0 : state.end < state.size;
  const capped = loaded >= MAX_RENDER_BYTES;
  const loadMore = async () => {
    setBusy(true);
    try {
      if (props.from === "tail") {
        const from = Math.max(0, state.start - CHUNK_BYTES);
        const part = await fetchPart(props.url, from, state.start, state.size, { start: true });
        setState({ ...state, text: part.text + state.text, start: part.start });
      } else {
        const to = Math.min(state.size, state.end + CHUNK_BYTES);
        const part = await fetchPart(props.url, state.end, to, state.size, { end: true });
        setState({ ...state, text: state.text + part.text, end: part.end });
      }
    } catch (e) {
      setState({ kind: "error", message: String((e as Error).message ?? e) });
    } finally {
      setBusy(false);
    }
  };

  const note = state.size === 0
    ? "empty"
    : loaded === state.size
    ? formatBytes(state.size)
    : `${props.from === "tail" ? "last" : "first"} ${formatBytes(loaded)} of ${
      formatBytes(state.size)
    }`;
  const lines = props.diff ? state.text.split("\n") : null;
  if (lines && lines.at(-1) === "") lines.pop();
  return (
    <div class="log-view" data-log-size={state.size}>
      <div class="log-bar small">
        <span class="muted" data-log-note>{note}</span>
        {more && !capped && (
          <button type="button" class="small" disabled={busy} onClick={loadMore}>
            {props.from === "tail" ? "Load earlier" : "Load more"}
          </button>
        )}
        {more && capped && <span class="muted">display capped at {formatBytes(loaded)}</span>}
        <a href={props.url} target="_blank" rel="noopener">raw file</a>
      </div>
      {props.from === "tail" && more && <p class="muted small">… earlier output not shown</p>}
      {props.transcript
        ? <TranscriptView text={state.text} />
        : (
          <pre class={props.diff ? "log diff" : "log"} tabIndex={0}>
          {lines
            ? lines.map((l, i) => <span key={i} class={diffClass(l)}>{l + "\n"}</span>)
            : state.text || " "}
          </pre>
        )}
      {props.from === "head" && more && <p class="muted small">… more not shown</p>}
    </div>
  );
}
