"""Inventory ledger: FIFO cost lots, order reservations, shipments and returns.

Money is kept as Decimal; every reported amount is in cents.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class LedgerError(Exception):
    """Base class for every ledger rule violation."""


class InsufficientStock(LedgerError):
    pass


class UnknownOrder(LedgerError):
    pass


@dataclass
class Lot:
    lot_id: str
    sku: str
    received_on: date
    unit_cost: Decimal
    quantity: int


class Order:
    def __init__(self, order_id: str, lines: dict[str, int] = {}) -> None:
        self.order_id = order_id
        self.lines = lines
        self.shipped = False
        # (lot, quantity) in the order units were taken
        self.slices: list[tuple[Lot, int]] = []


@dataclass
class _SkuState:
    lots: list[Lot] = field(default_factory=list)
    receipts: int = 0


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _line_cost(unit_cost: Decimal, quantity: int) -> Decimal:
    """Cost of `quantity` units, in cents."""
    return Decimal(str(round(float(unit_cost) * quantity, 2)))


def _to_cost(unit_cost: object) -> Decimal:
    if isinstance(unit_cost, (bool, float)) or not isinstance(unit_cost, (Decimal, int, str)):
        raise TypeError("unit_cost must be a Decimal, int or str")
    cost = Decimal(unit_cost)
    if not cost.is_finite() or cost < 0:
        raise ValueError("unit_cost must be a finite amount >= 0")
    return cost


def _check_quantity(quantity: object) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise TypeError("quantity must be an int")
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    return quantity


class Ledger:
    def __init__(self) -> None:
        self._skus: dict[str, _SkuState] = {}
        self._orders: dict[str, Order] = {}

    # -- stock -------------------------------------------------------------------------

    def receive(self, sku: str, quantity: int, unit_cost: Decimal | int | str, received_on: date) -> str:
        quantity = _check_quantity(quantity)
        cost = _to_cost(unit_cost)
        state = self._skus.setdefault(sku, _SkuState())
        state.receipts += 1
        lot = Lot(f"{sku}-{state.receipts}", sku, received_on, cost, quantity)
        state.lots.append(lot)
        # oldest first; lot ids make the order deterministic for same-day receipts
        state.lots.sort(key=lambda item: (item.received_on, item.lot_id))
        return lot.lot_id

    def on_hand(self, sku: str) -> int:
        state = self._skus.get(sku)
        return sum(lot.quantity for lot in state.lots) if state else 0

    def reserved(self, sku: str) -> int:
        return sum(o.lines.get(sku, 0) for o in self._orders.values() if not o.shipped)

    def available(self, sku: str) -> int:
        return self.on_hand(sku) - self.reserved(sku)

    def lots(self, sku: str) -> list[tuple[str, int, Decimal]]:
        state = self._skus.get(sku)
        if state is None:
            return []
        return [(lot.lot_id, lot.quantity, lot.unit_cost) for lot in state.lots if lot.quantity > 0]

    def valuation(self, sku: str | None = None) -> Decimal:
        skus = list(self._skus) if sku is None else [sku]
        total = Decimal(0)
        for name in skus:
            state = self._skus.get(name)
            if state:
                total += sum((_line_cost(lot.unit_cost, lot.quantity) for lot in state.lots), Decimal(0))
        return _money(total)

    # -- orders ------------------------------------------------------------------------

    def reserve(self, order_id: str, sku: str, quantity: int) -> None:
        quantity = _check_quantity(quantity)
        order = self._orders.get(order_id)
        if order is not None and order.shipped:
            raise LedgerError(f"order {order_id} has already shipped")
        if quantity >= self.available(sku):
            raise InsufficientStock(f"{sku}: requested {quantity}, available {self.available(sku)}")
        if order is None:
            order = self._orders[order_id] = Order(order_id)
        order.lines[sku] = order.lines.get(sku, 0) + quantity

    def release(self, order_id: str) -> None:
        order = self._order(order_id)
        if order.shipped:
            raise LedgerError(f"order {order_id} has already shipped")
        del self._orders[order_id]

    def ship(self, order_id: str) -> Decimal:
        order = self._order(order_id)
        if order.shipped:
            raise LedgerError(f"order {order_id} has already shipped")
        total = Decimal(0)
        for sku, quantity in order.lines.items():
            total += self._consume(order, sku, quantity)
        order.shipped = True
        return _money(total)

    def return_items(self, order_id: str, sku: str, quantity: int) -> Decimal:
        quantity = _check_quantity(quantity)
        order = self._order(order_id)
        if not order.shipped:
            raise LedgerError(f"order {order_id} has not shipped")
        outstanding = sum(q for lot, q in order.slices if lot.sku == sku)
        if quantity > outstanding:
            raise LedgerError(f"order {order_id}: only {outstanding} of {sku} can be returned")
        credit = Decimal(0)
        remaining = quantity
        # Units go back to the lots they came from, the last ones taken first.
        for index in range(len(order.slices) - 1, -1, -1):
            lot, taken = order.slices[index]
            if lot.sku != sku or taken == 0:
                continue
            back = min(taken, remaining)
            lot.quantity += back
            order.slices[index] = (lot, taken - back)
            credit += _line_cost(lot.unit_cost, back)
            remaining -= back
            if remaining == 0:
                break
        return _money(credit)

    # -- internals -----------------------------------------------------------------------

    def _order(self, order_id: str) -> Order:
        try:
            return self._orders[order_id]
        except KeyError:
            raise UnknownOrder(order_id) from None

    def _consume(self, order: Order, sku: str, quantity: int) -> Decimal:
        cost = Decimal(0)
        remaining = quantity
        for lot in self._skus[sku].lots:
            if remaining == 0:
                break
            take = min(lot.quantity, remaining)
            if take == 0:
                continue
            lot.quantity -= take
            remaining -= take
            order.slices.append((lot, take))
            cost += _line_cost(lot.unit_cost, take)
        return cost
