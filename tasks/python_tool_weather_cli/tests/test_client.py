import socket
from decimal import Decimal

import pytest

from weather_cli import (
    ApiError,
    NotFoundError,
    WeatherClient,
    WeatherError,
    format_current,
    format_forecast,
)

OSLO = {
    "city": "Oslo",
    "condition": "Cloudy",
    "temperature_c": 4.5,
    "wind_kph": 10,
    "humidity": 70,
    "observed_at": "2024-05-01T12:00:00Z",
}


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def no_sleep(seconds):
    raise AssertionError(f"unexpected sleep({seconds})")


def test_current_returns_decoded_payload_with_decimal_numbers(server):
    server.script("/v1/current", 200, '{"city": "Oslo", "condition": "Cloudy", "temperature_c": 0.1, '
                  '"wind_kph": 10, "humidity": 70, "observed_at": "2024-05-01T12:00:00Z"}')
    data = WeatherClient(server.url, sleep=no_sleep).current("Oslo")
    assert data["temperature_c"] == Decimal("0.1") and isinstance(data["temperature_c"], Decimal)
    assert data["wind_kph"] == 10 and isinstance(data["wind_kph"], int)
    assert data["city"] == "Oslo"


def test_backoff_doubles_and_retry_after_overrides_it(server):
    server.script("/v1/current", 503, {"error": "busy"}, {"Retry-After": "7"})
    server.script("/v1/current", 500, {"error": "boom"})
    server.script("/v1/current", 502, {"error": "gateway"}, {"Retry-After": "soon"})
    server.script("/v1/current", 200, OSLO)
    sleeps = []
    client = WeatherClient(server.url, retries=3, backoff=0.25, sleep=sleeps.append)
    assert client.current("Oslo")["condition"] == "Cloudy"
    assert sleeps == [7, 0.5, 1.0]
    assert len(server.requests) == 4


def test_no_sleep_after_the_last_attempt_and_error_types(server):
    server.script("/v1/current", 500, {})
    server.script("/v1/current", 504, {})
    sleeps = []
    client = WeatherClient(server.url, retries=1, backoff=2, sleep=sleeps.append)
    with pytest.raises(ApiError) as info:
        client.current("Oslo")
    assert str(info.value) == "server error 504 after 2 attempts"
    assert sleeps == [2]
    server.script("/v1/current", 404, {"error": "nope"})
    with pytest.raises(NotFoundError) as info:
        WeatherClient(server.url, sleep=no_sleep).current("Nowhere")
    assert str(info.value) == "city not found: Nowhere"
    assert isinstance(info.value, WeatherError) and not isinstance(info.value, ApiError)
    server.script("/v1/forecast", 429, {"error": "slow down"})
    with pytest.raises(ApiError) as info:
        WeatherClient(server.url, sleep=no_sleep).forecast("Oslo", 2)
    assert str(info.value) == "request failed with status 429"


def test_connection_failures_are_retried_then_reported():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # the port is closed now: every connection is refused
    sleeps = []
    client = WeatherClient(f"http://127.0.0.1:{port}/", retries=2, backoff=1, sleep=sleeps.append)
    with pytest.raises(ApiError) as info:
        client.current("Oslo")
    assert str(info.value) == f"cannot connect to http://127.0.0.1:{port}"
    assert sleeps == [1, 2]


def test_cache_is_shared_across_clients_and_expires_after_ttl(server, tmp_path):
    server.script("/v1/current", 200, OSLO)
    server.script("/v1/current", 200, dict(OSLO, city="Bergen"))
    server.script("/v1/current", 200, OSLO)
    server.script("/v1/current", 200, dict(OSLO, city="Bergen", condition="Windy"))

    def client(now):
        return WeatherClient(server.url, cache_dir=tmp_path / "c", cache_ttl=300,
                             clock=Clock(now), sleep=no_sleep)

    client(1000).current("Oslo")
    assert len(server.requests) == 1
    assert client(1299.5).current("Oslo")["city"] == "Oslo"
    assert len(server.requests) == 1
    assert client(1299.5).current("Bergen")["city"] == "Bergen"  # another URL, another entry
    assert len(server.requests) == 2
    client(1300).current("Oslo")  # age == ttl: expired
    assert len(server.requests) == 3
    client(1500).current("Oslo")  # refreshed at 1300
    assert client(1500).current("Bergen")["condition"] == "Cloudy"
    assert len(server.requests) == 3
    assert client(1600).current("Bergen")["condition"] == "Windy"
    assert len(server.requests) == 4
    assert [q["city"] for _, q in server.requests] == ["Oslo", "Bergen", "Oslo", "Bergen"]


def test_errors_and_invalid_payloads_are_not_cached(server, tmp_path):
    server.script("/v1/current", 404, {"error": "nope"})
    server.script("/v1/current", 200, {"city": "Oslo"})
    server.script("/v1/current", 200, OSLO)
    server.script("/v1/current", 200, dict(OSLO, condition="Sunny"))
    make = lambda ttl: WeatherClient(server.url, cache_dir=tmp_path, cache_ttl=ttl,  # noqa: E731
                                     clock=Clock(50), sleep=no_sleep)
    with pytest.raises(NotFoundError):
        make(300).current("Oslo")
    with pytest.raises(ApiError):
        make(300).current("Oslo")
    assert make(300).current("Oslo")["condition"] == "Cloudy"
    assert make(300).current("Oslo")["condition"] == "Cloudy"
    assert len(server.requests) == 3
    assert make(0).current("Oslo")["condition"] == "Sunny"  # ttl 0 never reads the cache
    assert len(server.requests) == 4


def test_damaged_cache_entries_are_treated_as_misses(server, tmp_path):
    server.script("/v1/current", 200, OSLO)
    server.script("/v1/current", 200, dict(OSLO, condition="Fog"))
    WeatherClient(server.url, cache_dir=tmp_path, clock=Clock(10), sleep=no_sleep).current("Oslo")
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files, "the cache directory should hold the cached response"
    for p in files:
        p.write_bytes(b"\x00garbage{")
    again = WeatherClient(server.url, cache_dir=tmp_path, clock=Clock(11), sleep=no_sleep)
    assert again.current("Oslo")["condition"] == "Fog"
    assert len(server.requests) == 2


def test_formatters_round_half_up_and_normalise_negative_zero():
    data = dict(OSLO, temperature_c=Decimal("-0.05"), wind_kph=Decimal("0.04"),
                observed_at="2024-12-31T23:59:59-01:00")
    assert format_current(data) == (
        "Oslo: Cloudy\nTemperature: -0.1 °C\nWind: 0.0 km/h\nHumidity: 70%\n"
        "Observed: 2025-01-01 00:59 UTC"
    )
    data = dict(data, temperature_c=Decimal("-17.8"))
    assert format_current(data, "imperial").splitlines()[1:3] == ["Temperature: 0.0 °F", "Wind: 0.0 mph"]
    forecast = {"city": "Nuuk", "days": [
        {"date": "2024-02-01", "min_c": Decimal("-20.25"), "max_c": -3, "precip_mm": Decimal("0.05")},
    ]}
    assert format_forecast(forecast) == (
        "Forecast for Nuuk (1 day)\n2024-02-01  min -20.3 °C  max -3.0 °C  precip 0.1 mm"
    )
    assert format_forecast({"city": "Nuuk", "days": []}, "imperial") == "Forecast for Nuuk (0 days)"
    with pytest.raises(ValueError):
        format_current(OSLO, "kelvin")
