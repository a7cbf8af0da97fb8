"""confmerge: layered application configuration.

Layers (lowest to highest precedence): schema defaults, JSON files in the order given,
environment variables, explicit overrides.
"""
from .env import env_overrides
from .errors import ConfigError, EnvError, MergeError, ValidationError
from .loader import load_config
from .merge import STRATEGIES, deep_merge
from .schema import MISSING, Field, walk_fields
from .sources import load_json_file
from .validate import validate

__all__ = [
    "MISSING",
    "STRATEGIES",
    "ConfigError",
    "EnvError",
    "Field",
    "MergeError",
    "ValidationError",
    "deep_merge",
    "env_overrides",
    "load_config",
    "load_json_file",
    "validate",
    "walk_fields",
]
