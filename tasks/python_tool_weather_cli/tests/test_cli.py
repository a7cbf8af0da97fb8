import os
import subprocess
import sys
from pathlib import Path

CLI = Path(__file__).resolve().parent.parent / "workspace" / "weather_cli.py"

OSLO = {
    "city": "Oslo",
    "condition": "Light rain",
    "temperature_c": 2.25,
    "wind_kph": 12,
    "humidity": 81,
    "observed_at": "2024-05-01T12:00:00Z",
}


def run(args, cwd, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "WEATHER_API_URL"}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(env_extra or {})
    proc = subprocess.run(
        [sys.executable, str(CLI), *args],
        cwd=cwd, env=env, capture_output=True, timeout=30,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def test_current_metric_output_and_request(server, tmp_path):
    body = dict(OSLO, city="São Paulo")
    server.script("/v1/current", 200, body)
    code, out, err = run(["--base-url", server.url + "/", "current", "São Paulo"], tmp_path)
    assert (code, err) == (0, "")
    assert out == (
        "São Paulo: Light rain\n"
        "Temperature: 2.3 °C\n"
        "Wind: 12.0 km/h\n"
        "Humidity: 81%\n"
        "Observed: 2024-05-01 12:00 UTC\n"
    )
    assert server.requests == [("/v1/current", {"city": "São Paulo"})]


def test_current_imperial_converts_with_exact_half_up_rounding(server, tmp_path):
    body = (
        '{"city": "Reno", "condition": "Clear", "temperature_c": 1.75, '
        '"wind_kph": 3.621024, "humidity": 20, "observed_at": "2024-05-01T14:30:00+02:00"}'
    )
    server.script("/v1/current", 200, body)
    code, out, err = run(["--base-url", server.url, "--units", "imperial", "current", "Reno"], tmp_path)
    assert (code, err) == (0, "")
    assert out == (
        "Reno: Clear\n"
        "Temperature: 35.2 °F\n"
        "Wind: 2.3 mph\n"
        "Humidity: 20%\n"
        "Observed: 2024-05-01 12:30 UTC\n"
    )


def test_forecast_metric_and_imperial(server, tmp_path):
    body = {
        "city": "Oslo",
        "days": [
            {"date": "2024-05-02", "min_c": -0.04, "max_c": 7.45, "precip_mm": 0.35},
            {"date": "2024-05-03", "min_c": 1, "max_c": 10.0, "precip_mm": 12.7},
        ],
    }
    server.script("/v1/forecast", 200, body)
    server.script("/v1/forecast", 200, body)
    code, out, err = run(["--base-url", server.url, "forecast", "Oslo", "--days", "2"], tmp_path)
    assert (code, err) == (0, "")
    assert out == (
        "Forecast for Oslo (2 days)\n"
        "2024-05-02  min 0.0 °C  max 7.5 °C  precip 0.4 mm\n"
        "2024-05-03  min 1.0 °C  max 10.0 °C  precip 12.7 mm\n"
    )
    code, out, err = run(
        ["--base-url", server.url, "--units", "imperial", "forecast", "Oslo", "--days", "2"], tmp_path
    )
    assert (code, err) == (0, "")
    assert out == (
        "Forecast for Oslo (2 days)\n"
        "2024-05-02  min 31.9 °F  max 45.4 °F  precip 0.01 in\n"
        "2024-05-03  min 33.8 °F  max 50.0 °F  precip 0.50 in\n"
    )
    assert server.requests == [("/v1/forecast", {"city": "Oslo", "days": "2"})] * 2


def test_forecast_defaults_to_three_days_and_says_day_for_one(server, tmp_path):
    server.script("/v1/forecast", 200, {
        "city": "Lima", "days": [{"date": "2024-01-01", "min_c": 18, "max_c": 24, "precip_mm": 0}],
    })
    code, out, _ = run(["--base-url", server.url, "forecast", "Lima"], tmp_path)
    assert code == 0
    assert out == "Forecast for Lima (1 day)\n2024-01-01  min 18.0 °C  max 24.0 °C  precip 0.0 mm\n"
    assert server.requests == [("/v1/forecast", {"city": "Lima", "days": "3"})]


def test_not_found_exits_3_without_retrying(server, tmp_path):
    server.script("/v1/current", 404, {"error": "city not found"})
    code, out, err = run(["--base-url", server.url, "--backoff", "0", "current", "Atlantis"], tmp_path)
    assert (code, out, err) == (3, "", "error: city not found: Atlantis\n")
    assert len(server.requests) == 1


def test_server_errors_are_retried_then_succeed(server, tmp_path):
    server.script("/v1/current", 503, {"error": "busy"})
    server.script("/v1/current", 502, "bad gateway")
    server.script("/v1/current", 200, OSLO)
    code, out, err = run(["--base-url", server.url, "--backoff", "0", "current", "Oslo"], tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("Oslo: Light rain\n")
    assert len(server.requests) == 3


def test_persistent_server_error_exits_4_after_all_attempts(server, tmp_path):
    for _ in range(5):
        server.script("/v1/current", 500, {"error": "boom"})
    code, out, err = run(
        ["--base-url", server.url, "--backoff", "0", "--retries", "3", "current", "Oslo"], tmp_path
    )
    assert (code, out, err) == (4, "", "error: server error 500 after 4 attempts\n")
    assert len(server.requests) == 4


def test_client_errors_and_bad_payloads_exit_4_without_retry(server, tmp_path):
    server.script("/v1/current", 400, {"error": "bad city"})
    code, out, err = run(["--base-url", server.url, "--backoff", "0", "current", "x"], tmp_path)
    assert (code, out, err) == (4, "", "error: request failed with status 400\n")
    server.script("/v1/current", 200, "<html>not json</html>")
    code, out, err = run(["--base-url", server.url, "--backoff", "0", "current", "x"], tmp_path)
    assert (code, out, err) == (4, "", "error: invalid response from server\n")
    broken = dict(OSLO)
    del broken["wind_kph"]
    server.script("/v1/current", 200, broken)
    code, out, err = run(["--base-url", server.url, "--backoff", "0", "current", "x"], tmp_path)
    assert (code, out, err) == (4, "", "error: invalid response from server\n")
    assert len(server.requests) == 3


def test_cache_dir_is_shared_between_runs_and_units(server, tmp_path):
    server.script("/v1/current", 200, OSLO)
    cache = tmp_path / "cache" / "nested"
    args = ["--base-url", server.url, "--cache-dir", str(cache)]
    code1, out1, _ = run(args + ["current", "Oslo"], tmp_path)
    code2, out2, _ = run(args + ["current", "Oslo"], tmp_path)
    code3, out3, _ = run(args + ["--units", "imperial", "current", "Oslo"], tmp_path)
    assert (code1, code2, code3) == (0, 0, 0)
    assert out1 == out2
    assert "Temperature: 36.1 °F\nWind: 7.5 mph\n" in out3
    assert len(server.requests) == 1


def test_base_url_from_environment_and_usage_errors(server, tmp_path):
    server.script("/v1/current", 200, OSLO)
    code, out, _ = run(["current", "Oslo"], tmp_path, {"WEATHER_API_URL": server.url})
    assert code == 0 and out.startswith("Oslo: Light rain\n")
    code, out, err = run(["current", "Oslo"], tmp_path)
    assert code == 2 and out == "" and err != ""
    for bad in (["--units", "kelvin", "current", "Oslo"], ["forecast", "Oslo", "--days", "0"],
                ["forecast", "Oslo", "--days", "11"], ["current"]):
        code, out, err = run(["--base-url", server.url, *bad], tmp_path)
        assert code == 2 and out == "", bad
    assert len(server.requests) == 1
