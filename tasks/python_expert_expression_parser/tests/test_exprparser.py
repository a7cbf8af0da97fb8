import math

import pytest

from exprparser import (
    Expression,
    ExprError,
    ExprEvalError,
    ExprNameError,
    ExprSyntaxError,
    ExprTypeError,
    ExprZeroDivisionError,
    compile_expression,
    evaluate,
)


def check(source, expected, variables=None, functions=None):
    result = evaluate(source, variables, functions)
    assert result == expected, f"{source!r}: got {result!r}, expected {expected!r}"
    assert type(result) is type(expected), (
        f"{source!r}: got type {type(result).__name__}, expected {type(expected).__name__}")


def syntax_column(source):
    with pytest.raises(ExprSyntaxError) as info:
        compile_expression(source)
    return info.value.column


def test_literals_and_basic_arithmetic():
    check("42", 42)
    check("  7\t", 7)
    check("3.25", 3.25)
    check("1.5e2", 150.0)
    check("1E-2", 0.01)
    check("2e+3", 2000.0)
    check("1e3", 1000.0)
    check("true", True)
    check("false", False)
    check("1 + 2", 3)
    check("1+2.5", 3.5)
    check("10\n-\n3", 7)
    check("2 * 21", 42)


def test_precedence_and_left_associativity():
    check("2 + 3 * 4", 14)
    check("(2 + 3) * 4", 20)
    check("10 - 4 - 3", 3)
    check("10 - (4 - 3)", 9)
    check("100 / 10 / 5", 2.0)
    check("2 * 3 % 4", 2)
    check("7 - 2 * 3", 1)
    check("20 // 3 * 3", 18)
    check("1 + 2 * 3 - 4 / 2", 5.0)
    check("((((1))))", 1)


def test_power_is_right_associative_and_beats_unary_minus():
    check("2 ** 3 ** 2", 512)
    check("(2 ** 3) ** 2", 64)
    check("-2 ** 2", -4)
    check("(-2) ** 2", 4)
    check("2 ** -1", 0.5)
    check("2 ** -2 ** 2", 0.0625)
    check("-3 ** 2 * 2", -18)
    check("- - 2", 2)
    check("-+-2", 2)
    check("2 * -3", -6)
    check("2--3", 5)
    check("-2 ** -2", -0.25)
    check("-8 ** 0.5", -(8 ** 0.5))
    check("2 ** 10", 1024)


def test_division_family_follows_python_semantics():
    check("7 / 2", 3.5)
    check("6 / 3", 2.0)
    check("7 // 2", 3)
    check("-7 // 2", -4)
    check("-7 % 3", 2)
    check("7 % -3", -2)
    check("7.5 // 2", 3.0)
    check("7.5 % 2", 1.5)
    check("2 ** 0.5", math.sqrt(2))


def test_comparisons_and_python_style_chaining():
    check("1 < 2", True)
    check("2 <= 2", True)
    check("3 > 4", False)
    check("1 == 1.0", True)
    check("1 != 1", False)
    check("true == false", False)
    check("true != false", True)
    check("1 < 2 < 3", True)
    check("1 < 3 < 2", False)
    check("3 > 2 > 1", True)
    check("1 == 1 == 1", True)
    check("1 < 2 == 2", True)
    check("1 + 1 == 2 * 1", True)
    # evaluation stops at the first false link, later operands are not evaluated
    check("2 < 1 < 1 / 0", False)
    check("1 == 2 == true", False)
    with pytest.raises(ExprTypeError):
        evaluate("1 == 1.0 == true")
    # the middle operand is evaluated only once
    calls = []

    def tick():
        calls.append(1)
        return 5

    check("1 < tick() < 10", True, functions={"tick": tick})
    assert calls == [1]


