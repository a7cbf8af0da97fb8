from fakes import FakeClock, Script, rows
from workflow import Task, schedule


def test_linear_chain_uses_injected_clock_start():
    clock = FakeClock(100)
    tasks = [
        Task("c", 4, deps=("b",)),
        Task("a", 3),
        Task("b", 2, deps=("a",)),
    ]
    result = schedule(tasks, 1, clock)
    assert rows(result) == [
        ("a", 1, 100, 103, True),
        ("b", 1, 103, 105, True),
        ("c", 1, 105, 109, True),
    ]
    assert result.started_at == 100
    assert result.finished_at == 109
    assert clock.now() == 109
    assert result.status == {"c": "succeeded", "a": "succeeded", "b": "succeeded"}
    assert list(result.status) == ["c", "a", "b"]


def test_priority_decides_who_gets_the_slots():
    clock = FakeClock()
    script = Script(clock)
    tasks = [Task("low", 5), Task("high", 2, priority=10), Task("mid", 3, priority=5)]
    result = schedule(tasks, 2, clock, script)
    assert rows(result) == [
        ("high", 1, 0, 2, True),
        ("mid", 1, 0, 3, True),
        ("low", 1, 2, 7, True),
    ]
    assert script.calls == [("high", 1, 2), ("mid", 1, 3), ("low", 1, 7)]
    assert result.finished_at == 7


def test_equal_priority_prefers_longest_waiting_then_name():
    clock = FakeClock()
    tasks = [
        Task("y", 10),
        Task("q", 4),
        Task("p", 1),
        Task("b", 1, deps=("p",)),
    ]
    result = schedule(tasks, 2, clock)
    # at t=1 "y" (ready since 0) beats "b" (ready since 1) despite its name
    assert rows(result) == [
        ("p", 1, 0, 1, True),
        ("q", 1, 0, 4, True),
        ("y", 1, 1, 11, True),
        ("b", 1, 4, 5, True),
    ]
    assert result.finished_at == 11


def test_wide_task_that_does_not_fit_is_skipped_and_smaller_ones_backfill():
    clock = FakeClock()
    tasks = [
        Task("a", 4, priority=9, slots=2),
        Task("b", 1, priority=5, slots=2),
        Task("c", 1, priority=1, slots=1),
    ]
    result = schedule(tasks, 3, clock)
    assert rows(result) == [
        ("a", 1, 0, 4, True),
        ("c", 1, 0, 1, True),
        ("b", 1, 4, 5, True),
    ]
    assert clock.visited == [1, 4, 5]


def test_retries_back_off_exponentially_and_clock_jumps_to_retry_times():
    clock = FakeClock()
    script = Script(clock, {("flaky", 1): False, ("flaky", 2): False, ("flaky", 3): False})
    tasks = [
        Task("flaky", 2, retries=3, retry_delay=5),
        Task("other", 3, priority=-1),
        Task("after", 1, deps=("flaky",)),
    ]
    result = schedule(tasks, 1, clock, script)
    assert rows(result) == [
        ("flaky", 1, 0, 2, False),
        ("other", 1, 2, 5, True),
        ("flaky", 2, 7, 9, False),
        ("flaky", 3, 19, 21, False),
        ("flaky", 4, 41, 43, True),
        ("after", 1, 43, 44, True),
    ]
    assert clock.visited == [2, 5, 7, 9, 19, 21, 41, 43, 44]
    assert script.calls == [
        ("flaky", 1, 2),
        ("other", 1, 5),
        ("flaky", 2, 9),
        ("flaky", 3, 21),
        ("flaky", 4, 43),
        ("after", 1, 44),
    ]
    assert result.status == {"flaky": "succeeded", "other": "succeeded", "after": "succeeded"}


def test_exhausted_retries_fail_the_task_and_skip_all_dependents():
    clock = FakeClock()
    script = Script(clock, {("transform", 1): False, ("transform", 2): False})
    tasks = [
        Task("extract", 1),
        Task("transform", 1, deps=("extract",), retries=1),
        Task("load", 1, deps=("transform",)),
        Task("verify", 2),
        Task("report", 1, deps=("load", "verify")),
    ]
    result = schedule(tasks, 2, clock, script)
    assert rows(result) == [
        ("extract", 1, 0, 1, True),
        ("verify", 1, 0, 2, True),
        ("transform", 1, 1, 2, False),
        ("transform", 2, 2, 3, False),
    ]
    # simultaneous completions are reported in the order the attempts started
    assert script.calls == [
        ("extract", 1, 1),
        ("verify", 1, 2),
        ("transform", 1, 2),
        ("transform", 2, 3),
    ]
    assert result.status == {
        "extract": "succeeded",
        "transform": "failed",
        "load": "skipped",
        "verify": "succeeded",
        "report": "skipped",
    }
    assert result.finished_at == 3


def test_independent_branch_keeps_running_after_a_failure():
    clock = FakeClock(50)
    script = Script(clock, {("bad", 1): False})
    tasks = [
        Task("bad", 1),
        Task("child", 1, deps=("bad",)),
        Task("grandchild", 1, deps=("child",)),
        Task("good", 3),
        Task("good2", 2, deps=("good",)),
    ]
    result = schedule(tasks, 1, clock, script)
    assert rows(result) == [
        ("bad", 1, 50, 51, False),
        ("good", 1, 51, 54, True),
        ("good2", 1, 54, 56, True),
    ]
    assert result.status == {
        "bad": "failed",
        "child": "skipped",
        "grandchild": "skipped",
        "good": "succeeded",
        "good2": "succeeded",
    }
    assert result.finished_at == 56


def test_diamond_with_repeated_dependency_runs_join_once_after_both_branches():
    clock = FakeClock(7)
    tasks = [
        Task("join", 2, deps=("left", "right", "left")),
        Task("right", 5, deps=("root",), priority=1),
        Task("left", 2, deps=("root",)),
        Task("root", 1),
    ]
    result = schedule(tasks, 2, clock)
    assert rows(result) == [
        ("root", 1, 7, 8, True),
        ("right", 1, 8, 13, True),
        ("left", 1, 8, 10, True),
        ("join", 1, 13, 15, True),
    ]
    assert clock.visited == [8, 10, 13, 15]


def test_empty_workflow_does_not_touch_the_clock():
    clock = FakeClock(42)
    calls = []
    result = schedule([], 3, clock, lambda n, a: calls.append(n) or True)
    assert result.attempts == []
    assert result.status == {}
    assert result.started_at == 42 and result.finished_at == 42
    assert clock.visited == [] and calls == []
