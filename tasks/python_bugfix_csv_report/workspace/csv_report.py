"""Aggregate a CSV export of transactions into a grouped summary report.

Input: CSV text with a header row (columns date, category, customer, amount and
optionally description, in any order).  Output: a CSV report with one row per
group (count, total, first and last date) followed by a TOTAL row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable

__all__ = [
    "ReportError",
    "Transaction",
    "GroupSummary",
    "parse_amount",
    "parse_date",
    "load_transactions",
    "summarize",
    "render_report",
    "generate_report",
]

CENT = Decimal("0.01")
REQUIRED_COLUMNS = ("date", "category", "customer", "amount")
GROUP_BY_CHOICES = ("category", "customer", "month")
NO_GROUP = "(none)"
REPORT_HEADER = ["group", "count", "total", "first_date", "last_date"]

_AMOUNT_RE = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)(\.\d{1,4})?$")


class ReportError(ValueError):
    """The input cannot be turned into a report."""


@dataclass(frozen=True)
class Transaction:
    date: date
    category: str
    customer: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class GroupSummary:
    name: str
    count: int
    total: Decimal
    first_date: date
    last_date: date


def parse_amount(text: str) -> Decimal:
    """Parse "1,234.50", "-12.5", "(12.50)" into a Decimal."""
    raw = text.strip()
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1].strip()
    elif raw.startswith("-"):
        negative, raw = True, raw[1:]
    if not _AMOUNT_RE.match(raw):
        raise ReportError(f"invalid amount: {text!r}")
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        raise ReportError(f"invalid amount: {text!r}") from None
    value = -value if negative else value
    return value.quantize(CENT)


def parse_date(text: str) -> date:
    """Parse an ISO date (YYYY-MM-DD) or a day-first date (DD/MM/YYYY)."""
    raw = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        fmt = "%Y-%m-%d"
    elif re.fullmatch(r"\d{2}/\d{2}/\d{4}", raw):
        fmt = "%m/%d/%Y"
    else:
        raise ReportError(f"invalid date: {text!r}")
    try:
        return datetime.strptime(raw, fmt).date()
    except ValueError:
        raise ReportError(f"invalid date: {text!r}") from None


def _rows(text: str) -> Iterable[list[str]]:
    reader = csv.reader(text.splitlines())
    try:
        for row in reader:
            if not any(field.strip() for field in row):
                continue  # blank line
            yield row
    except csv.Error as exc:
        raise ReportError(f"malformed CSV near line {reader.line_num}: {exc}") from None


def load_transactions(text: str) -> list[Transaction]:
    rows = iter(_rows(text))
    header = next(rows, None)
    if header is None:
        raise ReportError("missing header row")
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ReportError(f"missing column(s): {', '.join(missing)}")
    index = {name: columns.index(name) for name in columns}

    transactions = []
    for number, row in enumerate(rows, start=1):
        if len(row) != len(columns):
            raise ReportError(
                f"data row {number} has {len(row)} fields, expected {len(columns)}")

        def field(name: str) -> str:
            return row[index[name]].strip() if name in index else ""

        transactions.append(Transaction(
            date=parse_date(field("date")),
            category=field("category"),
            customer=field("customer"),
            description=field("description"),
            amount=parse_amount(field("amount")),
        ))
    return transactions


def _group_key(tx: Transaction, group_by: str) -> tuple[str, str]:
    """Return (comparison key, display name) of the group of *tx*."""
    if group_by == "month":
        label = f"{tx.date.year:04d}-{tx.date.month:02d}"
        return label, label
    value = getattr(tx, group_by).strip()
    if not value:
        return "", NO_GROUP
    return value.casefold(), value


def summarize(transactions: Iterable[Transaction],
              group_by: str = "category") -> list[GroupSummary]:
    if group_by not in GROUP_BY_CHOICES:
        raise ReportError(f"cannot group by {group_by!r}")
    names: dict[str, str] = {}
    members: dict[str, list[Transaction]] = {}
    for tx in transactions:
        key, display = _group_key(tx, group_by)
        names.setdefault(key, display)
        members.setdefault(key, []).append(tx)

    groups = []
    for key, txs in members.items():
        total = sum((tx.amount for tx in txs), Decimal(0))
        groups.append(GroupSummary(
            name=names[key],
            count=len(txs),
            total=_round_cents(total),
            first_date=min(tx.date for tx in txs),
            last_date=max(tx.date for tx in txs),
        ))
    # Largest total first; equal totals alphabetically by name.
    groups.sort(key=lambda g: (g.total, g.name), reverse=True)
    return groups


def _round_cents(value: Decimal) -> Decimal:
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else Decimal("0.00")


def _money(value: Decimal) -> str:
    return f"{_round_cents(value):f}"


def render_report(groups: list[GroupSummary]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_HEADER)
    for g in groups:
        writer.writerow([g.name, g.count, _money(g.total),
                         g.first_date.isoformat(), g.last_date.isoformat()])
    grand_total = sum((g.total for g in groups), Decimal(0))
    writer.writerow([
        "TOTAL",
        sum(g.count for g in groups),
        _money(grand_total),
        min(g.first_date for g in groups).isoformat() if groups else "",
        max(g.last_date for g in groups).isoformat() if groups else "",
    ])
    return out.getvalue()


def generate_report(text: str, group_by: str = "category") -> str:
    return render_report(summarize(load_transactions(text), group_by))
