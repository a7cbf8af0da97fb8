// How an Exercism exercise of each language is graded once imported: the command (every
// test enabled, as Aider's benchmark runs them), the report it gives, the toolchain it
// needs, declared test dependencies and shared fixtures, and the exercise files that have
// no place in a task (Gradle wrappers, the per-exercise copy of Catch2).
import { SkipItem } from "./write.ts";

/** The files of one exercise as read from the source, by exercise-relative path. */
export interface ExerciseFiles {
  slug: string;
  files: Map<string, Uint8Array>;
  /** The test files (`.meta/config.json` files.test). */
  tests: string[];
  text(path: string): string;
}

/** Fields a language adds to metadata.json, plus its adjustments of the copied files. */
export interface LanguagePlan {
  evaluation: { command: string[]; report: string; timeout_s: number };
  requires: Record<string, string>;
  dependencies?: Record<string, unknown>;
  /** Names of folders under the catalog's `_shared/`, bound at `<sandbox>/_shared/<name>`. */
  shared?: string[];
}

export interface LanguageSpec {
  plan(ex: ExerciseFiles, shared: SharedFixtures): LanguagePlan | Promise<LanguagePlan>;
  /** Rewrites a test file so every test runs (Exercism ships all but the first disabled). */
  enableTests?(path: string, text: string): string;
  /** Exercise files left out of the task (they are not the stub, the tests or the example). */
  drop?(path: string): boolean;
}

/** Collects files the importer writes once into `<catalog>/_shared/<name>/`. */
export interface SharedFixtures {
  /** Registers `files` under a name derived from their bytes; returns that name. */
  add(prefix: string, files: Record<string, Uint8Array>): Promise<string>;
}

const TIMEOUT_S = 180;
const CATCH_HEADER = "test/catch.hpp";
const JUNIT_PLATFORM_FALLBACK = "1.10.2";

function goVersion(ex: ExerciseFiles): string {
  const m = ex.files.has("go.mod") ? /^go (\d+\.\d+)/m.exec(ex.text("go.mod")) : null;
  return m?.[1] ?? "1.18";
}

