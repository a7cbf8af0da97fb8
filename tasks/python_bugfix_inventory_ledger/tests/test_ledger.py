from datetime import date
from decimal import Decimal

import pytest

from ledger import InsufficientStock, Ledger, LedgerError, UnknownOrder

D = Decimal


def day(n):
    return date(2024, 3, n)


def test_fifo_uses_oldest_lot_first_including_backdated_receipts():
    ledger = Ledger()
    assert ledger.receive("BOLT", 10, D("1.50"), day(5)) == "BOLT-1"
    assert ledger.receive("BOLT", 5, "2.25", day(1)) == "BOLT-2"  # backdated: oldest
    assert ledger.receive("BOLT", 4, 3, day(9)) == "BOLT-3"
    ledger.reserve("o1", "BOLT", 8)
    assert ledger.ship("o1") == D("15.75")  # 5 x 2.25 + 3 x 1.50
    assert ledger.lots("BOLT") == [("BOLT-1", 7, D("1.50")), ("BOLT-3", 4, D("3"))]
    assert ledger.on_hand("BOLT") == 11


def test_same_day_lots_are_consumed_in_receipt_order():
    ledger = Ledger()
    for n in range(1, 12):
        ledger.receive("NUT", 1, D(n), day(2))
    ledger.reserve("o1", "NUT", 10)
    assert ledger.ship("o1") == D("55.00")  # lots 1..10, not lot 11
    assert ledger.lots("NUT") == [("NUT-11", 1, D(11))]


def test_a_reservation_may_take_exactly_what_is_available():
    ledger = Ledger()
    ledger.receive("GEAR", 3, "4.00", day(1))
    ledger.reserve("o1", "GEAR", 3)
    assert ledger.available("GEAR") == 0
    assert ledger.reserved("GEAR") == 3
    with pytest.raises(InsufficientStock):
        ledger.reserve("o2", "GEAR", 1)
    assert ledger.ship("o1") == D("12.00")


def test_reservations_of_different_orders_are_independent():
    ledger = Ledger()
    ledger.receive("CAP", 10, "1.00", day(1))
    ledger.reserve("a", "CAP", 2)
    ledger.reserve("b", "CAP", 3)
    ledger.reserve("a", "CAP", 1)  # a second line for the same order adds up
    assert ledger.reserved("CAP") == 6
    assert ledger.available("CAP") == 4
    assert ledger.ship("a") == D("3.00")
    assert ledger.on_hand("CAP") == 7
    assert ledger.reserved("CAP") == 3
    ledger.release("b")
    assert ledger.available("CAP") == 7
    with pytest.raises(UnknownOrder):
        ledger.ship("b")


def test_separate_ledgers_share_nothing():
    first = Ledger()
    second = Ledger()
    first.receive("PIN", 5, "1.00", day(1))
    second.receive("PIN", 5, "1.00", day(1))
    first.reserve("o1", "PIN", 4)
    assert second.available("PIN") == 5
    second.reserve("o1", "PIN", 1)
    assert first.ship("o1") == D("4.00")
    assert second.on_hand("PIN") == 5
    assert second.ship("o1") == D("1.00")
    assert (first.on_hand("PIN"), second.on_hand("PIN")) == (1, 4)


def test_cost_is_summed_exactly_then_rounded_half_up_once():
    ledger = Ledger()
    ledger.receive("WIRE", 1, "0.125", day(1))
    ledger.receive("WIRE", 1, "0.125", day(2))
    ledger.receive("WIRE", 3, "0.335", day(3))
    ledger.reserve("o1", "WIRE", 2)
    assert ledger.ship("o1") == D("0.25")  # 0.125 + 0.125, not 0.12 + 0.12 (or 0.13 + 0.13)
    ledger.reserve("o2", "WIRE", 1)
    assert ledger.ship("o2") == D("0.34")  # 0.335 rounds half up
    assert ledger.valuation("WIRE") == D("0.67")  # 2 x 0.335 = 0.670


def test_multi_sku_order_ships_every_line_and_totals_once():
    ledger = Ledger()
    ledger.receive("A", 3, "0.105", day(1))
    ledger.receive("B", 1, "0.005", day(1))
    ledger.reserve("o1", "A", 1)
    ledger.reserve("o1", "B", 1)
    # 0.105 + 0.005 = 0.110; rounding each line first would give 0.11 + 0.01
    assert ledger.ship("o1") == D("0.11")
    assert (ledger.on_hand("A"), ledger.on_hand("B")) == (2, 0)


