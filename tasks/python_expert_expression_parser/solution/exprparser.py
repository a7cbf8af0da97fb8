"""A safe evaluator for small arithmetic / boolean expressions.

The source text is tokenized completely, parsed by a recursive-descent /
precedence-climbing parser into a tree of nodes, and the tree is evaluated
against a mapping of variables and an allow-list of functions.  Python's
``eval`` is never used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
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


# --------------------------------------------------------------------------- errors


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


# --------------------------------------------------------------------------- tokens

_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_NAME_CHARS = _NAME_START | _DIGITS
_WHITESPACE = frozenset(" \t\r\n")
_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
# Longest operators first so that "**" wins over "*", "<=" over "<", ...
_OPERATORS = ("**", "//", "==", "!=", "<=", ">=",
              "+", "-", "*", "/", "%", "<", ">", "(", ")", ",", "?", ":")


@dataclass(frozen=True)
class _Token:
    kind: str  # "number" | "name" | "keyword" | "op" | "eof"
    value: Any
    column: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in _WHITESPACE:
            i += 1
            continue
        if ch in _DIGITS:
            i = _scan_number(source, i, tokens)
            continue
        if ch in _NAME_START:
            j = i + 1
            while j < n and source[j] in _NAME_CHARS:
                j += 1
            word = source[i:j]
            kind = "keyword" if word in _KEYWORDS else "name"
            tokens.append(_Token(kind, word, i + 1))
            i = j
            continue
        for op in _OPERATORS:
            if source.startswith(op, i):
                tokens.append(_Token("op", op, i + 1))
                i += len(op)
                break
        else:
            raise ExprSyntaxError(f"unexpected character {ch!r}", i + 1)
    tokens.append(_Token("eof", None, n + 1))
    return tokens


def _scan_number(source: str, start: int, tokens: list[_Token]) -> int:
    n = len(source)
    j = start
    while j < n and source[j] in _DIGITS:
        j += 1
    is_float = False
    if j < n and source[j] == ".":
        if j + 1 < n and source[j + 1] in _DIGITS:
            j += 1
            while j < n and source[j] in _DIGITS:
                j += 1
            is_float = True
        else:
            raise ExprSyntaxError("malformed number", start + 1)
    if j < n and source[j] in "eE":
        k = j + 1
        if k < n and source[k] in "+-":
            k += 1
        if k < n and source[k] in _DIGITS:
            while k < n and source[k] in _DIGITS:
                k += 1
            j = k
            is_float = True
        else:
            raise ExprSyntaxError("malformed number", start + 1)
    text = source[start:j]
    value = float(text) if is_float else int(text)
    tokens.append(_Token("number", value, start + 1))
    return j


# --------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class _Const:
    value: Any


@dataclass(frozen=True)
class _Var:
    name: str


@dataclass(frozen=True)
class _Unary:
    op: str  # "-", "+", "not"
    operand: Any


@dataclass(frozen=True)
class _Binary:
    op: str  # arithmetic operator
    left: Any
    right: Any


@dataclass(frozen=True)
class _Logical:
    op: str  # "and" | "or"
    left: Any
    right: Any


@dataclass(frozen=True)
class _Compare:
    first: Any
    rest: tuple  # ((op, operand), ...)


@dataclass(frozen=True)
class _Cond:
    test: Any
    then: Any
    otherwise: Any


@dataclass(frozen=True)
class _Call:
    name: str
    args: tuple


# --------------------------------------------------------------------------- parser

_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
# Binary arithmetic levels handled by precedence climbing: op -> binding power.
# All of them are left-associative; "**" is handled separately (right-assoc,
# binds tighter than a unary operator on its left).
_ARITH_POWER = {"+": 10, "-": 10, "*": 20, "/": 20, "//": 20, "%": 20}


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._pos = 0
        self.variables: set[str] = set()

    # -- helpers
    @property
    def _tok(self) -> _Token:
        return self._tokens[self._pos]

    def _advance(self) -> _Token:
        tok = self._tokens[self._pos]
        self._pos += 1
        return tok

    def _is(self, kind: str, value: Any = None) -> bool:
        tok = self._tok
        return tok.kind == kind and (value is None or tok.value == value)

    def _fail(self) -> ExprSyntaxError:
        tok = self._tok
        if tok.kind == "eof":
            return ExprSyntaxError("unexpected end of expression", tok.column)
        return ExprSyntaxError(f"unexpected token {tok.value!r}", tok.column)

    def _expect_op(self, op: str) -> None:
        if not self._is("op", op):
            raise self._fail()
        self._advance()

    # -- grammar
    def parse(self):
        node = self._conditional()
        if not self._is("eof"):
            raise self._fail()
        return node

    def _conditional(self):
        test = self._or()
        if self._is("op", "?"):
            self._advance()
            then = self._conditional()
            self._expect_op(":")
            otherwise = self._conditional()
            return _Cond(test, then, otherwise)
        return test

    def _or(self):
        node = self._and()
        while self._is("keyword", "or"):
            self._advance()
            node = _Logical("or", node, self._and())
        return node

    def _and(self):
        node = self._not()
        while self._is("keyword", "and"):
            self._advance()
            node = _Logical("and", node, self._not())
        return node

    def _not(self):
        if self._is("keyword", "not"):
            self._advance()
            return _Unary("not", self._not())
        return self._comparison()

    def _comparison(self):
        first = self._arith(0)
        rest = []
        while self._tok.kind == "op" and self._tok.value in _COMPARISONS:
            op = self._advance().value
            rest.append((op, self._arith(0)))
        return _Compare(first, tuple(rest)) if rest else first

    def _arith(self, min_power: int):
        """Precedence climbing over the left-associative arithmetic operators."""
        left = self._unary()
        while True:
            tok = self._tok
            power = _ARITH_POWER.get(tok.value) if tok.kind == "op" else None
            if power is None or power < min_power:
                return left
            self._advance()
            right = self._arith(power + 1)
            left = _Binary(tok.value, left, right)

    def _unary(self):
        if self._tok.kind == "op" and self._tok.value in ("-", "+"):
            op = self._advance().value
            return _Unary(op, self._unary())
        return self._power()

    def _power(self):
        base = self._primary()
        if self._is("op", "**"):
            self._advance()
            # The exponent may itself carry a unary sign and is right-associative.
            return _Binary("**", base, self._unary())
        return base

    def _primary(self):
        tok = self._tok
        if tok.kind == "number":
            self._advance()
            return _Const(tok.value)
        if tok.kind == "keyword" and tok.value in ("true", "false"):
            self._advance()
            return _Const(tok.value == "true")
        if tok.kind == "name":
            self._advance()
            if self._is("op", "("):
                return _Call(tok.value, self._arguments())
            self.variables.add(tok.value)
            return _Var(tok.value)
        if self._is("op", "("):
            self._advance()
            node = self._conditional()
            self._expect_op(")")
            return node
        raise self._fail()

    def _arguments(self) -> tuple:
        self._expect_op("(")
        args = []
        if self._is("op", ")"):
            self._advance()
            return ()
        while True:
            args.append(self._conditional())
            if self._is("op", ","):
                self._advance()
                continue
            self._expect_op(")")
            return tuple(args)


# --------------------------------------------------------------------------- evaluation


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    return type(value).__name__


def _require_bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise ExprTypeError(f"{what} needs a bool, got {_type_name(value)}")
    return value


def _arith(op: str, a: Any, b: Any) -> Any:
    if not (_is_number(a) and _is_number(b)):
        raise ExprTypeError(
            f"operator {op!r} needs numbers, got {_type_name(a)} and {_type_name(b)}")
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b
        if op == "//":
            return a // b
        if op == "%":
            return a % b
        result = a ** b
    except ZeroDivisionError:
        raise ExprZeroDivisionError(f"division by zero in {op!r}") from None
    except OverflowError:
        raise ExprEvalError(f"numeric overflow in {op!r}") from None
    if isinstance(result, complex):
        raise ExprEvalError("power has no real result")
    return result


def _compare(op: str, a: Any, b: Any) -> bool:
    if op in ("==", "!="):
        if not ((_is_number(a) and _is_number(b))
                or (isinstance(a, bool) and isinstance(b, bool))):
            raise ExprTypeError(
                f"cannot compare {_type_name(a)} with {_type_name(b)} using {op!r}")
        return (a == b) if op == "==" else (a != b)
    if not (_is_number(a) and _is_number(b)):
        raise ExprTypeError(
            f"operator {op!r} needs numbers, got {_type_name(a)} and {_type_name(b)}")
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


class _Evaluator:
    def __init__(self, variables: Mapping[str, Any], functions: Mapping[str, Callable]):
        self._variables = variables
        self._functions = functions

    def eval(self, node) -> Any:
        if isinstance(node, _Const):
            return node.value
        if isinstance(node, _Var):
            try:
                value = self._variables[node.name]
            except KeyError:
                raise ExprNameError(node.name, f"unknown variable {node.name!r}") from None
            if not isinstance(value, (bool, int, float)):
                raise ExprTypeError(
                    f"variable {node.name!r} has unsupported type {type(value).__name__}")
            return value
        if isinstance(node, _Unary):
            value = self.eval(node.operand)
            if node.op == "not":
                return not _require_bool(value, "'not'")
            if not _is_number(value):
                raise ExprTypeError(f"unary {node.op!r} needs a number, got {_type_name(value)}")
            return -value if node.op == "-" else +value
        if isinstance(node, _Binary):
            return _arith(node.op, self.eval(node.left), self.eval(node.right))
        if isinstance(node, _Logical):
            left = _require_bool(self.eval(node.left), f"{node.op!r}")
            if node.op == "and" and not left:
                return False
            if node.op == "or" and left:
                return True
            return _require_bool(self.eval(node.right), f"{node.op!r}")
        if isinstance(node, _Compare):
            left = self.eval(node.first)
            for op, operand in node.rest:
                right = self.eval(operand)
                if not _compare(op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, _Cond):
            test = _require_bool(self.eval(node.test), "condition of '?:'")
            return self.eval(node.then if test else node.otherwise)
        if isinstance(node, _Call):
            try:
                fn = self._functions[node.name]
            except KeyError:
                raise ExprNameError(node.name, f"unknown function {node.name!r}") from None
            args = [self.eval(arg) for arg in node.args]
            return fn(*args)
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


# --------------------------------------------------------------------------- functions


def _numbers(name: str, args: tuple, min_count: int, max_count: int | None) -> tuple:
    count = len(args)
    if count < min_count or (max_count is not None and count > max_count):
        if max_count == min_count:
            expected = f"{min_count}"
        elif max_count is None:
            expected = f"at least {min_count}"
        else:
            expected = f"{min_count} to {max_count}"
        raise ExprTypeError(f"{name}() takes {expected} argument(s), got {count}")
    for arg in args:
        if not _is_number(arg):
            raise ExprTypeError(f"{name}() needs numbers, got {_type_name(arg)}")
    return args


def _fn_abs(*args):
    (x,) = _numbers("abs", args, 1, 1)
    return abs(x)


def _fn_min(*args):
    return min(_numbers("min", args, 1, None))


def _fn_max(*args):
    return max(_numbers("max", args, 1, None))


def _fn_sqrt(*args):
    (x,) = _numbers("sqrt", args, 1, 1)
    if x < 0:
        raise ExprEvalError("sqrt() of a negative number")
    return math.sqrt(x)


def _fn_floor(*args):
    (x,) = _numbers("floor", args, 1, 1)
    try:
        return math.floor(x)
    except (OverflowError, ValueError):
        raise ExprEvalError("floor() of a non-finite number") from None


def _fn_ceil(*args):
    (x,) = _numbers("ceil", args, 1, 1)
    try:
        return math.ceil(x)
    except (OverflowError, ValueError):
        raise ExprEvalError("ceil() of a non-finite number") from None


DEFAULT_FUNCTIONS: Mapping[str, Callable] = {
    "abs": _fn_abs,
    "min": _fn_min,
    "max": _fn_max,
    "sqrt": _fn_sqrt,
    "floor": _fn_floor,
    "ceil": _fn_ceil,
}


# --------------------------------------------------------------------------- public API


class Expression:
    """A parsed expression that can be evaluated many times."""

    def __init__(self, source: str, tree, variables: frozenset[str]) -> None:
        self.source = source
        self._tree = tree
        self._variables = variables

    @property
    def variables(self) -> frozenset[str]:
        """Names of all variables referenced anywhere in the expression."""
        return self._variables

    def evaluate(self, variables: Mapping[str, Any] | None = None,
                 functions: Mapping[str, Callable] | None = None) -> Any:
        available = dict(DEFAULT_FUNCTIONS)
        if functions:
            available.update(functions)
        return _Evaluator(variables or {}, available).eval(self._tree)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def compile_expression(source: str) -> Expression:
    """Tokenize and parse *source*; raise ExprSyntaxError if it is invalid."""
    parser = _Parser(_tokenize(source))
    tree = parser.parse()
    return Expression(source, tree, frozenset(parser.variables))


def evaluate(source: str, variables: Mapping[str, Any] | None = None,
             functions: Mapping[str, Callable] | None = None) -> Any:
    """Compile *source* and evaluate it once."""
    return compile_expression(source).evaluate(variables, functions)
