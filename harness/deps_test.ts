import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Task } from "./catalog.ts";
import { dependencyMounts, depsFolder, missingDependencies } from "./deps.ts";

const task = (dependencies: Task["meta"]["dependencies"]) =>
  ({ id: "java_x", dir: "/cat/java_x", meta: { dependencies } }) as unknown as Task;

/** Fakes an installed cache folder holding `files`. */
async function installedFolder(folder: string, files: string[]) {
  for (const f of [".installed", ...files]) {
    await Deno.mkdir(join(folder, f, ".."), { recursive: true });
    await Deno.writeTextFile(join(folder, f), "");
  }
}

describe("test dependencies", () => {
  it("the cache folder is named by the sorted spec: same set, same folder", async () => {
    const a = await depsFolder("/runs", "maven", ["b:b:1", "a:a:1"]);
    assert.equal(a, await depsFolder("/runs", "maven", ["a:a:1", "b:b:1"]));
    assert.match(a, /^\/runs\/\.deps\/maven\/[0-9a-f]{64}$/);
    const npm = await depsFolder("/runs", "npm", { jest: "^29", "babel-jest": "^29" });
    assert.equal(npm, await depsFolder("/runs", "npm", { "babel-jest": "^29", jest: "^29" }));
    assert.notEqual(npm, await depsFolder("/runs", "npm", { jest: "^28", "babel-jest": "^29" }));
  });

  it("not installed: the one line naming the install command; installed: none", async () => {
    const runs = await Deno.makeTempDir();
    const t = task({ maven: ["org.assertj:assertj-core:3.25.1"] });
    assert.equal(
      await missingDependencies(t, runs),
      "missing dependencies: run deno task bench deps install --tasks java_x",
    );
    await installedFolder(await depsFolder(runs, "maven", t.meta.dependencies!.maven!), []);
    assert.equal(await missingDependencies(t, runs), null);
    assert.equal(await missingDependencies(task(undefined), runs), null);
  });

  it("grading sees every jar on CLASSPATH, pip on PYTHONPATH, node_modules linked in", async () => {
    const runs = await Deno.makeTempDir();
    const deps = { maven: ["a:b:1"], pip: ["six"], npm: { jest: "^29" } };
    const maven = await depsFolder(runs, "maven", deps.maven);
    const pip = await depsFolder(runs, "pip", deps.pip);
    const npm = await depsFolder(runs, "npm", deps.npm);
    await installedFolder(maven, ["jars/b.jar", "jars/a.jar", "jars/notes.txt"]);
    await installedFolder(pip, ["site/six.py"]);
    await installedFolder(npm, ["node_modules/jest/package.json"]);
    assert.deepEqual(await dependencyMounts(task(deps), runs), {
      extraReadOnly: {
        [join(pip, "site")]: "/opt/bench/deps/pip",
        [join(maven, "jars")]: "/opt/bench/deps/maven",
      },
      links: { node_modules: join(npm, "node_modules") },
      env: {
        PYTHONPATH: "/opt/bench/deps/pip",
        CLASSPATH: "/opt/bench/deps/maven/a.jar:/opt/bench/deps/maven/b.jar",
      },
      binDirs: ["node_modules/.bin"],
    });
    const host = await dependencyMounts(task(deps), runs, true);
    assert.equal(host.env.CLASSPATH, `${maven}/jars/a.jar:${maven}/jars/b.jar`);
    assert.deepEqual(host.extraReadOnly, {});
  });
});
