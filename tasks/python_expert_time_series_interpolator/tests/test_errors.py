from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from timeseries import resample

UTC = timezone.utc
T0 = datetime(2024, 5, 1, 0, 0, tzinfo=UTC)
T1 = datetime(2024, 5, 1, 1, 0, tzinfo=UTC)
STEP = timedelta(minutes=15)


def test_naive_timestamps_are_rejected_everywhere():
    naive = datetime(2024, 5, 1, 0, 30)
    with pytest.raises(ValueError):
        resample([(T0, 1), (naive, 2)], start=T0, end=T1, step=STEP)
    with pytest.raises(ValueError):
        resample([(T0, 1)], start=naive, end=T1, step=STEP)
    with pytest.raises(ValueError):
        resample([(T0, 1)], start=T0, end=naive, step=STEP)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"step": timedelta(0)},
        {"step": timedelta(minutes=-5)},
        {"start": T1, "end": T0},
        {"method": "cubic"},
        {"decimals": -1},
        {"max_gap": timedelta(seconds=-1)},
    ],
)
def test_invalid_arguments_raise_value_error(kwargs):
    args = {"start": T0, "end": T1, "step": STEP, **kwargs}
    with pytest.raises(ValueError):
        resample([(T0, 1), (T1, 2)], **args)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_non_finite_values_raise_value_error(bad):
    with pytest.raises(ValueError):
        resample([(T0, 1), (T1, bad)], start=T0, end=T1, step=STEP)


@pytest.mark.parametrize("bad", [True, "1.5", None])
def test_non_numeric_values_raise_type_error(bad):
    with pytest.raises(TypeError):
        resample([(T0, 1), (T1, bad)], start=T0, end=T1, step=STEP)


def test_valid_call_with_all_options_succeeds():
    rows = resample(
        [(T0, Decimal("1.25")), (T1, 2)],
        start=T0,
        end=T1,
        step=STEP,
        method="previous",
        max_gap=timedelta(hours=1),
        decimals=1,
        tz=timezone(timedelta(hours=-3)),
    )
    assert [(t.isoformat(), str(v)) for t, v in rows] == [
        ("2024-04-30T21:00:00-03:00", "1.2"),
        ("2024-04-30T21:15:00-03:00", "1.2"),
        ("2024-04-30T21:30:00-03:00", "1.2"),
        ("2024-04-30T21:45:00-03:00", "1.2"),
        ("2024-04-30T22:00:00-03:00", "2.0"),
    ]
