"""Resampling of irregular, timezone-aware time series onto a regular grid.

All arithmetic is exact: instants are integer microseconds since the Unix epoch and
values are Fractions, so the only rounding is the final round-half-even to `decimals`.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from fractions import Fraction
from typing import Iterable

METHODS = ("linear", "previous")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def _is_aware(dt: object) -> bool:
    return isinstance(dt, datetime) and dt.tzinfo is not None and dt.utcoffset() is not None


def _micros(dt: datetime, what: str) -> int:
    if not _is_aware(dt):
        raise ValueError(f"{what} must be a timezone-aware datetime")
    return (dt - _EPOCH) // _MICROSECOND


def _to_fraction(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"unsupported value type: {type(value).__name__}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"value must be finite, got {value!r}")
        # The shortest repr is what the user wrote (2.675, not 2.67499999...).
        return Fraction(Decimal(repr(value)))
    if not value.is_finite():
        raise ValueError(f"value must be finite, got {value!r}")
    return Fraction(value)


def _round(value: Fraction, decimals: int) -> Decimal:
    # round() on a Fraction rounds half to even; an int result never carries a "-0".
    return Decimal(round(value * 10**decimals)).scaleb(-decimals)


def resample(
    points: Iterable[tuple[datetime, int | float | Decimal]],
    *,
    start: datetime,
    end: datetime,
    step: timedelta,
    method: str = "linear",
    max_gap: timedelta | None = None,
    decimals: int = 2,
    tz: tzinfo | None = None,
) -> list[tuple[datetime, Decimal | None]]:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    start_us = _micros(start, "start")
    end_us = _micros(end, "end")
    if end_us < start_us:
        raise ValueError("end must not be before start")
    step_us = step // _MICROSECOND
    if step_us <= 0:
        raise ValueError("step must be positive")
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    gap_us = None
    if max_gap is not None:
        gap_us = max_gap // _MICROSECOND
        if max_gap < timedelta(0):
            raise ValueError("max_gap must not be negative")
    out_tz = start.tzinfo if tz is None else tz

    by_instant: dict[int, Fraction] = {}
    for when, value in points:
        by_instant[_micros(when, "timestamp")] = _to_fraction(value)  # last one wins
    times = sorted(by_instant)

    rows: list[tuple[datetime, Decimal | None]] = []
    for g in range(start_us, end_us + 1, step_us):
        value = _value_at(g, times, by_instant, method, gap_us)
        stamp = (_EPOCH + g * _MICROSECOND).astimezone(out_tz)
        rows.append((stamp, None if value is None else _round(value, decimals)))
    return rows


def _value_at(
    g: int, times: list[int], values: dict[int, Fraction], method: str, gap_us: int | None
) -> Fraction | None:
    i = bisect_right(times, g)  # times[i-1] <= g < times[i]
    if i == 0:
        return None
    t0 = times[i - 1]
    if t0 == g:
        return values[g]
    if method == "previous":
        if gap_us is not None and g - t0 > gap_us:
            return None
        return values[t0]
    if i == len(times):
        return None
    t1 = times[i]
    if gap_us is not None and t1 - t0 > gap_us:
        return None
    v0, v1 = values[t0], values[t1]
    return v0 + (v1 - v0) * Fraction(g - t0, t1 - t0)
