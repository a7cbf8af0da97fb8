import pytest

from confmerge import EnvError, Field, env_overrides

SCHEMA = {
    "db": {
        "host": Field(str),
        "port": Field(int),
        "max_connections": Field(int, default=10),
        "ratio": Field(float, required=False),
    },
    "debug": Field(bool, default=False),
    "plugins": Field(list, item_type=str, default=[]),
    "ports": Field(list, item_type=int, required=False),
    "Log": {"Level": Field(str, default="info")},
}


def test_variables_become_a_typed_nested_layer():
    environ = {
        "APP__DB__PORT": "5432",
        "APP__db__Host": "db.internal",
        "APP__DB__MAX_CONNECTIONS": "-3",
        "APP__DB__RATIO": "2.5e-1",
        "APP__DEBUG": "Yes",
        "APP__PLUGINS": " auth , metrics,,x ",
        "APP__PORTS": "80, +443",
        "APP__LOG__LEVEL": "DEBUG",
        # ignored: other prefixes, single underscore, prefix as a mere substring
        "APP_DEBUG": "nonsense",
        "OTHER__DB__PORT": "x",
        "APPX__DB__PORT": "x",
        "PATH": "/usr/bin",
    }
    assert env_overrides(environ, SCHEMA) == {
        "db": {"port": 5432, "host": "db.internal", "max_connections": -3, "ratio": 0.25},
        "debug": True,
        "plugins": ["auth", "metrics", "", "x"],
        "ports": [80, 443],
        "Log": {"Level": "DEBUG"},
    }


def test_booleans_floats_and_empty_lists():
    for raw, expected in [("true", True), ("ON", True), ("1", True), ("no", False), ("Off", False), ("0", False)]:
        assert env_overrides({"APP__DEBUG": raw}, SCHEMA) == {"debug": expected}
    assert env_overrides({"APP__DB__RATIO": "3"}, SCHEMA) == {"db": {"ratio": 3.0}}
    assert env_overrides({"APP__DB__RATIO": ".5"}, SCHEMA) == {"db": {"ratio": 0.5}}
    assert env_overrides({"APP__PLUGINS": ""}, SCHEMA) == {"plugins": []}
    assert env_overrides({"APP__DB__HOST": ""}, SCHEMA) == {"db": {"host": ""}}
    assert env_overrides({}, SCHEMA) == {}


def test_custom_prefix():
    environ = {"SVC__DB__PORT": "1", "APP__DB__PORT": "2"}
    assert env_overrides(environ, SCHEMA, prefix="SVC") == {"db": {"port": 1}}


@pytest.mark.parametrize(
    "variable, raw, kind, path",
    [
        ("APP__DB__PORT", "1_000", "int", "db.port"),
        ("APP__DB__PORT", " 5", "int", "db.port"),
        ("APP__DB__PORT", "5.0", "int", "db.port"),
        ("APP__DB__PORT", "0x10", "int", "db.port"),
        ("APP__DB__PORT", "", "int", "db.port"),
        ("APP__DB__RATIO", "nan", "float", "db.ratio"),
        ("APP__DB__RATIO", "inf", "float", "db.ratio"),
        ("APP__DB__RATIO", "1,5", "float", "db.ratio"),
        ("APP__DEBUG", "enabled", "bool", "debug"),
        ("APP__DEBUG", "", "bool", "debug"),
    ],
)
def test_unparseable_values_raise_env_error(variable, raw, kind, path):
    with pytest.raises(EnvError) as info:
        env_overrides({variable: raw, "APP__DB__HOST": "ok"}, SCHEMA)
    assert info.value.variable == variable
    assert info.value.path == path
    assert str(info.value) == f"{variable}: cannot parse {raw!r} as {kind}"


def test_list_items_are_coerced_to_the_item_type():
    with pytest.raises(EnvError) as info:
        env_overrides({"APP__PORTS": "80,http"}, SCHEMA)
    assert str(info.value) == "APP__PORTS: cannot parse 'http' as int"
    assert info.value.path == "ports"


@pytest.mark.parametrize("variable", ["APP__DB", "APP__DB__HOTS", "APP__DEBUG__X", "APP__", "APP__DB____PORT"])
def test_unknown_settings_and_sections_raise_env_error(variable):
    with pytest.raises(EnvError) as info:
        env_overrides({variable: "1"}, SCHEMA)
    assert info.value.variable == variable
    assert info.value.path is None
    assert str(info.value) == f"{variable}: unknown setting"
