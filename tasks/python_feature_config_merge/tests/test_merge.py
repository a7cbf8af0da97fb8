import copy

import pytest

from confmerge import MergeError, deep_merge


def test_nested_mappings_merge_and_later_layer_wins():
    base = {"db": {"host": "localhost", "port": 5432, "opts": {"ssl": False}}, "debug": False}
    override = {"db": {"port": 6543, "opts": {"timeout": 3}}, "name": "svc"}
    before = (copy.deepcopy(base), copy.deepcopy(override))
    merged = deep_merge(base, override)
    assert merged == {
        "db": {"host": "localhost", "port": 6543, "opts": {"ssl": False, "timeout": 3}},
        "debug": False,
        "name": "svc",
    }
    assert (base, override) == before


def test_result_shares_no_mutable_objects_with_inputs():
    base = {"a": {"list": [1, {"x": 1}]}, "keep": [1]}
    override = {"b": {"inner": [2]}, "a": {"more": {"y": 2}}}
    merged = deep_merge(base, override)
    merged["a"]["list"][1]["x"] = 99
    merged["a"]["more"]["y"] = 99
    merged["b"]["inner"].append(3)
    merged["keep"].append(2)
    assert base == {"a": {"list": [1, {"x": 1}]}, "keep": [1]}
    assert override == {"b": {"inner": [2]}, "a": {"more": {"y": 2}}}


def test_none_removes_keys_at_any_depth():
    base = {"db": {"host": "h", "port": 1}, "cache": {"size": 3}, "base_null": None}
    override = {"db": {"port": None}, "cache": None, "absent": None, "new": {"a": 1, "b": None},
                "base_null": {"x": None, "y": 2}}
    assert deep_merge(base, override) == {"db": {"host": "h"}, "new": {"a": 1}, "base_null": {"y": 2}}


def test_mapping_against_non_mapping_is_a_merge_error_with_path():
    with pytest.raises(MergeError) as info:
        deep_merge({"db": {"pool": {"size": 1}}}, {"db": {"pool": 5}})
    assert info.value.path == "db.pool"
    assert str(info.value) == "db.pool: cannot merge int into mapping"
    with pytest.raises(MergeError) as info:
        deep_merge({"tags": ["a"]}, {"tags": {"x": 1}})
    assert info.value.path == "tags"
    assert str(info.value) == "tags: cannot merge mapping into list"
    # scalars and lists simply replace each other
    assert deep_merge({"a": [1], "b": "x"}, {"a": "y", "b": [2]}) == {"a": "y", "b": [2]}


def test_list_strategies_by_dotted_path():
    base = {"plugins": ["a", "b"], "extra": {"paths": ["/x", "/y"]}, "hosts": [1, 2], "other": [1]}
    override = {
        "plugins": ["c", "a"],
        "extra": {"paths": ["/y", "/z", "/z"]},
        "hosts": [2, 3, 1, 4],
        "other": [9],
    }
    strategies = {"plugins": "append", "extra.paths": "union", "hosts": "union"}
    assert deep_merge(base, override, strategies) == {
        "plugins": ["a", "b", "c", "a"],
        "extra": {"paths": ["/x", "/y", "/z"]},
        "hosts": [1, 2, 3, 4],
        "other": [9],  # default strategy: replace
    }


def test_union_compares_structured_items_by_equality():
    base = {"rules": [{"allow": "a"}, {"deny": "b"}]}
    override = {"rules": [{"deny": "b"}, {"allow": "c"}]}
    assert deep_merge(base, override, {"rules": "union"}) == {
        "rules": [{"allow": "a"}, {"deny": "b"}, {"allow": "c"}]
    }


def test_merge_by_key_merges_matching_items_and_appends_new_ones():
    base = {"servers": [
        {"name": "a", "port": 1, "tags": ["x"]},
        {"name": "b", "port": 2, "tags": ["y"], "opts": {"tls": True}},
    ]}
    override = {"servers": [
        {"name": "b", "port": 20, "tags": ["z"], "opts": {"retries": 2}},
        {"name": "c", "port": 3},
        {"name": "a", "weight": None, "tags": ["x", "w"]},
    ]}
    strategies = {"servers": "merge_by:name", "servers.tags": "union"}
    assert deep_merge(base, override, strategies) == {"servers": [
        {"name": "a", "port": 1, "tags": ["x", "w"]},
        {"name": "b", "port": 20, "tags": ["y", "z"], "opts": {"tls": True, "retries": 2}},
        {"name": "c", "port": 3},
    ]}


def test_merge_by_key_errors_name_the_item_path():
    with pytest.raises(MergeError) as info:
        deep_merge({"s": [{"name": "a"}]}, {"s": [{"name": "b"}, {"port": 1}]}, {"s": "merge_by:name"})
    assert info.value.path == "s[1]"
    assert str(info.value) == "s[1]: missing merge key 'name'"
    with pytest.raises(MergeError) as info:
        deep_merge({"s": [{"name": "a", "o": {"k": 1}}]}, {"s": [{"name": "a", "o": 3}]},
                   {"s": "merge_by:name"})
    assert info.value.path == "s[0].o"


@pytest.mark.parametrize("strategy", ["prepend", "merge_by:", "MERGE_BY:name", ""])
def test_unknown_strategy_is_a_value_error(strategy):
    with pytest.raises(ValueError):
        deep_merge({"a": [1]}, {"b": 2}, {"a": strategy})