def test_boolean_logic_precedence_and_short_circuit():
    check("true and not false", True)
    check("not 1 < 2", False)
    check("not not true", True)
    check("true or true and false", True)
    check("false and true or true", True)
    check("(true or true) and false", False)
    check("1 < 2 and 2 < 3 or false", True)
    check("false and 1 / 0 > 0", False)
    check("true or undefined_name", True)
    check("false and undefined_fn(1)", False)
    with pytest.raises(ExprNameError):
        evaluate("false or undefined_name")
    with pytest.raises(ExprTypeError):
        evaluate("true and 5")
    with pytest.raises(ExprTypeError):
        evaluate("1 and true")
    with pytest.raises(ExprTypeError):
        evaluate("not 1")


def test_conditional_operator():
    check("true ? 1 : 2", 1)
    check("false ? 1 : 2", 2)
    check("false ? 1 : true ? 2 : 3", 2)
    check("false ? 1 : false ? 2 : 3", 3)
    check("true ? false ? 1 : 2 : 3", 2)
    check("1 < 2 ? 10 : 20 + 1", 10)
    check("1 > 2 ? 10 : 20 + 1", 21)
    check("true or false ? 1 : 2", 1)
    check("(true ? 1 : 2) + 1", 2)
    check("true ? 1 : 1 / 0", 1)
    check("false ? missing : 4", 4)
    with pytest.raises(ExprTypeError):
        evaluate("1 ? 2 : 3")


def test_variables_and_compiled_expressions():
    expr = compile_expression("rate * hours + (overtime ? bonus : 0)")
    assert isinstance(expr, Expression)
    assert expr.variables == frozenset({"rate", "hours", "overtime", "bonus"})
    assert expr.evaluate({"rate": 20, "hours": 8, "overtime": False, "bonus": 50}) == 160
    assert expr.evaluate({"rate": 20, "hours": 10, "overtime": True, "bonus": 50}) == 250
    # the bonus branch is not evaluated, so the variable may be missing
    assert expr.evaluate({"rate": 1.5, "hours": 2, "overtime": False}) == 3.0

    assert compile_expression("max(a, b) + f(c)").variables == frozenset({"a", "b", "c"})
    assert compile_expression("1 + 2").variables == frozenset()
    check("Rate + rate", 3, {"Rate": 1, "rate": 2})
    check("_x1 * 2", 8, {"_x1": 4})
    check("flag and x > 0", True, {"flag": True, "x": 1})

    with pytest.raises(ExprNameError) as info:
        evaluate("a + missing", {"a": 1})
    assert info.value.name == "missing"
    with pytest.raises(ExprNameError):
        expr.evaluate()
    with pytest.raises(ExprTypeError):
        evaluate("s + 1", {"s": "text"})


def test_default_and_custom_functions():
    check("abs(-3)", 3)
    check("abs(-2.5)", 2.5)
    check("min(3, 1, 2)", 1)
    check("max(3, 1.5, 2)", 3)
    check("max(4)", 4)
    check("sqrt(16)", 4.0)
    check("floor(2.7)", 2)
    check("floor(-2.5)", -3)
    check("ceil(2.1)", 3)
    check("max(1, 2) ** 2 + -abs(-1)", 3)
    check("min(1 + 1, 3 * 3, true ? 0 : 9)", 0)

    # custom functions are added to the defaults and may replace them
    double = lambda x: x * 2  # noqa: E731
    check("double(21)", 42, functions={"double": double})
    check("abs(-5) + double(1)", 7, functions={"double": double})
    check("abs(-5)", 99, functions={"abs": lambda x: 99})
    # variables and functions are separate namespaces
    check("f(f)", 11, {"f": 10}, {"f": lambda x: x + 1})

    # arguments are evaluated left to right before the call
    order = []

    def rec(tag):
        order.append(tag)
        return tag

    check("pair(rec(1), rec(2))", 3, functions={"rec": rec, "pair": lambda a, b: a + b})
    assert order == [1, 2]

    # exceptions raised by a custom function propagate unchanged
    class Boom(RuntimeError):
        pass

    def boom():
        raise Boom("x")

    with pytest.raises(Boom):
        evaluate("boom()", functions={"boom": boom})

    with pytest.raises(ExprNameError) as info:
        evaluate("nope(1)")
    assert info.value.name == "nope"
    with pytest.raises(ExprNameError):
        evaluate("x(1)", {"x": 3})


