"""Layered loading: files, then environment, then explicit overrides, then validation."""
from __future__ import annotations

import os
from typing import Iterable, Mapping


def load_config(
    schema: dict,
    *,
    files: Iterable[str | os.PathLike] = (),
    environ: Mapping[str, str] | None = None,
    overrides: dict | None = None,
    prefix: str = "APP",
) -> dict:
    raise NotImplementedError("load_config is not implemented yet")
