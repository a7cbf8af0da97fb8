from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from timeseries import resample

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def utc(h, m=0, s=0, day=1):
    return datetime(2024, 1, day, h, m, s, tzinfo=UTC)


def show(rows):
    """(isoformat, str(value) or None) pairs: offsets and exponents are part of the contract."""
    return [(t.isoformat(), None if v is None else str(v)) for t, v in rows]


def test_linear_interpolation_rounds_half_even_and_keeps_trailing_zeros():
    points = [(utc(0, 0), 0), (utc(0, 4), Decimal("0.5")), (utc(0, 7), 2)]
    rows = resample(points, start=utc(0, 0), end=utc(0, 7), step=MIN)
    assert show(rows) == [
        ("2024-01-01T00:00:00+00:00", "0.00"),
        ("2024-01-01T00:01:00+00:00", "0.12"),
        ("2024-01-01T00:02:00+00:00", "0.25"),
        ("2024-01-01T00:03:00+00:00", "0.38"),
        ("2024-01-01T00:04:00+00:00", "0.50"),
        ("2024-01-01T00:05:00+00:00", "1.00"),
        ("2024-01-01T00:06:00+00:00", "1.50"),
        ("2024-01-01T00:07:00+00:00", "2.00"),
    ]
    assert all(isinstance(v, Decimal) for _, v in rows)


def test_interpolation_is_exact_before_rounding():
    points = [(utc(0, 0), 0), (utc(0, 0, 2), 0.01), (utc(0, 3), 1), (utc(0, 6), 0)]
    second = timedelta(seconds=1)
    # 0.005 exactly: half-even goes down (binary floating point would go up)
    assert show(resample(points, start=utc(0, 0, 1), end=utc(0, 0, 1), step=second)) == [
        ("2024-01-01T00:00:01+00:00", "0.00")
    ]
    assert show(
        resample(points, start=utc(0, 0, 1), end=utc(0, 0, 1), step=second, decimals=3)
    ) == [("2024-01-01T00:00:01+00:00", "0.005")]
    rows = resample(points, start=utc(0, 4), end=utc(0, 5), step=MIN, decimals=4)
    assert show(rows) == [
        ("2024-01-01T00:04:00+00:00", "0.6667"),
        ("2024-01-01T00:05:00+00:00", "0.3333"),
    ]


def test_input_numbers_are_taken_at_their_written_decimal_value():
    start = utc(12)
    cases = [
        (2.675, 2, "2.68"),
        (1.015, 2, "1.02"),
        (Decimal("2.665"), 2, "2.66"),
        (-0.125, 2, "-0.12"),
        (-0.004, 2, "0.00"),
        (2.5, 0, "2"),
        (3.5, 0, "4"),
        (7, 3, "7.000"),
    ]
    for value, decimals, expected in cases:
        rows = resample([(start, value)], start=start, end=start, step=MIN, decimals=decimals)
        assert show(rows) == [("2024-01-01T12:00:00+00:00", expected)], (value, decimals)


def test_no_extrapolation_for_linear_but_previous_carries_forward():
    points = [(utc(1), 10), (utc(3), 30)]
    linear = resample(points, start=utc(0), end=utc(4), step=HOUR)
    assert [None if v is None else str(v) for _, v in linear] == [None, "10.00", "20.00", "30.00", None]
    previous = resample(points, start=utc(0), end=utc(4), step=HOUR, method="previous")
    assert [None if v is None else str(v) for _, v in previous] == [None, "10.00", "10.00", "30.00", "30.00"]


def test_linear_gap_limit_applies_to_bracketing_points_inclusively():
    points = [(utc(0), 0), (utc(2), 2), (utc(5), 5), (utc(6), 6)]
    rows = resample(points, start=utc(0), end=utc(6), step=HOUR, max_gap=timedelta(hours=2))
    # 0->2 is exactly the limit (kept), 2->5 exceeds it, exact samples are always kept
    assert [None if v is None else str(v) for _, v in rows] == [
        "0.00", "1.00", "2.00", None, None, "5.00", "6.00",
    ]
    zero = resample(points, start=utc(0), end=utc(2), step=HOUR, max_gap=timedelta(0))
    assert [None if v is None else str(v) for _, v in zero] == ["0.00", None, "2.00"]


def test_previous_gap_limit_bounds_staleness_inclusively():
    points = [(utc(0), 1.5), (utc(5), 4)]
    rows = resample(
        points, start=utc(0), end=utc(7), step=HOUR, method="previous", max_gap=timedelta(hours=2)
    )
    assert [None if v is None else str(v) for _, v in rows] == [
        "1.50", "1.50", "1.50", None, None, "4.00", "4.00", "4.00",
    ]


