"""Layered loading: files, then environment, then explicit overrides, then validation."""
from __future__ import annotations

import os
from typing import Iterable, Mapping

from .env import env_overrides
from .merge import deep_merge
from .schema import walk_fields
from .sources import load_json_file
from .validate import validate


def load_config(
    schema: dict,
    *,
    files: Iterable[str | os.PathLike] = (),
    environ: Mapping[str, str] | None = None,
    overrides: dict | None = None,
    prefix: str = "APP",
) -> dict:
    strategies = {path: field.merge for path, field in walk_fields(schema) if field.type is list}
    layers = [load_json_file(path) for path in files]
    if environ is not None:
        layers.append(env_overrides(environ, schema, prefix))
    if overrides is not None:
        layers.append(overrides)
    merged: dict = {}
    for layer in layers:
        merged = deep_merge(merged, layer, strategies)
    return validate(merged, schema)
