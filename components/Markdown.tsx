// A task's instructions, Markdown rendered on the server by `marked`. Raw HTML in the
// source is shown as text, never passed through, and links may only go to http(s),
// mailto or same-page addresses: instructions come from task folders, which anyone can add.
import { Marked, type Tokens } from "marked";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Links with a scheme must use one of these; scheme-less ones are relative. */
const SAFE_SCHEME = /^(https?|mailto):/i;
const HAS_SCHEME = /^\s*[a-z][a-z0-9+.-]*:/i;

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = token.href.trim();
      if (HAS_SCHEME.test(href) && !SAFE_SCHEME.test(href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : "";
      return `<a href="${escapeHtml(href)}"${title} rel="noopener">${text}</a>`;
    },
    image(token: Tokens.Image) {
      // Task images are not served: show the alt text.
      return escapeHtml(token.text);
    },
  },
});

/** HTML of `source` with raw HTML escaped. */
export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false }) as string;
}

export function Markdown({ source }: { source: string }) {
  return <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
