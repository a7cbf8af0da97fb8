"""Environment-variable overrides: APP__DB__PORT=5432 -> {"db": {"port": 5432}}."""
from __future__ import annotations

import re
from typing import Any, Mapping

from .errors import EnvError
from .schema import Field, field_type_name

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def env_overrides(environ: Mapping[str, str], schema: dict, prefix: str = "APP") -> dict:
    """Build an override layer from the variables named `<prefix>__<key>__<key>...`."""
    marker = f"{prefix}__"
    result: dict = {}
    for variable in sorted(environ):
        if not variable.startswith(marker):
            continue
        keys, field = _resolve(variable, variable[len(marker):].split("__"), schema)
        value = _coerce(variable, environ[variable], field, ".".join(keys))
        node = result
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return result


def _resolve(variable: str, segments: list[str], schema: dict) -> tuple[list[str], Field]:
    keys: list[str] = []
    node: Any = schema
    for segment in segments:
        if not isinstance(node, dict):
            raise EnvError(variable, "unknown setting")
        match = next((k for k in node if k.lower() == segment.lower()), None) if segment else None
        if match is None:
            raise EnvError(variable, "unknown setting")
        keys.append(match)
        node = node[match]
    if not isinstance(node, Field):
        raise EnvError(variable, "unknown setting")
    return keys, node


def _coerce(variable: str, raw: str, field: Field, path: str) -> Any:
    if field.type is list:
        if raw == "":
            return []
        items = [item.strip() for item in raw.split(",")]
        kind = field.item_type or str
        return [_scalar(variable, item, kind, path) for item in items]
    return _scalar(variable, raw, field.type, path)


def _scalar(variable: str, raw: str, kind: type, path: str) -> Any:
    if kind is str:
        return raw
    if kind is int and _INT.fullmatch(raw):
        return int(raw)
    if kind is float and _FLOAT.fullmatch(raw):
        return float(raw)
    if kind is bool and raw.lower() in _TRUE | _FALSE:
        return raw.lower() in _TRUE
    raise EnvError(variable, f"cannot parse {raw!r} as {field_type_name(kind)}", path)
