"""Deterministic DAG workflow scheduler driven by an injected clock.

The scheduler is a discrete-event simulation: it never sleeps, it only moves the
injected clock forward to the next moment something happens (an attempt finishing or
a retry becoming eligible).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace
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


def _validate(tasks: Sequence[Task], capacity: int) -> dict[str, Task]:
    if capacity < 1:
        raise ValueError("capacity must be >= 1")
    by_name: dict[str, Task] = {}
    for task in tasks:
        if task.name in by_name:
            raise ValueError(f"duplicate task name {task.name!r}")
        if task.duration < 1:
            raise ValueError(f"task {task.name!r}: duration must be >= 1")
        if not 1 <= task.slots <= capacity:
            raise ValueError(f"task {task.name!r}: slots must be between 1 and capacity")
        if task.retries < 0 or task.retry_delay < 0:
            raise ValueError(f"task {task.name!r}: retries and retry_delay must be >= 0")
        by_name[task.name] = task
    for task in tasks:
        for dep in task.deps:
            if dep not in by_name:
                raise UnknownDependencyError(task.name, dep)
    _check_acyclic(tasks, by_name)
    return by_name


def _check_acyclic(tasks: Sequence[Task], by_name: dict[str, Task]) -> None:
    WHITE, GREY, BLACK = 0, 1, 2
    color = {t.name: WHITE for t in tasks}
    for root in tasks:
        if color[root.name] != WHITE:
            continue
        # Iterative DFS: each frame is (name, index of the next dependency to visit).
        stack: list[list] = [[root.name, 0]]
        path = [root.name]
        color[root.name] = GREY
        while stack:
            frame = stack[-1]
            name, i = frame
            deps = by_name[name].deps
            if i == len(deps):
                color[name] = BLACK
                stack.pop()
                path.pop()
                continue
            frame[1] += 1
            dep = deps[i]
            if color[dep] == GREY:
                start = path.index(dep)
                raise CycleError(path[start:] + [dep])
            if color[dep] == WHITE:
                color[dep] = GREY
                stack.append([dep, 0])
                path.append(dep)


def schedule(
    tasks: Sequence[Task],
    capacity: int,
    clock: Clock,
    run_attempt: Callable[[str, int], bool] | None = None,
) -> RunResult:
    by_name = _validate(tasks, capacity)
    dependents: dict[str, list[str]] = {t.name: [] for t in tasks}
    for t in tasks:
        for dep in dict.fromkeys(t.deps):  # a repeated dependency counts once
            dependents[dep].append(t.name)

    start_time = clock.now()
    result = RunResult(started_at=start_time, finished_at=start_time)
    status: dict[str, str] = {}
    remaining_deps = {t.name: len(set(t.deps)) for t in tasks}
    failures = {t.name: 0 for t in tasks}

    # ready entries: name -> time it became (or becomes) eligible
    ready: dict[str, int] = {t.name: start_time for t in tasks if not t.deps}
    # (end, index in result.attempts, name): the index doubles as the start order
    running: list[tuple[int, int, str]] = []
    free = capacity

    def skip_dependents(name: str) -> None:
        pending = list(dependents[name])
        while pending:
            d = pending.pop()
            if d not in status:
                status[d] = "skipped"
                pending.extend(dependents[d])

    now = start_time
    while True:
        # 1. completions at `now`, in the order the attempts were started
        while running and running[0][0] == now:
            _, index, name = heapq.heappop(running)
            task = by_name[name]
            free += task.slots
            record = result.attempts[index]
            ok = True if run_attempt is None else bool(run_attempt(name, record.attempt))
            result.attempts[index] = replace(record, ok=ok)
            if ok:
                status[name] = "succeeded"
                for d in dependents[name]:
                    remaining_deps[d] -= 1
                    if remaining_deps[d] == 0 and d not in status:
                        ready[d] = now
            else:
                failures[name] += 1
                if failures[name] <= task.retries:
                    ready[name] = now + task.retry_delay * 2 ** (failures[name] - 1)
                else:
                    status[name] = "failed"
                    skip_dependents(name)

        # 2. start eligible tasks in priority order, backfilling what fits
        eligible = sorted(
            (n for n, at in ready.items() if at <= now),
            key=lambda n: (-by_name[n].priority, ready[n], n),
        )
        for name in eligible:
            task = by_name[name]
            if task.slots > free:
                continue
            free -= task.slots
            del ready[name]
            heapq.heappush(running, (now + task.duration, len(result.attempts), name))
            result.attempts.append(Attempt(name, failures[name] + 1, now, now + task.duration, True))

        # 3. move the clock to the next event
        upcoming = [at for at in ready.values() if at > now]
        if running:
            upcoming.append(running[0][0])
        if not upcoming:
            break
        nxt = min(upcoming)
        clock.advance(nxt - now)
        now = nxt

    result.status = {t.name: status[t.name] for t in tasks}
    result.finished_at = now
    return result

