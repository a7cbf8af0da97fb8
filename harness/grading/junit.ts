// JUnit XML, the structured report pytest (--junitxml), node's test runner (junit reporter),
// deno test (--junit-path) and the catalog's custom runners write to a harness-chosen file.
// Every <testcase> is one test: a <failure> or <error> child fails it, <skipped> leaves it
// out. Nested <testsuite>s (node's describe blocks) become part of the id.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { firstErrorLine } from "./build_error.ts";
import { fromTests, record, type TestReport, type TestStatus } from "./types.ts";

type Node = Record<string, unknown>;

/** How a test case becomes an id: its enclosing suite names, its classname and its name. */
export type JunitIdStyle = "classname" | "suites";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped"].includes(name),
  processEntities: true,
});

const list = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as Node[];
const attr = (n: Node, name: string) => String(n[`@${name}`] ?? "");
const text = (n: Node) => typeof n === "string" ? n : String(n["#text"] ?? "");

function firstLine(s: string): string | null {
  const line = s.split("\n").map((l) => l.trim()).find((l) => l.length > 0);
  return line ? line.slice(0, 300) : null;
}

/**
 * Parses a JUnit XML report. Returns null when `xml` is not well-formed or has no
 * <testsuites>/<testsuite> root (a truncated or forged-empty file is no report).
 */
export function parseJunit(xml: string, style: JunitIdStyle): TestReport | null {
  if (XMLValidator.validate(xml) !== true) return null;
  const doc = parser.parse(xml) as Node;
  const root = (doc.testsuites ?? (doc.testsuite ? { testsuite: doc.testsuite } : null)) as
    | Node
    | null;
  if (!root) return null;
  const tests = new Map<string, TestStatus>();
  const flags = new Set<string>();
  const collectionErrors: string[] = [];
  const walk = (suite: Node, path: string[]) => {
    for (const c of list(suite.testcase)) {
      const name = attr(c, "name"), cls = attr(c, "classname");
      const id = style === "suites" ? [...path, name].join(" > ") : cls ? `${cls}::${name}` : name;
      if (list(c.skipped).length) continue;
      const errors = [...list(c.failure), ...list(c.error)];
      // pytest reports a module that fails to import as an <error> on a nameless class.
      const collection = list(c.error).find((e) => attr(e, "message") === "collection failure");
      if (collection) {
        const lines = text(collection).split("\n").filter((l) => l.startsWith("E "));
        collectionErrors.push(
          firstErrorLine(lines.join("\n")) ?? firstLine(lines.join("\n")) ??
            `error collecting ${name}`,
        );
        continue;
      }
      record(tests, flags, id, errors.length ? "failed" : "passed");
    }
    for (const s of list(suite.testsuite)) walk(s, [...path, attr(s, "name")]);
  };
  // In "suites" style (node) every <testsuite> is a describe block and names part of the id;
  // in "classname" style the suite is a file or the tool itself (pytest names it "pytest").
  for (const s of list(root.testsuite)) walk(s, style === "suites" ? [attr(s, "name")] : []);
  walk({ testcase: root.testcase }, []);
  const report = fromTests(tests, { flags: [...flags] });
  if (collectionErrors.length) {
    report.failed += collectionErrors.length;
    report.total += collectionErrors.length;
    report.buildFailed = tests.size === 0;
    report.buildError = collectionErrors[0];
  }
  return report;
}
