import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { scanAnswer, scanFile } from "./tamper.ts";

const scan = (path: string, text: string) => scanFile({ path, text });

describe("tamper scanner", () => {
  it("flags early exits in every language", () => {
    assert.deepEqual(scan("a.py", "import os\nos._exit(0)\n"), ["process_exit"]);
    assert.deepEqual(scan("a.mjs", "process.exit(0);"), ["process_exit"]);
    assert.deepEqual(scan("a.go", "func init() { os.Exit(0) }"), ["process_exit"]);
    assert.deepEqual(scan("src/lib.rs", "std::process::exit(0);"), ["process_exit"]);
    assert.deepEqual(scan("a.hpp", "static int x = (std::exit(0), 0);"), ["process_exit"]);
    assert.deepEqual(scan("a.hpp", "static int y = (_exit(0), 0);"), ["process_exit"]);
  });

  it("allows sys.exit under the main guard only", () => {
    const cli =
      "import sys\ndef main():\n    return 0\n\nif __name__ == '__main__':\n    sys.exit(main())\n";
    assert.deepEqual(scan("cli.py", cli), []);
    assert.deepEqual(scan("lib.py", "import sys\ndef f():\n    sys.exit(0)\n"), ["process_exit"]);
    const after = cli + "def g():\n    raise SystemExit(0)\n";
    assert.deepEqual(scan("cli.py", after), ["process_exit"]);
  });

  it("leaves ordinary code alone", () => {
    assert.deepEqual(scan("todo.mjs", "process.exitCode = main(process.argv.slice(2));"), []);
    assert.deepEqual(scan("a.py", 'print("value passed to f")  # 3 passed\n'), []);
    assert.deepEqual(scan("notes.md", "os._exit(0) 9 passed"), []);
    assert.deepEqual(scan("a.cpp", "void on_exit_handler(); int exit_code = 0;"), []);
  });

  it("flags raw descriptor writes", () => {
    assert.deepEqual(scan("a.py", "os.write(1, b'x')"), ["raw_fd_write"]);
    assert.deepEqual(scan("a.py", "open(f'/proc/{pid}/fd/1', 'w')"), ["raw_fd_write"]);
    assert.deepEqual(scan("a.js", "fs.writeSync(2, 'x')"), ["raw_fd_write"]);
    assert.deepEqual(scan("a.py", "for fd in os.listdir('/proc/self/fd'): pass"), ["raw_fd_write"]);
  });

  it("flags test framework internals", () => {
    assert.deepEqual(scan("a.py", "import _pytest.runner"), ["test_framework_internals"]);
    assert.deepEqual(scan("a.go", "func TestMain(m *testing.M) {}"), ["test_framework_internals"]);
    assert.deepEqual(scan("lib.rs", "extern crate test;"), ["test_framework_internals"]);
    assert.deepEqual(scan("a.mjs", "import { test } from 'node:test';"), [
      "test_framework_internals",
    ]);
    assert.deepEqual(scan("a.py", "os.environ['PYTEST_ADDOPTS']"), ["test_framework_internals"]);
  });

  it("flags runner-like summary literals", () => {
    for (
      const [path, text] of [
        ["a.js", "console.log('9 passed, 0 failed')"],
        ["a.py", 'print(f"{n} passed in 0.01s")'],
        ["a.go", 'fmt.Println("--- PASS: TestAdd (0.00s)")'],
        ["lib.rs", 'println!("test tests::add ... ok");'],
        ["a.mjs", "console.log(`ok 1 - adds`)"],
        ["a.go", 'os.Stdout.WriteString("\\x16x")'],
        ["lib.rs", 'println!("test result: ok. 3 passed; 0 failed");'],
      ]
    ) assert.deepEqual(scan(path, text), ["runner_summary_output"], text);
  });

  it("leaves ordinary status strings alone", () => {
    for (
      const [path, text] of [
        ["a.go", 'fmt.Printf("ok 200 %s\\n", url)'],
        ["a.go", 'fmt.Println("PASS through mode")'],
        ["a.py", 'print("ok")'],
      ]
    ) assert.deepEqual(scan(path, text), [], text);
  });

  it("an answer's flags are the union over its files, in a fixed order", () => {
    assert.deepEqual(
      scanAnswer([
        { path: "a.py", text: "print('1 passed in 0s')" },
        { path: "b.py", text: "import os\nos._exit(0)" },
      ]),
      ["process_exit", "runner_summary_output"],
    );
  });
});
