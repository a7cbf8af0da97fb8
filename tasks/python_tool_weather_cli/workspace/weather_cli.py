"""Command-line client for the weather JSON API.

See instructions.md for the full contract. Everything marked NotImplementedError is yours
to write; keep the public names.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable


class WeatherError(Exception):
    """Base class of every error the client reports."""


class NotFoundError(WeatherError):
    def __init__(self, city: str) -> None:
        super().__init__(f"city not found: {city}")
        self.city = city


class ApiError(WeatherError):
    pass


class WeatherClient:
    def __init__(
        self,
        base_url: str,
        *,
        retries: int = 2,
        backoff: float = 0.5,
        timeout: float = 5.0,
        cache_dir: str | os.PathLike | None = None,
        cache_ttl: float = 300.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        raise NotImplementedError

    def current(self, city: str) -> dict:
        raise NotImplementedError

    def forecast(self, city: str, days: int) -> dict:
        raise NotImplementedError


def format_current(data: dict, units: str = "metric") -> str:
    raise NotImplementedError


def format_forecast(data: dict, units: str = "metric") -> str:
    raise NotImplementedError


def main(argv: list[str] | None = None) -> int:
    raise NotImplementedError


if __name__ == "__main__":
    sys.exit(main())
