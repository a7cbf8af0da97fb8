"""Reading configuration layers from disk."""
from __future__ import annotations

import json
import os

from .errors import ConfigError


def load_json_file(path: str | os.PathLike) -> dict:
    """Load one JSON configuration file; its top level must be an object."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as err:
        raise ConfigError(f"cannot read {os.fspath(path)}: {err.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ConfigError(f"invalid JSON in {os.fspath(path)}: {err.msg} at line {err.lineno}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"top level of {os.fspath(path)} must be an object")
    return data
