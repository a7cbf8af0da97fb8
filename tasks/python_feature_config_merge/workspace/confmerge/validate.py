"""Validation of a merged configuration against a schema."""
from __future__ import annotations


def validate(config: dict, schema: dict) -> dict:
    """Return a validated copy of `config` with defaults applied; raise ValidationError."""
    raise NotImplementedError("validate is not implemented yet")
