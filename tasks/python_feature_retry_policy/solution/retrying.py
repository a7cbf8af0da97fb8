"""Retry policies with exponential backoff, deterministic jitter and deadlines.

A :class:`RetryPolicy` retries a callable (sync or async) when it raises a
retryable exception, sleeping between attempts.  Time is read from an injected
clock and sleeping goes through injected sleep functions, so the behaviour is
fully deterministic under test.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

__all__ = ["RetryError", "RetryStats", "RetryPolicy"]


@dataclass
class RetryStats:
    """What happened during one retried call."""

    attempts: int = 0
    delays: list[float] = field(default_factory=list)
    exceptions: list[BaseException] = field(default_factory=list)
    outcome: str | None = None  # "success" | "exhausted" | "deadline" | "not_retryable"
    elapsed: float = 0.0

    @property
    def total_delay(self) -> float:
        return sum(self.delays)


class RetryError(Exception):
    """Raised when a retryable failure could not be overcome."""

    def __init__(self, message: str, stats: RetryStats,
                 last_exception: BaseException | None) -> None:
        super().__init__(message)
        self.stats = stats
        self.last_exception = last_exception


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return value


class RetryPolicy:
    def __init__(
        self,
        *,
        max_attempts: int = 3,
        initial_delay: float = 0.1,
        multiplier: float = 2.0,
        max_delay: float = 10.0,
        jitter: float = 0.0,
        retry_on: Any = (Exception,),
        deadline: float | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], Any] | None = None,
        async_sleep: Callable[[float], Awaitable[Any]] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
            raise ValueError(f"max_attempts must be an int >= 1, got {max_attempts!r}")
        if _number(initial_delay, "initial_delay") < 0:
            raise ValueError("initial_delay must be >= 0")
        if _number(multiplier, "multiplier") < 1:
            raise ValueError("multiplier must be >= 1")
        if _number(max_delay, "max_delay") < 0:
            raise ValueError("max_delay must be >= 0")
        if not 0 <= _number(jitter, "jitter") <= 1:
            raise ValueError("jitter must be between 0 and 1")
        if deadline is not None and _number(deadline, "deadline") <= 0:
            raise ValueError("deadline must be > 0 or None")

        self.max_attempts = max_attempts
        self.initial_delay = initial_delay
        self.multiplier = multiplier
        self.max_delay = max_delay
        self.jitter = jitter
        self.deadline = deadline
        self._is_retryable = self._make_predicate(retry_on)
        self._rng = rng if rng is not None else random.Random()
        self._sleep = sleep if sleep is not None else time.sleep
        self._async_sleep = async_sleep if async_sleep is not None else asyncio.sleep
        self._clock = clock if clock is not None else time.monotonic
        self.last_stats: RetryStats | None = None

    @staticmethod
    def _make_predicate(retry_on: Any) -> Callable[[Exception], bool]:
        if isinstance(retry_on, type) and issubclass(retry_on, BaseException):
            return lambda exc: isinstance(exc, retry_on)
        if isinstance(retry_on, tuple):
            if not all(isinstance(t, type) and issubclass(t, BaseException) for t in retry_on):
                raise TypeError("retry_on tuple must contain only exception classes")
            return lambda exc: isinstance(exc, retry_on)
        if callable(retry_on):
            return lambda exc: bool(retry_on(exc))
        raise TypeError(
            "retry_on must be an exception class, a tuple of them, or a predicate")

    # ------------------------------------------------------------------ delays

    def compute_delay(self, retry_number: int) -> float:
        """Delay before retry *retry_number* (1 = before the second attempt)."""
        if isinstance(retry_number, bool) or not isinstance(retry_number, int) or retry_number < 1:
            raise ValueError(f"retry_number must be an int >= 1, got {retry_number!r}")
        base = self._base_delay(retry_number)
        if self.jitter > 0:
            base = base * (1 - self.jitter * self._rng.random())
        return base

    def _base_delay(self, retry_number: int) -> float:
        if self.initial_delay == 0:
            return 0.0
        try:
            raw = self.initial_delay * float(self.multiplier) ** (retry_number - 1)
        except OverflowError:
            return float(self.max_delay)
        return float(min(self.max_delay, raw))

    # ------------------------------------------------------------------ driving

    def _after_failure(self, exc: BaseException, stats: RetryStats,
                       start: float) -> float | None:
        """Record a failure; return the delay to sleep, or raise to stop."""
        stats.exceptions.append(exc)
        if not isinstance(exc, Exception) or not self._is_retryable(exc):
            self._finish(stats, "not_retryable", start)
            raise exc
        if stats.attempts >= self.max_attempts:
            self._finish(stats, "exhausted", start)
            raise RetryError(f"gave up after {stats.attempts} attempt(s): {exc!r}",
                             stats, exc) from exc
        delay = self.compute_delay(stats.attempts)
        if self.deadline is not None and (self._clock() - start) + delay > self.deadline:
            self._finish(stats, "deadline", start)
            raise RetryError(
                f"deadline of {self.deadline}s reached after {stats.attempts} attempt(s): {exc!r}",
                stats, exc) from exc
        stats.delays.append(delay)
        return delay

    def _finish(self, stats: RetryStats, outcome: str, start: float) -> None:
        stats.outcome = outcome
        stats.elapsed = self._clock() - start
        self.last_stats = stats

    def call(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        stats = RetryStats()
        start = self._clock()
        while True:
            stats.attempts += 1
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - classified below
                delay = self._after_failure(exc, stats, start)
                self._sleep(delay)
                continue
            self._finish(stats, "success", start)
            return result

    async def call_async(self, fn: Callable[..., Awaitable[Any]], /,
                         *args: Any, **kwargs: Any) -> Any:
        stats = RetryStats()
        start = self._clock()
        while True:
            stats.attempts += 1
            try:
                result = await fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - classified below
                delay = self._after_failure(exc, stats, start)
                await self._async_sleep(delay)
                continue
            self._finish(stats, "success", start)
            return result

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                return await self.call_async(fn, *args, **kwargs)
            return async_wrapper

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return self.call(fn, *args, **kwargs)
        return wrapper
