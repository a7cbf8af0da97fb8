import pytest

from confmerge import Field, ValidationError, validate

SCHEMA = {
    "name": Field(str),
    "db": {
        "host": Field(str, default="localhost"),
        "port": Field(int, min=1, max=65535),
        "timeout": Field(float, default=2.5, min=0.5),
    },
    "log": {"level": Field(str, default="info", choices=("debug", "info", "warning"))},
    "debug": Field(bool, default=False),
    "plugins": Field(list, item_type=str, default=["core"]),
    "ports": Field(list, item_type=int, required=False),
    "weights": Field(list, item_type=float, required=False),
    "extra": Field(dict, required=False),
    "note": Field(str, required=False),
}


def test_defaults_are_applied_and_values_normalised():
    config = {"name": "svc", "db": {"port": 80, "timeout": 3}, "weights": [1, 0.5], "extra": {"k": [1]}}
    result = validate(config, SCHEMA)
    assert result == {
        "name": "svc",
        "db": {"host": "localhost", "port": 80, "timeout": 3.0},
        "log": {"level": "info"},
        "debug": False,
        "plugins": ["core"],
        "weights": [1.0, 0.5],
        "extra": {"k": [1]},
    }
    assert isinstance(result["db"]["timeout"], float)
    assert isinstance(result["weights"][0], float)
    assert "note" not in result and "ports" not in result


def test_result_is_a_copy_and_defaults_are_never_shared():
    config = {"name": "svc", "db": {"port": 1}, "extra": {"k": [1]}}
    first = validate(config, SCHEMA)
    first["plugins"].append("mutated")
    first["extra"]["k"].append(2)
    second = validate(config, SCHEMA)
    assert second["plugins"] == ["core"]
    assert config["extra"] == {"k": [1]}
    assert SCHEMA["plugins"].default == ["core"]


def test_all_errors_are_reported_sorted_by_path_with_exact_messages():
    config = {
        "db": {"port": 70000, "timeout": 0.25, "hots": "x"},
        "log": {"level": "trace"},
        "debug": "yes",
        "plugins": ["a", 3, None],
        "ports": [80, True],
        "colour": "blue",
    }
    with pytest.raises(ValidationError) as info:
        validate(config, SCHEMA)
    expected = [
        ("colour", "unknown key"),
        ("db.hots", "unknown key"),
        ("db.port", "must be <= 65535"),
        ("db.timeout", "must be >= 0.5"),
        ("debug", "expected bool, got str"),
        ("log.level", "must be one of debug, info, warning"),
        ("name", "required"),
        ("plugins[1]", "expected str, got int"),
        ("plugins[2]", "expected str, got null"),
        ("ports[1]", "expected int, got bool"),
    ]
    assert info.value.errors == expected
    assert str(info.value) == "; ".join(f"{p}: {m}" for p, m in expected)


def test_type_errors_for_scalars_sections_and_bool_vs_int():
    config = {"name": 5, "db": {"port": True}, "log": "loud", "ports": "80", "extra": [1], "weights": [1, "2"]}
    with pytest.raises(ValidationError) as info:
        validate(config, SCHEMA)
    assert info.value.errors == [
        ("db.port", "expected int, got bool"),
        ("extra", "expected mapping, got list"),
        ("log", "expected mapping, got str"),
        ("name", "expected str, got int"),
        ("ports", "expected list, got str"),
        ("weights[1]", "expected float, got str"),
    ]
    with pytest.raises(ValidationError) as info:
        validate({"name": "x", "db": {"port": 0.0}}, SCHEMA)
    assert info.value.errors == [("db.port", "expected int, got float")]
    with pytest.raises(ValidationError) as info:
        validate({"name": "x", "db": None}, SCHEMA)
    assert info.value.errors == [("db", "expected mapping, got null")]
