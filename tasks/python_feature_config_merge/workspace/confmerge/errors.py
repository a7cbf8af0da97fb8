"""Error types of confmerge. Every error names the dotted path it is about."""
from __future__ import annotations


class ConfigError(Exception):
    """Base error. `path` is a dotted path such as "db.port" or "servers[1].host", or None."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


class MergeError(ConfigError):
    """Two layers cannot be merged at `path`."""


class EnvError(ConfigError):
    """An environment variable cannot be applied. `variable` is its name."""

    def __init__(self, variable: str, message: str, path: str | None = None) -> None:
        Exception.__init__(self, f"{variable}: {message}")
        self.message = message
        self.path = path
        self.variable = variable


class ValidationError(ConfigError):
    """The merged configuration does not match the schema.

    `errors` is a list of (path, message) pairs sorted by path.
    """

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = sorted(errors)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.errors))
