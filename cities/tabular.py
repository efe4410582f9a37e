"""Reading uploaded tables (XLSX or CSV) into rows of strings: shared by the imports of every app.

Generic, no app's columns: ``jobseekers.imports`` and ``employers.imports`` check the rows
themselves. CSV is UTF-8 with or without a BOM (Excel's "CSV UTF-8"), the delimiter sniffed among
comma, semicolon and tab; XLSX is read with openpyxl in read-only mode (first sheet, values only).
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_rows(content: bytes, name: str = "") -> list[list[str]]:
    """All rows (header first) as lists of strings; ``ValueError`` (translated) for an unreadable file.

    Dates of XLSX cells become ISO 8601 (``YYYY-MM-DD``); empty cells become ``""``. ``name`` is
    the uploaded file's name (unused: the content decides, a ZIP signature means XLSX).
    """
    if content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise ValueError(_("The file is not a readable XLSX file.")) from error
        rows = []
        for values in book.worksheets[0].iter_rows(values_only=True):
            rows.append(
                [
                    "" if v is None else (v.date().isoformat() if isinstance(v, datetime.datetime) else str(v))
                    for v in values
                ]
            )
        book.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is neither XLSX nor a UTF-8 CSV file.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    except csv.Error:  # one column, or not a table at all: read it as plain CSV and let the caller report
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
