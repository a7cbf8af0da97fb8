"""A safe evaluator for small arithmetic / boolean expressions.

See instructions.md for the language. Python's ``eval`` must never be used.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

__all__ = [
    "ExprError",
    "ExprSyntaxError",
    "ExprEvalError",
    "ExprNameError",
    "ExprTypeError",
    "ExprZeroDivisionError",
    "Expression",
    "DEFAULT_FUNCTIONS",
    "compile_expression",
    "evaluate",
]


class ExprError(Exception):
    """Base class of every error raised by this module."""


class ExprSyntaxError(ExprError):
    """The source text is not a valid expression."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} at column {column}")
        self.message = message
        self.column = column


class ExprEvalError(ExprError):
    """Evaluating a syntactically valid expression failed."""


class ExprNameError(ExprEvalError):
    """An unknown variable or function was referenced."""

    def __init__(self, name: str, message: str | None = None) -> None:
        super().__init__(message or f"unknown name {name!r}")
        self.name = name


class ExprTypeError(ExprEvalError):
    """An operator or function received a value of the wrong type."""


class ExprZeroDivisionError(ExprEvalError):
    """Division or modulo by zero (including ``0 ** negative``)."""


# TODO: abs, min, max, sqrt, floor, ceil
DEFAULT_FUNCTIONS: Mapping[str, Callable] = {}


class Expression:
    """A parsed expression that can be evaluated many times."""

    @property
    def variables(self) -> frozenset[str]:
        """Names of all variables referenced anywhere in the expression."""
        raise NotImplementedError

    def evaluate(self, variables: Mapping[str, Any] | None = None,
                 functions: Mapping[str, Callable] | None = None) -> Any:
        raise NotImplementedError


def compile_expression(source: str) -> Expression:
    """Tokenize and parse *source*; raise ExprSyntaxError if it is invalid."""
    raise NotImplementedError


def evaluate(source: str, variables: Mapping[str, Any] | None = None,
             functions: Mapping[str, Callable] | None = None) -> Any:
    """Compile *source* and evaluate it once."""
    raise NotImplementedError