def test_grid_steps_in_elapsed_time_across_spring_forward():
    start = datetime(2024, 3, 31, 0, 0, tzinfo=BERLIN)
    end = datetime(2024, 3, 31, 5, 0, tzinfo=BERLIN)
    points = [
        (datetime(2024, 3, 30, 23, 0, tzinfo=UTC), 10),
        (datetime(2024, 3, 31, 3, 0, tzinfo=UTC), 50),
    ]
    rows = resample(points, start=start, end=end, step=HOUR)
    assert show(rows) == [
        ("2024-03-31T00:00:00+01:00", "10.00"),
        ("2024-03-31T01:00:00+01:00", "20.00"),
        ("2024-03-31T03:00:00+02:00", "30.00"),
        ("2024-03-31T04:00:00+02:00", "40.00"),
        ("2024-03-31T05:00:00+02:00", "50.00"),
    ]


def test_grid_steps_in_elapsed_time_across_fall_back():
    start = datetime(2024, 10, 27, 1, 30, tzinfo=BERLIN)
    end = datetime(2024, 10, 27, 3, 30, tzinfo=BERLIN)
    points = [(datetime(2024, 10, 26, 23, 0, tzinfo=UTC), 0), (datetime(2024, 10, 27, 2, 30, tzinfo=UTC), 7)]
    rows = resample(points, start=start, end=end, step=timedelta(minutes=30))
    assert show(rows) == [
        ("2024-10-27T01:30:00+02:00", "1.00"),
        ("2024-10-27T02:00:00+02:00", "2.00"),
        ("2024-10-27T02:30:00+02:00", "3.00"),
        ("2024-10-27T02:00:00+01:00", "4.00"),
        ("2024-10-27T02:30:00+01:00", "5.00"),
        ("2024-10-27T03:00:00+01:00", "6.00"),
        ("2024-10-27T03:30:00+01:00", "7.00"),
    ]


def test_output_timezone_defaults_to_start_and_can_be_overridden():
    points = [(utc(10), 1), (utc(12), 3)]
    default = resample(points, start=utc(10), end=utc(12), step=HOUR)
    assert [t.isoformat() for t, _ in default] == [
        "2024-01-01T10:00:00+00:00",
        "2024-01-01T11:00:00+00:00",
        "2024-01-01T12:00:00+00:00",
    ]
    india = resample(
        points, start=utc(10), end=utc(12), step=HOUR, tz=ZoneInfo("Asia/Kolkata")
    )
    assert show(india) == [
        ("2024-01-01T15:30:00+05:30", "1.00"),
        ("2024-01-01T16:30:00+05:30", "2.00"),
        ("2024-01-01T17:30:00+05:30", "3.00"),
    ]
    new_york = ZoneInfo("America/New_York")
    local_start = datetime(2024, 1, 1, 5, 0, tzinfo=new_york)  # 10:00 UTC
    rows = resample(points, start=local_start, end=utc(11), step=HOUR)
    assert show(rows) == [("2024-01-01T05:00:00-05:00", "1.00"), ("2024-01-01T06:00:00-05:00", "2.00")]


def test_unsorted_input_mixed_offsets_and_duplicate_instants_last_wins():
    plus2 = timezone(timedelta(hours=2))
    points = [
        (utc(2), 20),
        (datetime(2024, 1, 1, 2, 0, tzinfo=plus2), 5),  # == 00:00 UTC
        (utc(0), 7),  # same instant again: this one wins
        (datetime(2024, 1, 1, 2, 0, tzinfo=plus2) + HOUR, 9),  # 01:00 UTC
    ]
    rows = resample(iter(points), start=utc(0), end=utc(2), step=timedelta(minutes=30))
    assert [str(v) for _, v in rows] == ["7.00", "8.00", "9.00", "14.50", "20.00"]


def test_empty_series_and_single_point_grid():
    assert show(resample([], start=utc(0), end=utc(1), step=timedelta(minutes=30))) == [
        ("2024-01-01T00:00:00+00:00", None),
        ("2024-01-01T00:30:00+00:00", None),
        ("2024-01-01T01:00:00+00:00", None),
    ]
    # the grid never passes `end`; a single point cannot be interpolated away from itself
    rows = resample([(utc(0), 1)], start=utc(0), end=utc(0, 59), step=timedelta(minutes=30))
    assert show(rows) == [("2024-01-01T00:00:00+00:00", "1.00"), ("2024-01-01T00:30:00+00:00", None)]
    rows = resample([(utc(0), 1)], start=utc(0, 0, 30), end=utc(0, 0, 30), step=HOUR)
    assert show(rows) == [("2024-01-01T00:00:30+00:00", None)]
