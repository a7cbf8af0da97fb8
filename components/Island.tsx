// Server side of an island: renders the component to HTML inside a marked root and embeds
// its props as JSON beside it, for islands/client.ts to hydrate. Props must be plain JSON.
import type { ComponentProps } from "preact";
import { useId } from "preact/hooks";
import { type IslandName, ISLANDS } from "../islands/registry.ts";

/** JSON safe inside <script>: no `</script>`, `<!--` or line separators can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function Island<N extends IslandName>(
  { name, props, class: cls }: {
    name: N;
    props: ComponentProps<typeof ISLANDS[N]>;
    class?: string;
  },
) {
  const id = `island-${useId()}`;
  // deno-lint-ignore no-explicit-any
  const Component = ISLANDS[name] as any;
  return (
    <>
      <div data-island={name} data-props={id} class={cls}>
        <Component {...props} />
      </div>
      <script
        type="application/json"
        id={id}
        dangerouslySetInnerHTML={{ __html: scriptJson(props) }}
      />
    </>
  );
}
