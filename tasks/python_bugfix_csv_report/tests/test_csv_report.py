from datetime import date
from decimal import Decimal

import pytest

from csv_report import (
    GroupSummary,
    ReportError,
    Transaction,
    generate_report,
    load_transactions,
    parse_amount,
    parse_date,
    render_report,
    summarize,
)


def tx(day, category="Misc", amount="1.00", customer="C", description=""):
    return Transaction(day, category, customer, description, Decimal(amount))


EXPORT = (
    "Date,Category,Customer,Description,Amount\n"
    "2024-03-01,Travel,ACME,\"Taxi, airport\",45.50\n"
    "15/03/2024, travel ,acme,\"Hotel\ntwo nights\",\"1,200.00\"\n"
    "02/03/2024,Office,Globex,Paper,(10.00)\n"
    "\n"
    "2024-04-02,\"Office, Supplies\",Initech,\"Pens \"\"blue\"\"\",12.3750\n"
    "03/04/2024,Office,globex,Toner,10.0050\n"
    "28/02/2024,,Initech,Unclassified,0.125\n"
    "2024-02-29,Software,ACME,Licence,12.38\n"
)


def test_parse_amount_is_exact():
    assert parse_amount("45.50") == Decimal("45.50")
    assert parse_amount(" 1,234.5 ") == Decimal("1234.5")
    assert parse_amount("12,345,678") == Decimal("12345678")
    assert parse_amount("-7") == Decimal("-7")
    assert parse_amount("(12.25)") == Decimal("-12.25")
    assert parse_amount("( 3.10 )") == Decimal("-3.10")
    assert str(parse_amount("0.125")) == "0.125"
    assert str(parse_amount("-0.0049")) == "-0.0049"
    assert str(parse_amount("2.675")) == "2.675"
    for bad in ["", "  ", "abc", "1,23", "12.3.4", "1.23456", ".5", "+5", "$5", "1,2345",
                "--5", "(5", "12.", "1 000"]:
        with pytest.raises(ReportError):
            parse_amount(bad)


def test_parse_date_iso_and_day_first():
    assert parse_date("2024-03-05") == date(2024, 3, 5)
    assert parse_date(" 05/03/2024 ") == date(2024, 3, 5)
    assert parse_date("31/01/2024") == date(2024, 1, 31)
    assert parse_date("01/12/2023") == date(2023, 12, 1)
    assert parse_date("29/02/2024") == date(2024, 2, 29)
    for bad in ["", "2024-02-30", "31/04/2024", "13/13/2024", "2024/03/05", "5/3/2024",
                "2024-3-5", "yesterday", "29/02/2023"]:
        with pytest.raises(ReportError):
            parse_date(bad)
    assert issubclass(ReportError, ValueError)


def test_load_transactions_quoted_and_multiline_fields():
    rows = load_transactions(EXPORT)
    assert len(rows) == 7
    assert rows[0] == Transaction(date(2024, 3, 1), "Travel", "ACME", "Taxi, airport",
                                  Decimal("45.50"))
    assert rows[1] == Transaction(date(2024, 3, 15), "travel", "acme", "Hotel\ntwo nights",
                                  Decimal("1200.00"))
    assert rows[2].amount == Decimal("-10.00")
    assert rows[2].date == date(2024, 3, 2)
    assert rows[3].category == "Office, Supplies"
    assert rows[3].description == 'Pens "blue"'
    assert str(rows[3].amount) == "12.3750"
    assert rows[4].date == date(2024, 4, 3)
    assert rows[5].category == ""
    assert str(rows[5].amount) == "0.125"


def test_load_transactions_header_order_crlf_and_blank_rows():
    text = (
        "\r\n"
        " AMOUNT , customer,Region,DATE,Category\r\n"
        "\"3,000.10\",Umbrella,EU,12/01/2024,Rent\r\n"
        ",,,,\r\n"
        "   \r\n"
        "(0.10),Umbrella,EU,2024-01-13,\"Multi\r\nline\"\r\n"
    )
    rows = load_transactions(text)
    assert rows == [
        Transaction(date(2024, 1, 12), "Rent", "Umbrella", "", Decimal("3000.10")),
        Transaction(date(2024, 1, 13), "Multi\r\nline", "Umbrella", "", Decimal("-0.10")),
    ]
    assert load_transactions("date,category,customer,amount\n") == []


def test_load_transactions_errors():
    with pytest.raises(ReportError):
        load_transactions("")
    with pytest.raises(ReportError):
        load_transactions("\n \n")
    with pytest.raises(ReportError):  # amount column missing
        load_transactions("date,category,customer,description\n2024-01-01,a,b,c\n")
    with pytest.raises(ReportError):  # too few fields
        load_transactions("date,category,customer,amount\n2024-01-01,a,b\n")
    with pytest.raises(ReportError):  # too many fields (unquoted comma)
        load_transactions("date,category,customer,amount\n2024-01-01,a,b,1,234.00\n")
    with pytest.raises(ReportError):
        load_transactions("date,category,customer,amount\n2024-13-01,a,b,1\n")
    with pytest.raises(ReportError):
        load_transactions("date,category,customer,amount\n2024-01-01,a,b,ten\n")