def test_returns_restore_units_to_their_lots_last_taken_first():
    ledger = Ledger()
    ledger.receive("TAPE", 2, "1.10", day(1))
    ledger.receive("TAPE", 2, "1.30", day(2))
    ledger.receive("TAPE", 5, "1.70", day(3))
    ledger.reserve("o1", "TAPE", 5)
    assert ledger.ship("o1") == D("6.50")
    assert ledger.return_items("o1", "TAPE", 2) == D("3.00")  # 1 x 1.70 + 1 x 1.30
    assert ledger.lots("TAPE") == [("TAPE-2", 1, D("1.30")), ("TAPE-3", 5, D("1.70"))]
    assert ledger.return_items("o1", "TAPE", 3) == D("3.50")  # 1 x 1.30 + 2 x 1.10
    assert ledger.lots("TAPE") == [
        ("TAPE-1", 2, D("1.10")),
        ("TAPE-2", 2, D("1.30")),
        ("TAPE-3", 5, D("1.70")),
    ]
    with pytest.raises(LedgerError):
        ledger.return_items("o1", "TAPE", 1)  # everything already came back


def test_returned_units_are_reused_in_fifo_order_with_exact_credit():
    ledger = Ledger()
    ledger.receive("GLUE", 1, "0.125", day(1))
    ledger.receive("GLUE", 1, "0.135", day(2))
    ledger.reserve("o1", "GLUE", 2)
    assert ledger.ship("o1") == D("0.26")
    assert ledger.return_items("o1", "GLUE", 1) == D("0.14")  # the 0.135 unit, half up
    assert ledger.return_items("o1", "GLUE", 1) == D("0.13")  # the 0.125 unit, half up
    assert ledger.valuation() == D("0.26")
    ledger.receive("GLUE", 1, "9.00", day(1))  # same day as GLUE-1, received later
    ledger.reserve("o2", "GLUE", 2)
    assert ledger.ship("o2") == D("9.13")  # GLUE-1 then GLUE-3, before GLUE-2


def test_valuation_per_sku_and_total():
    ledger = Ledger()
    ledger.receive("X", 3, "0.333", day(1))
    ledger.receive("Y", 1, "0.004", day(1))
    ledger.receive("Y", 1, "0.004", day(2))
    assert ledger.valuation("X") == D("1.00")  # 0.999
    assert ledger.valuation("Y") == D("0.01")  # 0.008
    assert ledger.valuation() == D("1.01")  # 1.007
    assert ledger.valuation("NOPE") == D("0.00")


def test_rule_violations():
    ledger = Ledger()
    ledger.receive("ROD", 2, "1.00", day(1))
    with pytest.raises(InsufficientStock):
        ledger.reserve("o1", "ROD", 3)
    with pytest.raises(InsufficientStock):
        ledger.reserve("o1", "MISSING", 1)
    with pytest.raises(UnknownOrder):
        ledger.ship("nope")
    with pytest.raises(UnknownOrder):
        ledger.release("nope")
    ledger.reserve("o1", "ROD", 1)
    with pytest.raises(LedgerError):
        ledger.return_items("o1", "ROD", 1)  # not shipped yet
    ledger.ship("o1")
    with pytest.raises(LedgerError):
        ledger.ship("o1")
    with pytest.raises(LedgerError):
        ledger.release("o1")
    with pytest.raises(LedgerError):
        ledger.reserve("o1", "ROD", 1)
    with pytest.raises(LedgerError):
        ledger.return_items("o1", "ROD", 2)
    assert ledger.on_hand("ROD") == 1


def test_input_validation():
    ledger = Ledger()
    with pytest.raises(TypeError):
        ledger.receive("ROD", 1, 1.10, day(1))
    for bad in (0, -1):
        with pytest.raises(ValueError):
            ledger.receive("ROD", bad, "1.00", day(1))
    with pytest.raises(ValueError):
        ledger.receive("ROD", 1, "-0.01", day(1))
    ledger.receive("ROD", 1, "1.00", day(1))
    with pytest.raises(ValueError):
        ledger.reserve("o1", "ROD", 0)
    assert ledger.on_hand("ROD") == 1 and ledger.available("ROD") == 1
