// The plain server-rendered page around the API docs and the placeholder home page: inline
// styles only, no external assets (the network may be closed).
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

const STYLE = raw(`<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
         color: #1d1f24; }
  code, pre { font: 13px ui-monospace, monospace; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border-bottom: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  .method { font-weight: 700; text-transform: uppercase; }
  .muted { color: #666; }
</style>`);

/** A whole HTML document with `body` inside. */
export function plainPage(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`
    <!doctype html>
    <html lang="en">
      <head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
    <title>${title}</title>${STYLE}</head>
      <body>${body}</body>
    </html>
  `;
}
