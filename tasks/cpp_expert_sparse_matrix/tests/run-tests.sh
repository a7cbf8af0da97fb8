#!/usr/bin/env bash
# Builds the tests against workspace/ with sanitizers and runs them.
# The binary prints one line per test and finally "N passed, M failed", and writes
# JUnit XML to $BENCH_REPORT_FILE (the report the harness grades from).
set -u
cd "$(dirname "$0")/.."
bin="${TMPDIR:-/tmp}/test_bin"
sources=()
for f in workspace/*.cpp; do
    [ -e "$f" ] && sources+=("$f")
done
if ! g++ -std=c++20 -O1 -g -pthread -fsanitize=address,undefined -I workspace -I _shared/junit \
        tests/test_main.cpp "${sources[@]}" -o "$bin"; then
    echo "compilation failed" >&2
    exit 2
fi
"$bin"
