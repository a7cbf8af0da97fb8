// An agent's transcript.jsonl as a conversation (used by LogViewer, not an island itself):
// the prompt and the model's messages as text, each tool call with its arguments, and each
// tool result folded in a <details> so long file reads and test output stay out of the way.
// Lines that are not JSON (a hand-edited file) are shown as they are.

interface Entry {
  role?: string;
  turn?: number;
  content?: string | null;
  name?: string;
  tool_calls?: { id: string; name: string; arguments: string }[];
}

/** Characters of a tool call's arguments shown before they are cut. */
const SHOWN_ARGUMENT_CHARS = 2000;

function parse(line: string): Entry | string {
  try {
    const v = JSON.parse(line);
    return typeof v === "object" && v !== null ? v as Entry : line;
  } catch {
    return line;
  }
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function Message({ e }: { e: Entry }) {
  if (e.role === "tool") {
    const text = e.content ?? "";
    const refused = text.startsWith("error: ");
    return (
      <details class={`msg msg-tool${refused ? " msg-refused" : ""}`} data-role="tool">
        <summary class="small mono">
          {e.name ?? "tool"} → {refused ? text.split("\n")[0] : `${text.length} characters`}
        </summary>
        <pre class="log">{text || " "}</pre>
      </details>
    );
  }
  return (
    <div class={`msg msg-${e.role ?? "other"}`} data-role={e.role}>
      <div class="small muted">
        {e.role === "assistant" ? `model · turn ${e.turn ?? "?"}` : e.role ?? "?"}
      </div>
      {e.content && <pre class="log">{e.content}</pre>}
      {e.tool_calls?.map((c) => (
        <div key={c.id} class="tool-call small mono" data-tool={c.name}>
          {c.name}({cut(c.arguments, SHOWN_ARGUMENT_CHARS)})
        </div>
      ))}
    </div>
  );
}

/** The conversation in `text` (whole JSON lines). */
export default function TranscriptView({ text }: { text: string }) {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) return <p class="muted">The transcript is empty.</p>;
  return (
    <div class="transcript">
      {lines.map((l, i) => {
        const e = parse(l);
        return typeof e === "string"
          ? <pre key={i} class="log">{e}</pre>
          : <Message key={i} e={e} />;
      })}
    </div>
  );
}
