// The run page shows an agent's transcript as a conversation with folded tool results.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderToString } from "preact-render-to-string";
import TranscriptView from "./TranscriptView.tsx";

const LINES = [
  { role: "user", content: "Fix calc.py" },
  {
    role: "assistant",
    turn: 1,
    content: null,
    tool_calls: [{ id: "c1", name: "read_file", arguments: '{"path":"calc.py"}' }],
  },
  { role: "tool", tool_call_id: "c1", name: "read_file", content: "def add(a, b): ..." },
  { role: "tool", tool_call_id: "c2", name: "write_file", content: "error: <b> not editable" },
].map((l) => JSON.stringify(l)).join("\n") + "\nnot json\n";

describe("transcript view", () => {
  it("shows messages, tool calls and folded tool results, escaping what the model wrote", () => {
    const html = renderToString(<TranscriptView text={LINES} />);
    assert.equal(html.match(/data-role="/g)?.length, 4);
    assert.match(
      html,
      /<div class="tool-call small mono" data-tool="read_file">read_file\(\{&quot;path&quot;:&quot;calc.py&quot;\}\)<\/div>/,
    );
    assert.match(
      html,
      /<details class="msg msg-tool" data-role="tool"><summary class="small mono">read_file → 18 characters<\/summary><pre class="log">def add\(a, b\): ...<\/pre><\/details>/,
    );
    assert.match(html, /class="msg msg-tool msg-refused"/);
    assert.match(html, /error: &lt;b> not editable/);
    assert.ok(!html.includes("<b>"));
    assert.match(html, /<pre class="log">not json<\/pre>/);
  });
});
