"""Command-line client for the weather JSON API.

Owns the HTTP calls (retries with back-off, response validation), an on-disk response
cache, unit conversion with exact decimal rounding, and the text output.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Callable

KPH_PER_MPH = Decimal("1.609344")
MM_PER_INCH = Decimal("25.4")
UNITS = ("metric", "imperial")


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
        if retries < 0:
            raise ValueError("retries must be >= 0")
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.cache_ttl = cache_ttl
        self.clock = clock
        self.sleep = sleep

    def current(self, city: str) -> dict:
        return self._get("/v1/current", {"city": city}, city, _validate_current)

    def forecast(self, city: str, days: int) -> dict:
        return self._get("/v1/forecast", {"city": city, "days": str(days)}, city, _validate_forecast)

    def _get(self, path: str, params: dict[str, str], city: str, validate) -> dict:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        cached = self._cached(url)
        if cached is not None:
            try:
                return validate(_parse(cached))
            except ApiError:
                pass  # a damaged entry is just a miss
        body = self._fetch(url, city)
        data = validate(_parse(body))
        self._store(url, body)  # only responses that passed validation are cached
        return data

    # -- transport -------------------------------------------------------------------

    def _fetch(self, url: str, city: str) -> str:
        """Body of a 2xx answer; retries 5xx answers and connection failures."""
        attempts = self.retries + 1
        for attempt in range(1, attempts + 1):
            retry_after = None
            try:
                status, headers, raw = self._request_once(url)
            except (OSError, http.client.HTTPException):
                failure = ApiError(f"cannot connect to {self.base_url}")
            else:
                if 200 <= status <= 299:
                    try:
                        return raw.decode("utf-8")
                    except UnicodeDecodeError:
                        raise ApiError("invalid response from server") from None
                if status == 404:
                    raise NotFoundError(city)
                if not 500 <= status <= 599:
                    raise ApiError(f"request failed with status {status}")
                failure = ApiError(f"server error {status} after {attempts} attempts")
                retry_after = _retry_after(headers)
            if attempt < attempts:
                self.sleep(retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1))
        raise failure

    def _request_once(self, url: str):
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as err:
            with err:
                return err.code, err.headers, b""

    # -- cache -----------------------------------------------------------------------

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def _cached(self, url: str) -> str | None:
        path = self._cache_path(url)
        if path is None or self.cache_ttl <= 0:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            fetched_at, body = float(entry["fetched_at"]), entry["body"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(body, str) or not 0 <= self.clock() - fetched_at < self.cache_ttl:
            return None
        return body

    def _store(self, url: str, body: str) -> None:
        path = self._cache_path(url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"fetched_at": self.clock(), "body": body}), encoding="utf-8")
        os.replace(tmp, path)


_NUMBER = (int, Decimal)


def _retry_after(headers) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is not None and value.strip().isdigit():
        return float(int(value.strip()))
    return None


def _parse(body: str) -> dict:
    try:
        data = json.loads(body, parse_float=Decimal)
    except ValueError:
        raise ApiError("invalid response from server") from None
    if not isinstance(data, dict):
        raise ApiError("invalid response from server")
    return data


def _require(obj: object, fields: dict[str, type | tuple[type, ...]]) -> None:
    if not isinstance(obj, dict):
        raise ApiError("invalid response from server")
    for name, kind in fields.items():
        value = obj.get(name)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ApiError("invalid response from server")


def _validate_current(data: dict) -> dict:
    _require(data, {"city": str, "condition": str, "temperature_c": _NUMBER,
                    "wind_kph": _NUMBER, "humidity": int, "observed_at": str})
    try:
        _observed_utc(data["observed_at"])
    except ValueError:
        raise ApiError("invalid response from server") from None
    return data


def _validate_forecast(data: dict) -> dict:
    _require(data, {"city": str, "days": list})
    for day in data["days"]:
        _require(day, {"date": str, "min_c": _NUMBER, "max_c": _NUMBER, "precip_mm": _NUMBER})
    return data


def _observed_utc(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError("observed_at needs a UTC offset")
    return when.astimezone(timezone.utc)


# -- formatting ----------------------------------------------------------------------


def _dec(value: int | float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _fmt(value: Decimal, places: int) -> str:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:f}"


def _temperature(celsius, units: str) -> str:
    c = _dec(celsius)
    if units == "imperial":
        return f"{_fmt(c * 9 / 5 + 32, 1)} °F"
    return f"{_fmt(c, 1)} °C"


def _check_units(units: str) -> None:
    if units not in UNITS:
        raise ValueError(f"unknown units {units!r}")


def format_current(data: dict, units: str = "metric") -> str:
    _check_units(units)
    kph = _dec(data["wind_kph"])
    wind = f"{_fmt(kph / KPH_PER_MPH, 1)} mph" if units == "imperial" else f"{_fmt(kph, 1)} km/h"
    observed = _observed_utc(data["observed_at"])
    return "\n".join([
        f"{data['city']}: {data['condition']}",
        f"Temperature: {_temperature(data['temperature_c'], units)}",
        f"Wind: {wind}",
        f"Humidity: {data['humidity']}%",
        f"Observed: {observed:%Y-%m-%d %H:%M} UTC",
    ])


def format_forecast(data: dict, units: str = "metric") -> str:
    _check_units(units)
    days = data["days"]
    lines = [f"Forecast for {data['city']} ({len(days)} {'day' if len(days) == 1 else 'days'})"]
    for day in days:
        mm = _dec(day["precip_mm"])
        precip = f"{_fmt(mm / MM_PER_INCH, 2)} in" if units == "imperial" else f"{_fmt(mm, 1)} mm"
        lines.append(
            f"{day['date']}  min {_temperature(day['min_c'], units)}"
            f"  max {_temperature(day['max_c'], units)}  precip {precip}"
        )
    return "\n".join(lines)


# -- command line --------------------------------------------------------------------


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid day count: {text!r}") from None
    if not 1 <= value <= 10:
        raise argparse.ArgumentTypeError("days must be between 1 and 10")
    return value


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weather_cli", description="Query the weather API.")
    parser.add_argument("--base-url", default=os.environ.get("WEATHER_API_URL"))
    parser.add_argument("--units", choices=UNITS, default="metric")
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--backoff", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--cache-dir")
    parser.add_argument("--cache-ttl", type=float, default=300.0)
    sub = parser.add_subparsers(dest="command", required=True)
    current = sub.add_parser("current")
    current.add_argument("city")
    forecast = sub.add_parser("forecast")
    forecast.add_argument("city")
    forecast.add_argument("--days", type=_days, default=3)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not args.base_url:
        parser.error("--base-url is required (or set WEATHER_API_URL)")
    if args.retries < 0:
        parser.error("--retries must be >= 0")
    client = WeatherClient(
        args.base_url,
        retries=args.retries,
        backoff=args.backoff,
        timeout=args.timeout,
        cache_dir=args.cache_dir,
        cache_ttl=args.cache_ttl,
    )
    try:
        if args.command == "current":
            text = format_current(client.current(args.city), args.units)
        else:
            text = format_forecast(client.forecast(args.city, args.days), args.units)
    except NotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    except WeatherError as err:
        print(f"error: {err}", file=sys.stderr)
        return 4
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
