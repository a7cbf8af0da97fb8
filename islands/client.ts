// The browser entry: hydrates every island root the server marked. Each root is
// `<div data-island="Name" data-props="id">` holding the island's server-rendered HTML,
// with its props as JSON in `<script type="application/json" id="id">`; hydrating attaches
// the island's behaviour to that HTML without re-rendering it.
import { h, hydrate } from "preact";
import { type IslandName, ISLANDS } from "./registry.ts";

document.documentElement.classList.add("js");

for (const root of document.querySelectorAll<HTMLElement>("[data-island]")) {
  const name = root.dataset.island as IslandName;
  const island = ISLANDS[name];
  const json = document.getElementById(root.dataset.props ?? "")?.textContent;
  if (!island || json === undefined) {
    console.error(`island ${name}: no component or no props`);
    continue;
  }
  // deno-lint-ignore no-explicit-any
  hydrate(h(island as any, JSON.parse(json ?? "null")), root);
}
// For scripts/bench_dashboard.ts: the moment every island is interactive.
performance.mark("islands-hydrated");
