import asyncio
import inspect
import random

import pytest

from retrying import RetryError, RetryPolicy, RetryStats


class FakeTime:
    """A fake monotonic clock; the fake sleeps advance it instead of waiting."""

    def __init__(self, now=1000.0):
        self.now = now
        self.sleeps = []
        self.async_sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds):
        self.async_sleeps.append(seconds)
        self.now += seconds

    def forbidden_sleep(self, seconds):
        raise AssertionError("the synchronous sleep must not be used here")

    async def forbidden_async_sleep(self, seconds):
        raise AssertionError("the async sleep must not be used here")


def policy_for(ft, **kwargs):
    kwargs.setdefault("sleep", ft.sleep)
    kwargs.setdefault("async_sleep", ft.forbidden_async_sleep)
    kwargs.setdefault("clock", ft.clock)
    return RetryPolicy(**kwargs)


def failing_then(errors, result="ok", ft=None, cost=0.0):
    """A callable that raises the given exceptions in turn, then returns result."""
    calls = []

    def fn(*args, **kwargs):
        calls.append((args, kwargs))
        if ft is not None:
            ft.now += cost
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    fn.calls = calls
    return fn


def test_compute_delay_exponential_with_cap():
    policy = RetryPolicy(initial_delay=0.5, multiplier=2, max_delay=3)
    assert [policy.compute_delay(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]
    assert policy.compute_delay(10_000) == 3.0
    assert policy.compute_delay(10**9) == 3.0
    assert RetryPolicy(initial_delay=0.0).compute_delay(50) == 0.0
    assert RetryPolicy(initial_delay=1, multiplier=1, max_delay=5).compute_delay(1000) == 1.0
    assert RetryPolicy(initial_delay=5, max_delay=2).compute_delay(1) == 2.0
    assert RetryPolicy(initial_delay=0.1, multiplier=3, max_delay=100).compute_delay(3) == \
        pytest.approx(0.9)
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            policy.compute_delay(bad)

    # without jitter the random generator is never touched
    rng = random.Random(1)
    state = rng.getstate()
    plain = RetryPolicy(rng=rng, initial_delay=1, max_delay=60)
    assert [plain.compute_delay(n) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert rng.getstate() == state


def test_jitter_is_deterministic():
    rng = random.Random(42)
    policy = RetryPolicy(initial_delay=1, multiplier=3, max_delay=20, jitter=0.5, rng=rng)
    got = [policy.compute_delay(n) for n in range(1, 6)]
    ref = random.Random(42)
    expected = [min(20, 3 ** (n - 1)) * (1 - 0.5 * ref.random()) for n in range(1, 6)]
    assert got == pytest.approx(expected, rel=1e-12)
    assert rng.getstate() == ref.getstate()  # exactly one random() per delay

    full = RetryPolicy(initial_delay=2, max_delay=2, jitter=1.0, rng=random.Random(7))
    values = [full.compute_delay(1) for _ in range(50)]
    assert all(0 < v <= 2 for v in values)
    assert len(set(values)) > 40

    # the same seed gives the same sleeps through call()
    def sleeps_for(seed):
        ft = FakeTime()
        p = policy_for(ft, max_attempts=5, initial_delay=0.5, jitter=0.25,
                       rng=random.Random(seed))
        p.call(failing_then([OSError()] * 4))
        return ft.sleeps, p.last_stats.delays

    sleeps, delays = sleeps_for(99)
    assert (sleeps, delays) == sleeps_for(99)
    assert sleeps == delays
    ref = random.Random(99)
    assert sleeps == pytest.approx(
        [0.5 * 2 ** k * (1 - 0.25 * ref.random()) for k in range(4)], rel=1e-12)


def test_call_succeeds_after_retries_and_records_stats():
    ft = FakeTime(1000.0)
    policy = policy_for(ft, initial_delay=0.25, multiplier=2, max_delay=10)
    errors = [ConnectionError("reset"), ConnectionError("refused")]
    fn = failing_then(errors, result="payload")
    assert policy.last_stats is None
    assert policy.call(fn, 1, 2, key="v") == "payload"
    assert fn.calls == [((1, 2), {"key": "v"})] * 3
    assert ft.sleeps == [0.25, 0.5]
    stats = policy.last_stats
    assert isinstance(stats, RetryStats)
    assert stats.attempts == 3
    assert stats.delays == [0.25, 0.5]
    assert stats.total_delay == 0.75
    assert len(stats.exceptions) == 2
    assert all(a is b for a, b in zip(stats.exceptions, errors))
    assert stats.outcome == "success"
    assert stats.elapsed == 0.75

    # success on the first attempt: no sleep at all
    assert policy.call(lambda: 7) == 7
    assert ft.sleeps == [0.25, 0.5]
    assert policy.last_stats.attempts == 1
    assert policy.last_stats.delays == []
    assert policy.last_stats.exceptions == []
    assert policy.last_stats.elapsed == 0

    # a zero delay is still "slept" through the injected function
    ft0 = FakeTime()
    zero = policy_for(ft0, initial_delay=0, max_attempts=4)
    assert zero.call(failing_then([OSError(), OSError()])) == "ok"
    assert ft0.sleeps == [0.0, 0.0]
    assert zero.last_stats.delays == [0.0, 0.0]


def test_exhausted_raises_retry_error_with_cause():
    ft = FakeTime()
    policy = policy_for(ft, max_attempts=4, initial_delay=0.1, multiplier=2)
    errors = [TimeoutError(i) for i in range(4)]
    fn = failing_then(errors)
    with pytest.raises(RetryError) as info:
        policy.call(fn)
    err = info.value
    assert err.__cause__ is errors[-1]
    assert err.last_exception is errors[-1]
    assert err.stats is policy.last_stats
    assert err.stats.attempts == 4
    assert err.stats.outcome == "exhausted"
    assert err.stats.exceptions == errors
    assert ft.sleeps == pytest.approx([0.1, 0.2, 0.4])  # no sleep after the last attempt
    assert err.stats.delays == ft.sleeps
    assert err.stats.elapsed == pytest.approx(0.7)

    ft2 = FakeTime()
    single = policy_for(ft2, max_attempts=1)
    boom = RuntimeError("boom")
    with pytest.raises(RetryError) as info:
        single.call(failing_then([boom]))
    assert info.value.__cause__ is boom
    assert info.value.stats.attempts == 1
    assert ft2.sleeps == []


def test_non_retryable_exceptions_propagate_unchanged():
    ft = FakeTime()
    policy = policy_for(ft, retry_on=(ConnectionError, TimeoutError))
    bad = ValueError("bad input")
    with pytest.raises(ValueError) as info:
        policy.call(failing_then([bad]))
    assert info.value is bad
    stats = policy.last_stats
    assert (stats.attempts, stats.delays, stats.outcome) == (1, [], "not_retryable")
    assert stats.exceptions == [bad]
    assert ft.sleeps == []

    # retryable first, then a non-retryable one
    missing = KeyError("k")
    with pytest.raises(KeyError) as info:
        policy.call(failing_then([TimeoutError(), missing]))
    assert info.value is missing
    assert policy.last_stats.attempts == 2
    assert policy.last_stats.outcome == "not_retryable"
    assert ft.sleeps == [0.1]

    # a single class matches its subclasses
    ft2 = FakeTime()
    by_class = policy_for(ft2, retry_on=OSError, max_attempts=5)
    assert by_class.call(failing_then([ConnectionResetError(), FileNotFoundError()])) == "ok"
    assert by_class.last_stats.attempts == 3
    with pytest.raises(ZeroDivisionError):
        by_class.call(failing_then([ZeroDivisionError()]))


class HTTPError(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


def test_predicate_retry_on():
    seen = []

    def transient(exc):
        seen.append(exc)
        return isinstance(exc, HTTPError) and exc.status >= 500

    ft = FakeTime()
    policy = policy_for(ft, retry_on=transient, max_attempts=5)
    errors = [HTTPError(503), HTTPError(502)]
    assert policy.call(failing_then(errors, result=200)) == 200
    assert seen == errors
    assert policy.last_stats.attempts == 3

    seen.clear()
    not_found = HTTPError(404)
    with pytest.raises(HTTPError) as info:
        policy.call(failing_then([HTTPError(500), not_found]))
    assert info.value is not_found
    assert len(seen) == 2 and seen[1] is not_found
    assert policy.last_stats.outcome == "not_retryable"

    # any truthy value counts as "retry"
    truthy = policy_for(FakeTime(), retry_on=lambda exc: "yes", max_attempts=2)
    assert truthy.call(failing_then([ValueError()])) == "ok"
    falsy = policy_for(FakeTime(), retry_on=lambda exc: 0, max_attempts=2)
    with pytest.raises(ValueError):
        falsy.call(failing_then([ValueError()]))


def test_base_exceptions_are_never_retried():
    ft = FakeTime()
    policy = policy_for(ft, retry_on=BaseException, max_attempts=5)
    interrupt = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt) as info:
        policy.call(failing_then([interrupt]))
    assert info.value is interrupt
    assert policy.last_stats.attempts == 1
    assert policy.last_stats.outcome == "not_retryable"
    assert ft.sleeps == []

    asked = []
    predicate_policy = policy_for(ft, retry_on=lambda exc: asked.append(exc) or True)
    with pytest.raises(SystemExit):
        predicate_policy.call(failing_then([SystemExit(3)]))
    assert asked == []
    assert predicate_policy.last_stats.exceptions[0].code == 3


def test_deadline_stops_before_oversleeping():
    ft = FakeTime(50.0)
    policy = policy_for(ft, max_attempts=10, initial_delay=0.25, multiplier=2, deadline=1.0)
    errors = [ConnectionError(i) for i in range(10)]
    fn = failing_then(errors, ft=ft, cost=0.125)
    with pytest.raises(RetryError) as info:
        policy.call(fn)
    stats = info.value.stats
    # t=0.125 fail, 0.125+0.25 <= 1 -> sleep; t=0.5 fail, 0.5+0.5 == 1 -> sleep (equal allowed);
    # t=1.125 fail, 1.125+1.0 > 1 -> give up without sleeping
    assert stats.outcome == "deadline"
    assert stats.attempts == 3
    assert stats.delays == [0.25, 0.5]
    assert ft.sleeps == [0.25, 0.5]
    assert stats.elapsed == 1.125
    assert info.value.__cause__ is errors[2]
    assert info.value.last_exception is errors[2]
    assert ft.now == 51.125

    # the refused delay was still computed: exactly one random() was consumed
    rng = random.Random(3)
    ft2 = FakeTime()
    jittered = policy_for(ft2, initial_delay=1, jitter=0.5, deadline=0.3, rng=rng)
    with pytest.raises(RetryError) as info:
        jittered.call(failing_then([OSError()] * 3))
    assert info.value.stats.outcome == "deadline"
    assert info.value.stats.attempts == 1
    assert ft2.sleeps == []
    ref = random.Random(3)
    ref.random()
    assert rng.getstate() == ref.getstate()

    # exhaustion is decided before any delay is computed
    rng = random.Random(3)
    state = rng.getstate()
    once = policy_for(FakeTime(), max_attempts=1, jitter=0.5, deadline=5, rng=rng)
    with pytest.raises(RetryError) as info:
        once.call(failing_then([OSError()]))
    assert info.value.stats.outcome == "exhausted"
    assert rng.getstate() == state


def test_sync_decorator():
    ft = FakeTime()
    policy = policy_for(ft, initial_delay=0.5)
    attempts = []

    @policy
    def fetch(x, *, y=1):
        """Fetch something."""
        attempts.append((x, y))
        if len(attempts) < 2:
            raise ConnectionError("flaky")
        return x + y

    @policy
    def other():
        return "other"

    assert fetch.__name__ == "fetch"
    assert fetch.__doc__ == "Fetch something."
    assert fetch.__wrapped__ is not None
    assert not inspect.iscoroutinefunction(fetch)
    assert fetch(40, y=2) == 42
    assert attempts == [(40, 2), (40, 2)]
    assert ft.sleeps == [0.5]
    assert policy.last_stats.attempts == 2
    assert other() == "other"
    assert policy.last_stats.attempts == 1


def test_async_call_uses_async_sleep():
    ft = FakeTime(10.0)
    policy = RetryPolicy(initial_delay=0.25, multiplier=2, clock=ft.clock,
                         sleep=ft.forbidden_sleep, async_sleep=ft.async_sleep)
    errors = [TimeoutError("t1"), TimeoutError("t2")]
    calls = []

    async def fetch(value, *, scale):
        calls.append(value)
        await asyncio.sleep(0)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return value * scale

    assert asyncio.run(policy.call_async(fetch, 5, scale=2)) == 10
    assert calls == [5, 5, 5]
    assert ft.async_sleeps == [0.25, 0.5]
    stats = policy.last_stats
    assert (stats.attempts, stats.outcome, stats.delays) == (3, "success", [0.25, 0.5])
    assert stats.exceptions == errors
    assert stats.elapsed == 0.75

    async def always_fails():
        raise ConnectionError("down")

    with pytest.raises(RetryError) as info:
        asyncio.run(policy.call_async(always_fails))
    assert isinstance(info.value.__cause__, ConnectionError)
    assert info.value.stats.outcome == "exhausted"
    assert info.value.stats.attempts == 3
    assert ft.async_sleeps == [0.25, 0.5, 0.25, 0.5]


def test_async_decorator_cancellation_and_deadline():
    ft = FakeTime()
    policy = RetryPolicy(initial_delay=1, max_attempts=6, deadline=2.5, clock=ft.clock,
                         sleep=ft.forbidden_sleep, async_sleep=ft.async_sleep)

    @policy
    async def cancelled_job():
        """Gets cancelled."""
        raise asyncio.CancelledError()

    assert inspect.iscoroutinefunction(cancelled_job)
    assert cancelled_job.__name__ == "cancelled_job"
    assert cancelled_job.__doc__ == "Gets cancelled."

    async def run_cancelled():
        with pytest.raises(asyncio.CancelledError):
            await cancelled_job()

    asyncio.run(run_cancelled())
    assert policy.last_stats.attempts == 1
    assert policy.last_stats.outcome == "not_retryable"
    assert ft.async_sleeps == []

    @policy
    async def slow_failure():
        ft.now += 0.5
        raise OSError("nope")

    # t=0.5 +1 <= 2.5 sleep -> t=2.0 fail, 2.0 + 2 > 2.5 -> stop
    with pytest.raises(RetryError) as info:
        asyncio.run(slow_failure())
    assert info.value.stats.outcome == "deadline"
    assert info.value.stats.attempts == 2
    assert ft.async_sleeps == [1.0]
    assert info.value.stats.elapsed == 2.0


def test_validation():
    for kwargs in [
        {"max_attempts": 0}, {"max_attempts": -1}, {"max_attempts": True},
        {"max_attempts": 2.0}, {"initial_delay": -0.1}, {"multiplier": 0.5},
        {"max_delay": -1}, {"jitter": -0.1}, {"jitter": 1.5}, {"deadline": 0},
        {"deadline": -5},
    ]:
        with pytest.raises(ValueError):
            RetryPolicy(**kwargs)
    for retry_on in (42, (ValueError, "x"), [ValueError], "ValueError"):
        with pytest.raises(TypeError):
            RetryPolicy(retry_on=retry_on)
    for kwargs in [
        {"retry_on": ValueError}, {"retry_on": ()}, {"retry_on": lambda e: True},
        {"jitter": 1}, {"jitter": 0}, {"multiplier": 1}, {"deadline": 0.001},
        {"max_attempts": 1}, {"initial_delay": 0}, {"max_delay": 0},
    ]:
        assert RetryPolicy(**kwargs).last_stats is None
    with pytest.raises(TypeError):
        RetryPolicy(3)  # keyword-only


def test_stats_are_per_call():
    ft = FakeTime()
    policy = policy_for(ft)
    policy.call(failing_then([OSError()]))
    first = policy.last_stats
    assert first.attempts == 2
    policy.call(lambda: None)
    second = policy.last_stats
    assert second is not first
    assert (first.attempts, len(first.delays), first.outcome) == (2, 1, "success")
    assert (second.attempts, second.delays, second.outcome) == (1, [], "success")
    with pytest.raises(RetryError) as info:
        policy.call(failing_then([OSError()] * 3))
    assert info.value.stats is policy.last_stats
    assert info.value.stats is not second
