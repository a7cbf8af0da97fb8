"""Test doubles shared by the scheduler tests."""


class FakeClock:
    """Integer clock that only moves when the scheduler calls advance()."""

    def __init__(self, start=0):
        self.t = start
        self.visited = []

    def now(self):
        return self.t

    def advance(self, delta):
        assert isinstance(delta, int) and delta > 0, f"bad advance({delta!r})"
        self.t += delta
        self.visited.append(self.t)


class Script:
    """run_attempt callback: outcomes[(name, attempt)] -> bool (default True); records calls."""

    def __init__(self, clock, outcomes=None):
        self.clock = clock
        self.outcomes = outcomes or {}
        self.calls = []

    def __call__(self, name, attempt):
        self.calls.append((name, attempt, self.clock.now()))
        return self.outcomes.get((name, attempt), True)


def rows(result):
    return [(a.task, a.attempt, a.start, a.end, a.ok) for a in result.attempts]
