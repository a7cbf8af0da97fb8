"""Validation of a merged configuration against a schema."""
from __future__ import annotations

import copy
from typing import Any

from .errors import ValidationError
from .schema import MISSING, Field, field_type_name, type_name


def validate(config: dict, schema: dict) -> dict:
    """Return a validated copy of `config` with defaults applied; raise ValidationError."""
    errors: list[tuple[str, str]] = []
    result = _section(config, schema, "", errors)
    if errors:
        raise ValidationError(errors)
    return result


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _section(config: dict, schema: dict, path: str, errors: list) -> dict:
    result: dict = {}
    for key, spec in schema.items():
        here = _join(path, key)
        present = key in config
        value = config.get(key)
        if isinstance(spec, dict):
            if not present:
                value = {}
            elif not isinstance(value, dict):
                errors.append((here, f"expected mapping, got {type_name(value)}"))
                continue
            result[key] = _section(value, spec, here, errors)
            continue
        if not present:
            if spec.default is not MISSING:
                result[key] = copy.deepcopy(spec.default)
            elif spec.required:
                errors.append((here, "required"))
            continue
        checked = _value(value, spec, here, errors)
        if checked is not MISSING:
            result[key] = checked
    for key in config:
        if key not in schema:
            errors.append((_join(path, key), "unknown key"))
    return result


def _matches(value: Any, kind: type) -> bool:
    if isinstance(value, bool):
        return kind is bool
    if kind is float:
        return isinstance(value, (int, float))
    return isinstance(value, kind)


def _value(value: Any, field: Field, path: str, errors: list) -> Any:
    if not _matches(value, field.type):
        errors.append((path, f"expected {field_type_name(field.type)}, got {type_name(value)}"))
        return MISSING
    if field.type is float:
        value = float(value)
    if field.type is list:
        ok = True
        if field.item_type is not None:
            for i, item in enumerate(value):
                if not _matches(item, field.item_type):
                    errors.append((f"{path}[{i}]",
                                   f"expected {field_type_name(field.item_type)}, got {type_name(item)}"))
                    ok = False
        if not ok:
            return MISSING
        if field.item_type is float:
            return [float(item) for item in value]
        return copy.deepcopy(value)
    if field.choices is not None and value not in field.choices:
        errors.append((path, "must be one of " + ", ".join(str(c) for c in field.choices)))
        return MISSING
    if field.min is not None and value < field.min:
        errors.append((path, f"must be >= {field.min}"))
        return MISSING
    if field.max is not None and value > field.max:
        errors.append((path, f"must be <= {field.max}"))
        return MISSING
    return copy.deepcopy(value)
