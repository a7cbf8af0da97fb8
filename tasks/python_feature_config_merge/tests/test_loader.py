import json

import pytest

from confmerge import ConfigError, EnvError, Field, MergeError, ValidationError, load_config

SCHEMA = {
    "db": {
        "host": Field(str, default="localhost"),
        "port": Field(int, min=1, max=65535),
    },
    "log": {"level": Field(str, default="info", choices=("debug", "info", "warning"))},
    "plugins": Field(list, item_type=str, default=[], merge="append"),
    "allow": Field(list, item_type=str, default=[], merge="union"),
    "servers": Field(list, item_type=dict, default=[], merge="merge_by:name"),
    "features": {"beta": Field(bool, default=False)},
}


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_layers_apply_in_precedence_order_with_schema_list_strategies(tmp_path):
    base = write(tmp_path, "base.json", {
        "db": {"host": "db1", "port": 5432},
        "log": {"level": "warning"},
        "plugins": ["auth"],
        "allow": ["10.0.0.1"],
        "servers": [{"name": "a", "weight": 1}],
    })
    local = write(tmp_path, "local.json", {
        "db": {"port": 6000},
        "log": {"level": None},
        "plugins": ["metrics"],
        "allow": ["10.0.0.1", "10.0.0.2"],
        "servers": [{"name": "a", "weight": 5}, {"name": "b"}],
    })
    environ = {"APP__DB__PORT": "7000", "APP__PLUGINS": "trace", "APP__FEATURES__BETA": "on", "HOME": "/h"}
    overrides = {"db": {"host": "cli-host"}, "allow": ["10.0.0.3"]}
    config = load_config(SCHEMA, files=[base, str(local)], environ=environ, overrides=overrides)
    assert config == {
        "db": {"host": "cli-host", "port": 7000},
        "log": {"level": "info"},  # removed by local.json, so the default applies again
        "plugins": ["auth", "metrics", "trace"],
        "allow": ["10.0.0.1", "10.0.0.2", "10.0.0.3"],
        "servers": [{"name": "a", "weight": 5}, {"name": "b"}],
        "features": {"beta": True},
    }


def test_only_defaults_and_no_environment(tmp_path):
    with pytest.raises(ValidationError) as info:
        load_config(SCHEMA)
    assert info.value.errors == [("db.port", "required")]
    config = load_config(SCHEMA, overrides={"db": {"port": 1}})
    assert config["db"] == {"host": "localhost", "port": 1}
    assert config["plugins"] == [] and config["features"] == {"beta": False}


def test_environment_prefix_and_validation_after_merge(tmp_path):
    base = write(tmp_path, "base.json", {"db": {"port": 80}})
    config = load_config(SCHEMA, files=[base], environ={"SVC__LOG__LEVEL": "debug"}, prefix="SVC")
    assert config["log"] == {"level": "debug"}
    with pytest.raises(ValidationError) as info:
        load_config(SCHEMA, files=[base], environ={"APP__DB__PORT": "70000", "APP__LOG__LEVEL": "x"})
    assert info.value.errors == [("db.port", "must be <= 65535"), ("log.level", "must be one of debug, info, warning")]


def test_errors_from_every_stage_propagate(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(ConfigError):
        load_config(SCHEMA, files=[missing])
    bad = write(tmp_path, "bad.json", {"db": {"port": 1}, "log": "loud"})
    with pytest.raises(ValidationError) as info:
        load_config(SCHEMA, files=[bad])
    assert info.value.errors == [("log", "expected mapping, got str")]
    good = write(tmp_path, "good.json", {"db": {"port": 1}})
    with pytest.raises(MergeError) as info:
        load_config(SCHEMA, files=[good, bad], overrides={"log": {"level": "debug"}})
    assert info.value.path == "log"
    with pytest.raises(EnvError) as info:
        load_config(SCHEMA, files=[good], environ={"APP__DB__PORT": "eighty"})
    assert info.value.path == "db.port"
    first = write(tmp_path, "first.json", {"db": {"port": 1}, "servers": [{"name": "a"}]})
    second = write(tmp_path, "second.json", {"servers": [{"name": "a"}, {"host": "x"}]})
    with pytest.raises(MergeError) as info:
        load_config(SCHEMA, files=[first, second])
    assert info.value.path == "servers[1]"
