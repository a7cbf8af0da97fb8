"""Schema description: nested dicts whose leaves are `Field`s.

A schema maps keys to either a `Field` (a setting) or another dict (a section):

    SCHEMA = {
        "db": {
            "host": Field(str, default="localhost"),
            "port": Field(int, min=1, max=65535),
        },
        "plugins": Field(list, item_type=str, default=[], merge="append"),
    }
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

SUPPORTED_TYPES = (str, int, float, bool, list, dict)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Field:
    type: type
    required: bool = True
    default: Any = MISSING
    choices: tuple | None = None
    min: int | float | None = None
    max: int | float | None = None
    item_type: type | None = None  # only for type=list
    merge: str = "replace"  # list merge strategy, only for type=list

    def __post_init__(self) -> None:
        if self.type not in SUPPORTED_TYPES:
            raise TypeError(f"unsupported field type {self.type!r}")
        if self.item_type is not None and self.type is not list:
            raise TypeError("item_type is only valid for list fields")


def walk_fields(schema: dict, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Yield (dotted_path, field) for every field of `schema`, depth first, in key order."""
    for key, spec in schema.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(spec, Field):
            yield path, spec
        else:
            yield from walk_fields(spec, path)


def type_name(value: Any) -> str:
    """Name used in messages for the type of a configuration value."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def field_type_name(kind: type) -> str:
    """Name used in messages for a Field.type / item_type."""
    return "mapping" if kind is dict else kind.__name__
