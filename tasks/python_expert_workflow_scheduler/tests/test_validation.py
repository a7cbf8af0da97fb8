import pytest

from fakes import FakeClock
from workflow import CycleError, Task, UnknownDependencyError, WorkflowError, schedule


def _never_called(name, attempt):
    raise AssertionError("run_attempt must not be called for an invalid workflow")


def test_cycle_is_reported_in_dfs_order_with_message():
    clock = FakeClock(5)
    tasks = [
        Task("d", 1),
        Task("a", 1, deps=("b",)),
        Task("b", 1, deps=("c",)),
        Task("c", 1, deps=("a",)),
    ]
    with pytest.raises(CycleError) as info:
        schedule(tasks, 2, clock, _never_called)
    assert info.value.cycle == ["a", "b", "c", "a"]
    assert str(info.value) == "dependency cycle: a -> b -> c -> a"
    assert isinstance(info.value, WorkflowError)
    assert clock.visited == [] and clock.now() == 5


def test_cycle_reached_through_an_acyclic_prefix_starts_at_reentered_task():
    tasks = [
        Task("start", 1, deps=("x",)),
        Task("x", 1, deps=("y",)),
        Task("y", 1, deps=("z", "x")),
        Task("z", 1),
    ]
    with pytest.raises(CycleError) as info:
        schedule(tasks, 1, FakeClock())
    assert info.value.cycle == ["x", "y", "x"]


def test_first_cycle_follows_task_order_and_dependency_order():
    tasks = [
        Task("p", 1, deps=("p",)),
        Task("a", 1, deps=("c", "b")),
        Task("b", 1, deps=("a",)),
        Task("c", 1, deps=("a",)),
    ]
    with pytest.raises(CycleError) as info:
        schedule(tasks, 1, FakeClock())
    assert info.value.cycle == ["p", "p"]
    with pytest.raises(CycleError) as info:
        schedule(tasks[1:], 1, FakeClock())
    assert info.value.cycle == ["a", "c", "a"]
    assert str(info.value) == "dependency cycle: a -> c -> a"


def test_unknown_dependency_is_reported_before_cycles():
    tasks = [
        Task("a", 1, deps=("b",)),
        Task("b", 1, deps=("a",)),
        Task("c", 1, deps=("a", "ghost")),
    ]
    with pytest.raises(UnknownDependencyError) as info:
        schedule(tasks, 1, FakeClock(), _never_called)
    assert info.value.task == "c"
    assert info.value.dependency == "ghost"
    assert str(info.value) == "task 'c' depends on unknown task 'ghost'"
    assert isinstance(info.value, WorkflowError)


@pytest.mark.parametrize(
    "tasks, capacity",
    [
        ([Task("a", 1), Task("a", 2)], 1),
        ([Task("a", 0)], 1),
        ([Task("a", 1, slots=3)], 2),
        ([Task("a", 1, slots=0)], 2),
        ([Task("a", 1, retries=-1)], 1),
        ([Task("a", 1, retry_delay=-1)], 1),
        ([Task("a", 1)], 0),
        # value errors win over structural errors
        ([Task("a", 1, deps=("ghost",)), Task("b", 0)], 1),
    ],
)
def test_invalid_values_raise_value_error_before_anything_runs(tasks, capacity):
    clock = FakeClock(9)
    with pytest.raises(ValueError):
        schedule(tasks, capacity, clock, _never_called)
    assert clock.visited == []
