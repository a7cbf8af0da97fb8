"""Deep merge of two configuration layers with per-path list strategies."""
from __future__ import annotations

from typing import Mapping

STRATEGIES = ("replace", "append", "union", "merge_by:<key>")


def deep_merge(base: dict, override: dict, strategies: Mapping[str, str] | None = None) -> dict:
    """Return a new dict: `override` merged onto `base`. Neither input is modified."""
    raise NotImplementedError("deep_merge is not implemented yet")
