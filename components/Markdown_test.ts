// Task instructions as HTML: Markdown rendered, raw HTML and unsafe links neutralised.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderMarkdown } from "./Markdown.tsx";

describe("markdown", () => {
  it("renders headings, code and lists", () => {
    assert.equal(
      renderMarkdown("# Title\n\nUse `add(a, b)`:\n\n- one\n"),
      "<h1>Title</h1>\n<p>Use <code>add(a, b)</code>:</p>\n<ul>\n<li>one</li>\n</ul>\n",
    );
  });

  it("escapes raw HTML blocks and inline tags", () => {
    assert.equal(
      renderMarkdown('<script>alert(1)</script>\n\nhi <img src=x onerror="alert(2)">'),
      "&lt;script&gt;alert(1)&lt;/script&gt;<p>hi &lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>\n",
    );
  });

  it("keeps http links and drops javascript: ones (their text stays)", () => {
    assert.equal(
      renderMarkdown("[ok](https://example.com) [bad](javascript:alert(1)) [rel](docs/a.md)"),
      '<p><a href="https://example.com" rel="noopener">ok</a> bad ' +
        '<a href="docs/a.md" rel="noopener">rel</a></p>\n',
    );
  });
});
