// GET /api/docs: a plain page listing every operation of the OpenAPI document (method,
// path, summary, parameters, body fields, responses), rendered on the server.
import { html } from "hono/html";
import type { Hono } from "hono";
import { type AppEnv, newRouter } from "../../server/router.ts";
import { plainPage } from "../plain_page.ts";

/** The parts of an OpenAPI document the docs page reads. */
export interface OpenApiDoc {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation | undefined> | undefined>;
}

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

function schemaFields(schema: unknown, doc: OpenApiDoc & { components?: unknown }): string[] {
  const ref = (schema as { $ref?: string })?.$ref;
  const resolved = ref
    ? ref.split("/").slice(1).reduce<unknown>(
      (o, k) => (o as Record<string, unknown>)?.[k],
      doc,
    )
    : schema;
  const props = (resolved as { properties?: Record<string, unknown> })?.properties;
  return props ? Object.keys(props) : [];
}

function docsPage(doc: OpenApiDoc) {
  const rows = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops ?? {}).map(([method, op]) => {
      const params = (op?.parameters ?? []).map((p) => `${p.name} (${p.in})`);
      const body = Object.values(op?.requestBody?.content ?? {})[0]?.schema;
      const fields = body ? schemaFields(body, doc) : [];
      const responses = Object.entries(op?.responses ?? {}).map(([s, r]) =>
        `${s} ${r.description ?? ""}`
      );
      return html`
        <tr>
          <td class="method">${method}</td>
          <td><code>${path}</code></td>
          <td>${op?.summary ?? ""}
            ${params.length ? html`<div class="muted">parameters: ${params.join(", ")}</div>` : ""}
            ${fields.length ? html`<div class="muted">body: ${fields.join(", ")}</div>` : ""}
            <div class="muted">${responses.join(" · ")}</div></td>
        </tr>
      `;
    })
  );
  return plainPage(
    `${doc.info.title} API`,
    html`
      <h1>${doc.info.title} <span class="muted">${doc.info.version}</span></h1>
      <p>${doc.info.description ??
        ""} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
      <table>
        <thead>
          <tr>
            <th>method</th>
            <th>path</th>
            <th>what</th>
          </tr>
        </thead>
        <tbody>${rows}</tbody>
      </table>
    `,
  );
}

/** The docs page; `openApi` returns the app's document (built on first use). */
export function docsRoutes(openApi: () => OpenApiDoc): Hono<AppEnv> {
  return newRouter().get("/docs", (c) => c.html(docsPage(openApi())));
}