/** Rust exercises that need crates cannot build offline; they are skipped, not broken. */
function refuseCrates(ex: ExerciseFiles) {
  if (ex.files.has(".meta/Cargo-example.toml")) {
    throw new SkipItem("the example needs crates (.meta/Cargo-example.toml)");
  }
  const deps = /^\[dependencies\]\s*\n([^[]*)/m.exec(ex.text("Cargo.toml"))?.[1] ?? "";
  if (deps.trim()) throw new SkipItem("Cargo.toml declares crates, which cannot build offline");
}

/** `testImplementation "group:artifact:version"` lines of build.gradle, plus the launcher. */
function mavenJars(ex: ExerciseFiles): string[] {
  const gradle = ex.files.has("build.gradle") ? ex.text("build.gradle") : "";
  const jars = [...gradle.matchAll(/testImplementation\s*\(?\s*["']([\w.-]+:[\w.-]+:[\w.-]+)["']/g)]
    .map((m) => m[1]);
  // JUnit's BOM 5.x.y pins the platform (and so the console launcher) at 1.x.y.
  const bom = /junit-bom:5\.(\d+\.\d+)/.exec(gradle)?.[1];
  const platform = bom ? `1.${bom}` : JUNIT_PLATFORM_FALLBACK;
  const launcher = `org.junit.platform:junit-platform-console-standalone:${platform}`;
  return [launcher, ...jars.filter((j) => !j.startsWith("org.junit"))].sort();
}

const sh = (script: string) => ["sh", "-c", script];

// The graded commands write their structured report to $BENCH_REPORT_FILE (set by the
// harness per grading) and keep build products in the sandbox's private $TMPDIR.
const JAVA_SCRIPT = [
  'c="${TMPDIR:-/tmp}/classes"; r="${TMPDIR:-/tmp}/reports"',
  'javac -d "$c" $(find src -name "*.java") || exit 2',
  "java org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=none " +
  '--class-path "$c" --scan-class-path --reports-dir "$r"',
  'rc=$?; cp "$r/TEST-junit-jupiter.xml" "$BENCH_REPORT_FILE"; exit $rc',
].join("\n");

function cppScript(shared: string): string {
  return [
    `s=../_shared/${shared}; bin="\${TMPDIR:-/tmp}/tests"`,
    'g++ -std=c++17 -pthread -DEXERCISM_TEST_SUITE -DEXERCISM_RUN_ALL_TESTS -I. -I"$s" ' +
    '-I"$s/catch2" -o "$bin" *.cpp test/*.cpp || exit 2',
    '"$bin" -r junit -o "$BENCH_REPORT_FILE"',
  ].join("\n");
}

/** The languages the polyglot benchmark holds, by their folder name in a checkout. */
export const LANGUAGE_SPECS: Record<string, LanguageSpec> = {
  python: {
    plan: (ex) => ({
      evaluation: {
        command: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", ...ex.tests],
        report: "pytest",
        timeout_s: TIMEOUT_S,
      },
      requires: { python3: "3.8" },
    }),
  },
  go: {
    plan: (ex) => ({
      evaluation: {
        command: ["go", "test", "-json", "-count=1", "./..."],
        report: "go-json",
        timeout_s: TIMEOUT_S,
      },
      requires: { go: goVersion(ex) },
    }),
  },
  rust: {
    plan: (ex) => {
      refuseCrates(ex);
      return {
        evaluation: {
          command: [
            "cargo",
            "test",
            "--no-fail-fast",
            "--offline",
            "--color",
            "never",
            "--",
            "--include-ignored",
          ],
          report: "cargo",
          timeout_s: TIMEOUT_S,
        },
        requires: { cargo: "1.56" },
      };
    },
  },
  javascript: {
    plan: (ex) => {
      const pkg = ex.files.has("package.json") ? JSON.parse(ex.text("package.json")) : {};
      const npm = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
      if (!npm.jest) throw new SkipItem("package.json does not declare jest");
      return {
        evaluation: {
          command: sh('jest --ci --json --outputFile="$BENCH_REPORT_FILE"'),
          report: "jest",
          timeout_s: TIMEOUT_S,
        },
        requires: { node: "18" },
        dependencies: { npm: Object.fromEntries(Object.entries(npm).sort()) },
      };
    },
    enableTests: (_path, text) => text.replace(/\bxtest\(/g, "test(").replace(/\bxit\(/g, "it("),
  },
  cpp: {
    plan: async (ex, shared) => {
      if (!ex.files.has(CATCH_HEADER)) {
        throw new SkipItem(`no ${CATCH_HEADER} to build the tests with`);
      }
      // One Catch2 per catalog (named by its bytes) instead of 657 KB in every task.
      const name = await shared.add("catch2", { "catch2/catch.hpp": ex.files.get(CATCH_HEADER)! });
      return {
        evaluation: { command: sh(cppScript(name)), report: "junit", timeout_s: TIMEOUT_S },
        requires: { "g++": "9" },
        shared: [name],
      };
    },
    // The exercise's CMakeLists.txt names its target after the folder; the command above
    // builds the same sources directly instead.
    drop: (path) => path === CATCH_HEADER || path === "CMakeLists.txt",
  },
  java: {
    plan: (ex) => ({
      evaluation: { command: sh(JAVA_SCRIPT), report: "junit", timeout_s: TIMEOUT_S },
      requires: { javac: "17" },
      dependencies: { maven: mavenJars(ex) },
    }),
    // Aider's benchmark removes the annotations that keep all but the first test off.
    enableTests: (_path, text) => text.replace(/^[ \t]*@Disabled(\([^)]*\))?[ \t]*\n/gm, ""),
    drop: (path) => /^(gradlew(\.bat)?|build\.gradle|settings\.gradle|gradle\/.*)$/.test(path),
  },
};
