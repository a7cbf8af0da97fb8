"""Deep merge of two configuration layers with per-path list strategies."""
from __future__ import annotations

import copy
import re
from typing import Mapping

from .errors import MergeError
from .schema import type_name

STRATEGIES = ("replace", "append", "union", "merge_by:<key>")
_INDEX = re.compile(r"\[\d+\]")


def deep_merge(base: dict, override: dict, strategies: Mapping[str, str] | None = None) -> dict:
    """Return a new dict: `override` merged onto `base`. Neither input is modified."""
    strategies = dict(strategies or {})
    for strategy in strategies.values():
        _check_strategy(strategy)
    return _merge_dicts(base, override, "", strategies)


def _check_strategy(strategy: str) -> None:
    if strategy in ("replace", "append", "union"):
        return
    if strategy.startswith("merge_by:") and strategy[len("merge_by:"):]:
        return
    raise ValueError(f"unknown list strategy {strategy!r}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _merge_dicts(base: dict, override: dict, path: str, strategies: dict[str, str]) -> dict:
    result = copy.deepcopy(base)
    for key, new in override.items():
        here = _join(path, key)
        if new is None:
            result.pop(key, None)
            continue
        old = result.get(key)
        if old is None and isinstance(new, dict):
            # nothing to merge with, but the Nones nested in `new` must still go
            result[key] = _merge_dicts({}, new, here, strategies)
        elif old is None:
            result[key] = copy.deepcopy(new)
        elif isinstance(old, dict) != isinstance(new, dict):
            raise MergeError(f"cannot merge {type_name(new)} into {type_name(old)}", here)
        elif isinstance(old, dict):
            result[key] = _merge_dicts(old, new, here, strategies)
        elif isinstance(old, list) and isinstance(new, list):
            result[key] = _merge_lists(old, new, here, strategies)
        else:
            result[key] = copy.deepcopy(new)
    return result


def _merge_lists(old: list, new: list, path: str, strategies: dict[str, str]) -> list:
    strategy = strategies.get(_INDEX.sub("", path), "replace")
    if strategy == "replace":
        return copy.deepcopy(new)
    if strategy == "append":
        return copy.deepcopy(old) + copy.deepcopy(new)
    if strategy == "union":
        result = copy.deepcopy(old)
        for item in new:
            if item not in result:
                result.append(copy.deepcopy(item))
        return result
    return _merge_by_key(old, new, path, strategy[len("merge_by:"):], strategies)


def _merge_by_key(old: list, new: list, path: str, key: str, strategies: dict[str, str]) -> list:
    for items in (old, new):
        for i, item in enumerate(items):
            if not isinstance(item, dict) or key not in item:
                raise MergeError(f"missing merge key {key!r}", f"{path}[{i}]")
    result = copy.deepcopy(old)
    for item in new:
        for j, existing in enumerate(result):
            if existing[key] == item[key]:
                result[j] = _merge_dicts(existing, item, f"{path}[{j}]", strategies)
                break
        else:
            result.append(copy.deepcopy(item))
    return result
