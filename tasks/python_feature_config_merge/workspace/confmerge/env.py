"""Environment-variable overrides: APP__DB__PORT=5432 -> {"db": {"port": 5432}}."""
from __future__ import annotations

from typing import Mapping


def env_overrides(environ: Mapping[str, str], schema: dict, prefix: str = "APP") -> dict:
    """Build an override layer from the variables named `<prefix>__<key>__<key>...`."""
    raise NotImplementedError("env_overrides is not implemented yet")
