"""Resampling of irregular, timezone-aware time series onto a regular grid.

See instructions.md for the full contract. Implement `resample`.
"""
from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Iterable

METHODS = ("linear", "previous")


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
    """Sample `points` at start, start+step, ... <= end (see instructions.md)."""
    raise NotImplementedError("resample is not implemented yet")
