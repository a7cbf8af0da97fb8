"""Deterministic DAG workflow scheduler driven by an injected clock.

See instructions.md for the full contract. Implement `schedule`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence


class Clock(Protocol):
    def now(self) -> int: ...

    def advance(self, delta: int) -> None: ...


class WorkflowError(Exception):
    """Base class of the structural errors of a workflow."""


class UnknownDependencyError(WorkflowError):
    def __init__(self, task: str, dependency: str) -> None:
        super().__init__(f"task {task!r} depends on unknown task {dependency!r}")
        self.task = task
        self.dependency = dependency


class CycleError(WorkflowError):
    def __init__(self, cycle: list[str]) -> None:
        super().__init__("dependency cycle: " + " -> ".join(cycle))
        self.cycle = cycle


@dataclass(frozen=True)
class Task:
    name: str
    duration: int
    deps: tuple[str, ...] = ()
    priority: int = 0
    slots: int = 1
    retries: int = 0
    retry_delay: int = 0


@dataclass(frozen=True)
class Attempt:
    task: str
    attempt: int
    start: int
    end: int
    ok: bool


@dataclass
class RunResult:
    attempts: list[Attempt] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)
    started_at: int = 0
    finished_at: int = 0


def schedule(
    tasks: Sequence[Task],
    capacity: int,
    clock: Clock,
    run_attempt: Callable[[str, int], bool] | None = None,
) -> RunResult:
    """Validate the workflow, then simulate it on `clock` and return the schedule."""
    raise NotImplementedError("schedule is not implemented yet")
