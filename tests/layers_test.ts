// The folder rule: imports point down only (routes → server → harness → lib), and islands
// import only lib/wire and each other, so the browser bundle never pulls in the engine or
// the database. Tests and scripts may import anything.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { dirname, join, normalize } from "node:path";

const ROOT = join(dirname(new URL(import.meta.url).pathname), "..");
const IMPORT = /(?:import|export)[^'"]*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']/g;
const FORBIDDEN: Record<string, string[]> = {
  lib: ["harness/", "server/", "routes/", "islands/", "components/"],
  harness: ["server/", "routes/", "islands/", "components/"],
  server: ["routes/", "islands/", "components/"],
};

/** Every relative import of a source file in `layer/` that breaks the rule, as "from -> to". */
export function layerViolations(root: string, layer: string): string[] {
  const bad: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(join(root, dir))) {
      const path = join(dir, e.name);
      if (e.isDirectory && e.name !== "testdata") walk(path);
      if (!e.isFile || !/\.tsx?$/.test(e.name) || /_test\.tsx?$/.test(e.name)) continue;
      for (const m of Deno.readTextFileSync(join(root, path)).matchAll(IMPORT)) {
        const target = normalize(join(dirname(path), m[1] ?? m[2]));
        const ok = layer === "islands"
          ? target.startsWith("islands/") || /^lib\/wire[\w/.-]*\.tsx?$/.test(target)
          : !FORBIDDEN[layer].some((p) => target.startsWith(p));
        if (!ok) bad.push(`${path} -> ${target}`);
      }
    }
  };
  walk(layer);
  return bad;
}

for (const layer of ["lib", "harness", "server", "islands"]) {
  Deno.test(`layers - ${layer}/ imports only what lies below it`, () => {
    assertEquals(layerViolations(ROOT, layer), []);
  });
}

Deno.test("layers - the checker sees an import that points up", () => {
  const root = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(join(root, "lib"));
    Deno.writeTextFileSync(join(root, "lib", "x.ts"), 'import { a } from "../harness/run.ts";\n');
    assertEquals(layerViolations(root, "lib"), ["lib/x.ts -> harness/run.ts"]);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