def test_function_argument_errors():
    for source in ["abs()", "abs(1, 2)", "min()", "max()", "sqrt(1, 2)", "floor()",
                   "ceil(1, 2)", "abs(true)", "min(1, false)", "sqrt(true)"]:
        with pytest.raises(ExprTypeError):
            evaluate(source)
    with pytest.raises(ExprEvalError):
        evaluate("sqrt(-1)")


def test_operand_type_errors():
    for source in ["true + 1", "1 - false", "-true", "+false", "true * true",
                   "2 ** true", "true < false", "1 >= true", "1 == true",
                   "false != 0", "true // 1", "1 % false"]:
        with pytest.raises(ExprTypeError):
            evaluate(source)


def test_evaluation_errors():
    for source in ["1 / 0", "1 // 0", "1 % 0", "1.5 / 0.0", "5 % 0.0", "0 ** -1"]:
        with pytest.raises(ExprZeroDivisionError):
            evaluate(source)
    assert issubclass(ExprZeroDivisionError, ExprEvalError)
    assert issubclass(ExprNameError, ExprEvalError)
    assert issubclass(ExprTypeError, ExprEvalError)
    assert issubclass(ExprEvalError, ExprError)
    assert issubclass(ExprSyntaxError, ExprError)
    assert not issubclass(ExprSyntaxError, ExprEvalError)

    with pytest.raises(ExprEvalError) as info:
        evaluate("(-8) ** 0.5")
    assert not isinstance(info.value, (ExprTypeError, ExprZeroDivisionError))
    with pytest.raises(ExprEvalError):
        evaluate("10.0 ** 400")
    assert evaluate("1e308 * 10") == math.inf


def test_syntax_error_columns():
    cases = [
        ("", 1),
        ("   ", 4),
        ("1 +", 4),
        ("1 + * 2", 5),
        ("(1 + 2", 7),
        ("(1 + 2))", 8),
        ("1 2", 3),
        ("f(1,)", 5),
        ("f(,1)", 3),
        ("max(1 2)", 7),
        ("a ? b", 6),
        ("a ? b :", 8),
        ("a : b", 3),
        ("2 ** * 3", 6),
        ("true(1)", 5),
        ("(1)(2)", 4),
        ("not", 4),
        ("1 < < 2", 5),
        ("1 < not true", 5),
        (")", 1),
        ("and", 1),
        ("x or", 5),
        ("1 ==  ", 7),
        ("2x", 2),
        ("1 <> 2", 4),
        ("-", 2),
        ("f(1, 2", 7),
        ("1 + (2 * (3 - 4)", 17),
    ]
    for source, column in cases:
        assert syntax_column(source) == column, source


def test_lexical_error_columns():
    cases = [
        ("1 + @", 5),
        ("1 = 2", 3),
        ("a ! b", 3),
        ("1.x", 1),
        ("2 * 1.e5", 5),
        ("3e", 1),
        ("3e+", 1),
        ("10 + 2.5e-", 6),
        (" .5", 2),
        ("x.y", 2),
        ("1 + * @", 7),
        ("(((( $", 6),
        ("__import__('os')", 12),
        ("1 + 2 # comment", 7),
        ("3 × 4", 3),
    ]
    for source, column in cases:
        assert syntax_column(source) == column, source
    # valid neighbours of the error cases
    check("a != b", True, {"a": 1, "b": 2})
    with pytest.raises(ExprNameError) as info:
        evaluate("__import__(os)")
    assert info.value.name == "__import__"
