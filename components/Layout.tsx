// The page shell every dashboard page shares: head (stylesheet, the islands' module when
// the page has islands), the neon header with navigation, and the main landmark.
import type { ComponentChildren, VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { PageAssets } from "../server/islands_build.ts";

export type Section = "dashboard" | "compare" | "catalog" | "api";

const LOGO_PATHS = `<path d="M16 3 29 27H3z" fill="none" stroke="#39f3ff" stroke-width="3"/>` +
  `<circle cx="16" cy="19" r="3.5" fill="#ff4df3"/>`;
const FAVICON = "data:image/svg+xml," + encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${LOGO_PATHS}</svg>`,
);

export interface LayoutProps {
  title: string;
  assets: PageAssets;
  section?: Section;
  /** Load the islands' module (pages with an island). */
  islands?: boolean;
  description?: string;
  children: ComponentChildren;
}

export function Layout(props: LayoutProps) {
  const nav: [Section, string, string][] = [
    ["dashboard", "/", "Dashboard"],
    ["compare", "/compare", "Compare"],
    ["catalog", "/catalog", "Catalog"],
    ["api", "/api/docs", "API"],
  ];
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark" />
        <meta
          name="description"
          content={props.description ?? "Benchmark AI code-generation models on real tasks"}
        />
        <title>{`${props.title} · Benchmark Harness`}</title>
        <link rel="icon" href={FAVICON} />
        <link rel="stylesheet" href={props.assets.style} />
        {props.islands && props.assets.script && <script type="module" src={props.assets.script} />}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">
            <svg
              class="logo"
              viewBox="0 0 32 32"
              width="22"
              height="22"
              aria-hidden="true"
              dangerouslySetInnerHTML={{ __html: LOGO_PATHS }}
            />
            Benchmark Harness
          </a>
          <nav aria-label="Main">
            {nav.map(([key, href, label]) => (
              <a key={key} href={href} aria-current={props.section === key ? "page" : undefined}>
                {label}
              </a>
            ))}
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="foot muted small">
          Runs live in <code>runs/</code> · API at <a href="/api/docs">/api/docs</a>
        </footer>
      </body>
    </html>
  );
}

/** A titled card, the dashboard's building block. */
export function Panel(
  { title, id, children, wide, actions }: {
    title: string;
    id?: string;
    wide?: boolean;
    actions?: ComponentChildren;
    children: ComponentChildren;
  },
) {
  return (
    <section class={`panel${wide ? " wide" : ""}`} id={id} aria-labelledby={id && `${id}-h`}>
      <div class="panel-head">
        <h2 id={id && `${id}-h`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A whole HTML document for `page`. */
export function renderPage(page: VNode): string {
  return "<!doctype html>" + renderToString(page);
}
