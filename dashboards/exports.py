"""CSV and XLSX downloads of a ``DataTable`` (every table of the dashboards can be downloaded).

Both formats hold the table's header row (column labels in the active language) and its rows, with
machine-readable values: numbers stay numbers, dates are ISO ``YYYY-MM-DD``, ``SUPPRESSED`` is the text
``<5``, ``PROTECTED`` the text ``x`` and a missing figure is an empty cell. The XLSX file has a second
sheet with the caption, definition and note, and what each marker in the table means. Amounts in
rupiah stay numbers; their XLSX cells have the format ``"Rp" #,##0`` (``cities.money``), which a
spreadsheet shows with the reader's separators (``Rp 4.000.000`` in Indonesian).

CSV is UTF-8 with a byte-order mark so Excel opens Indonesian text correctly. Text that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return; OWASP "CSV
injection") is prefixed with an apostrophe in both formats (``cities.tabular.neutral_cell``).
"""

from __future__ import annotations

import csv
import datetime
import io
import re

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cities.money import XLSX_FORMAT as XLSX_RUPIAH
from cities.tabular import neutral_cell
from dashboards.tables import PROTECTED, SUPPRESSED, DataTable, is_hidden, is_number

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
# XLSX cell formats by column kind: the number stays a number, spreadsheets show it the reader's way.
NUMBER_FORMATS = {"percent": "0.0", "rupiah": XLSX_RUPIAH}


def export_value(value):
    """One cell's value for a file: number, ISO date text, ``"<5"`` or ``"x"``, ``""`` for None, or safe text."""
    if value is None:
        return ""
    if is_hidden(value):
        return str(value)
    if is_number(value):
        return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return neutral_cell(str(value))


def table_matrix(table: DataTable) -> list[list]:
    """The header row and the data rows as lists of export values."""
    header = [neutral_cell(str(column.label)) for column in table.columns]
    rows = [[export_value(row.get(column.key)) for column in table.columns] for row in table.rows]
    return [header, *rows]


def _filename(filename: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-.")
    return cleaned or "table"


def to_csv(table: DataTable) -> bytes:
    """The table as CSV bytes: UTF-8 with BOM, comma-separated, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(table_matrix(table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: DataTable) -> bytes:
    """The table as an XLSX workbook: sheet 1 the figures (bold header, frozen), sheet 2 about the table."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")[:31]
    for row in table_matrix(table):
        # openpyxl would store a string starting with "=" as a formula: table_matrix already escaped it.
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        if column.kind in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if is_number(cell.value):
                    cell.number_format = NUMBER_FORMATS[column.kind]
    about = workbook.create_sheet(_("About")[:31])
    about.append([_("Table"), neutral_cell(str(table.caption))])
    if table.definition:
        about.append([_("Definition"), neutral_cell(str(table.definition))])
    if table.note:
        about.append([_("Note"), neutral_cell(str(table.note))])
    if table.has_suppressed:
        about.append([str(SUPPRESSED), _("A figure from 1 to 4, hidden to protect the people counted.")])
    if table.has_protected:
        about.append([str(PROTECTED), _("A figure hidden only to protect another figure; it can be any number.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(table: DataTable, fmt: str, *, filename: str) -> HttpResponse:
    """A download of ``table`` as ``fmt`` (``"csv"`` or ``"xlsx"``) named ``<filename>.<fmt>``.

    Raises ``Http404`` for any other format. The response is not cached by shared caches
    (``Cache-Control: private, no-store``): dashboards are per city and per role.
    """
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(to_xlsx(table), content_type=XLSX_TYPE)
    else:
        raise Http404("Unknown export format.")
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename)}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
