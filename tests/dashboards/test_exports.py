"""Tables and their CSV/XLSX exports (issue 10, item 4): suppression, BOM, formula injection, formats."""

from __future__ import annotations

import copy
import datetime
import io
import pickle

import pytest
from django.http import Http404
from django.utils import translation
from openpyxl import load_workbook

from cities.tabular import neutral_cell
from dashboards.exports import export_response
from dashboards.tables import DASH, SUPPRESSED, Column, DataTable, Suppressed, format_value, suppress


@pytest.fixture
def table():
    return DataTable(
        slug="employers",
        caption="Employers by quota status",
        columns=[
            Column("name", "Name"),
            Column("count", "Employees", "count"),
            Column("rate", "Rate", "percent"),
            Column("since", "Since", "date"),
        ],
        rows=[
            {"name": '=HYPERLINK("http://x")', "count": 1500, "rate": 2.5, "since": datetime.date(2026, 1, 31)},
            {"name": "+62 Cafe", "count": SUPPRESSED, "rate": None, "since": None},
            {"name": "-minus", "count": -3, "rate": 0, "since": None},
            {"name": "@home", "count": 0, "rate": 100.0, "since": None},
        ],
        definition="Quota of UU 8/2016 art. 53",
        note="Figures from 1 to 4 are shown as <5",
    )


def test_suppressed_is_a_singleton_shown_as_less_than_five():
    assert Suppressed() is SUPPRESSED
    assert str(SUPPRESSED) == "<5"
    assert copy.deepcopy(SUPPRESSED) is SUPPRESSED
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED
    assert [suppress(n) for n in (0, 1, 4, 5, None)] == [0, SUPPRESSED, SUPPRESSED, 5, None]
    assert suppress(True) is True


def test_column_kind_is_checked():
    with pytest.raises(ValueError):
        Column("x", "X", "money")


def test_format_value_by_language():
    with translation.override("id"):
        assert format_value(12345, "count") == "12.345"
        assert format_value(12.5, "percent") == "12,5%"
        assert format_value(datetime.date(2026, 11, 29), "date") == "29 November 2026"
        assert format_value(SUPPRESSED, "count") == "<5"
        assert format_value(None, "count") == DASH
    with translation.override("en"):
        assert format_value(12345, "count") == "12,345"
        assert format_value(12.5, "percent") == "12.5%"


def test_csv_has_bom_header_values_and_no_formula(table):
    with translation.override("en"):
        response = export_response(table, "csv", filename="kota alpha/employers")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kota-alpha-employers.csv"'
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Name,Employees,Rate,Since"
    assert lines[1] == '"\'=HYPERLINK(""http://x"")",1500,2.5,2026-01-31'
    assert lines[2] == "'+62 Cafe,<5,,"
    assert lines[3] == "'-minus,-3,0,"  # a negative number stays a number; the text is escaped
    assert lines[4] == "'@home,0,100.0,"


def test_xlsx_keeps_numbers_escapes_formulas_and_explains(table):
    with translation.override("en"):
        response = export_response(table, "xlsx", filename="employers")
    assert response["Content-Disposition"] == 'attachment; filename="employers.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Employees", "Rate", "Since")
    assert rows[1] == ('\'=HYPERLINK("http://x")', 1500, 2.5, "2026-01-31")
    assert rows[2] == ("'+62 Cafe", "<5", None, None)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert about["Table"] == "Employers by quota status"
    assert about["Definition"] == "Quota of UU 8/2016 art. 53"
    assert "<5" in about


def test_unknown_format_is_404(table):
    with pytest.raises(Http404):
        export_response(table, "pdf", filename="x")


def test_formula_text_gets_an_apostrophe():
    assert neutral_cell("=1+1") == "'=1+1"
    assert neutral_cell("\tx") == "'\tx"
    assert neutral_cell("Kota Bandung") == "Kota Bandung"