def test_summarize_rounds_after_summing():
    rows = [
        tx(date(2024, 1, 2), "Fees", "0.125"),
        tx(date(2024, 1, 1), "Fees", "0.125"),
        tx(date(2024, 1, 5), "Tips", "0.005"),
        tx(date(2024, 1, 3), "Refunds", "-0.0049"),
        tx(date(2024, 1, 4), "Refunds", "0.0001"),
        tx(date(2024, 1, 6), "Bulk", "0.3333"),
        tx(date(2024, 1, 7), "Bulk", "0.3333"),
        tx(date(2024, 1, 8), "Bulk", "0.3334"),
    ]
    groups = summarize(rows)
    by_name = {g.name: g for g in groups}
    assert str(by_name["Fees"].total) == "0.25"
    assert by_name["Fees"].count == 2
    assert by_name["Fees"].first_date == date(2024, 1, 1)
    assert by_name["Fees"].last_date == date(2024, 1, 2)
    assert str(by_name["Tips"].total) == "0.01"
    assert str(by_name["Refunds"].total) == "0.00"
    assert str(by_name["Bulk"].total) == "1.00"
    assert [g.name for g in groups] == ["Bulk", "Fees", "Tips", "Refunds"]


def test_summarize_groups_case_insensitively_with_first_spelling():
    rows = [
        tx(date(2024, 5, 9), " Travel", "10"),
        tx(date(2024, 5, 1), "TRAVEL ", "5"),
        tx(date(2024, 5, 3), "travel", "1"),
        tx(date(2024, 5, 2), "", "7"),
        tx(date(2024, 5, 4), "   ", "1"),
        tx(date(2024, 5, 5), "Straße", "2"),
        tx(date(2024, 5, 6), "STRASSE", "2"),
    ]
    groups = summarize(rows)
    assert groups == [
        GroupSummary("Travel", 3, Decimal("16.00"), date(2024, 5, 1), date(2024, 5, 9)),
        GroupSummary("(none)", 2, Decimal("8.00"), date(2024, 5, 2), date(2024, 5, 4)),
        GroupSummary("Straße", 2, Decimal("4.00"), date(2024, 5, 5), date(2024, 5, 6)),
    ]


def test_summarize_ties_are_alphabetical():
    rows = [
        tx(date(2024, 1, 1), "delta", "5.00"),
        tx(date(2024, 1, 2), "Bravo", "5.00"),
        tx(date(2024, 1, 3), "alpha", "5.004"),
        tx(date(2024, 1, 4), "Charlie", "7.50"),
        tx(date(2024, 1, 5), "Echo", "2.50"),
        tx(date(2024, 1, 6), "Echo", "2.50"),
        tx(date(2024, 1, 7), "Zulu", "-1"),
        tx(date(2024, 1, 8), "Yankee", "-1"),
    ]
    assert [g.name for g in summarize(rows)] == [
        "Charlie", "Bravo", "Echo", "alpha", "delta", "Yankee", "Zulu"]


def test_summarize_by_customer_and_month():
    rows = load_transactions(EXPORT)
    by_customer = summarize(rows, "customer")
    assert [(g.name, g.count, str(g.total)) for g in by_customer] == [
        ("ACME", 3, "1257.88"),
        ("Initech", 2, "12.50"),
        ("Globex", 2, "0.01"),
    ]
    by_month = summarize(rows, "month")
    assert by_month == [
        GroupSummary("2024-03", 3, Decimal("1235.50"), date(2024, 3, 1), date(2024, 3, 15)),
        GroupSummary("2024-04", 2, Decimal("22.38"), date(2024, 4, 2), date(2024, 4, 3)),
        GroupSummary("2024-02", 2, Decimal("12.51"), date(2024, 2, 28), date(2024, 2, 29)),
    ]
    with pytest.raises(ReportError):
        summarize(rows, "description")
    assert summarize([], "month") == []


def test_render_report_format():
    groups = [
        GroupSummary('Office, "Supplies"', 2, Decimal("1234.50"), date(2024, 1, 3),
                     date(2024, 2, 1)),
        GroupSummary("Multi\nline", 1, Decimal("0.00"), date(2023, 12, 31),
                     date(2023, 12, 31)),
        GroupSummary("Refunds", 3, Decimal("-20.05"), date(2024, 1, 1), date(2024, 3, 9)),
    ]
    assert render_report(groups) == (
        "group,count,total,first_date,last_date\n"
        '"Office, ""Supplies""",2,1234.50,2024-01-03,2024-02-01\n'
        '"Multi\nline",1,0.00,2023-12-31,2023-12-31\n'
        "Refunds,3,-20.05,2024-01-01,2024-03-09\n"
        "TOTAL,6,1214.45,2023-12-31,2024-03-09\n"
    )
    assert render_report([]) == "group,count,total,first_date,last_date\nTOTAL,0,0.00,,\n"


def test_generate_report_instructions_example():
    text = (
        "Date,Category,Customer,Description,Amount\n"
        "2024-03-01,Travel,ACME,\"Taxi, airport\",45.50\n"
        "05/03/2024, travel ,acme,\"Hotel\ntwo nights\",\"1,200.00\"\n"
        "02/03/2024,Office,Globex,Paper,(10.00)\n"
    )
    assert generate_report(text) == (
        "group,count,total,first_date,last_date\n"
        "Travel,2,1245.50,2024-03-01,2024-03-05\n"
        "Office,1,-10.00,2024-03-02,2024-03-02\n"
        "TOTAL,3,1235.50,2024-03-01,2024-03-05\n"
    )


def test_generate_report_end_to_end():
    assert generate_report(EXPORT) == (
        "group,count,total,first_date,last_date\n"
        "Travel,2,1245.50,2024-03-01,2024-03-15\n"
        '"Office, Supplies",1,12.38,2024-04-02,2024-04-02\n'
        "Software,1,12.38,2024-02-29,2024-02-29\n"
        "(none),1,0.13,2024-02-28,2024-02-28\n"
        "Office,2,0.01,2024-03-02,2024-04-03\n"
        "TOTAL,7,1270.40,2024-02-28,2024-04-03\n"
    )
