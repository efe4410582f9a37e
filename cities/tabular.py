"""Reading uploaded tables (XLSX or CSV) as offices save them: shared by the imports of every app.

Generic, no app's columns: ``jobseekers.imports`` and ``employers.imports`` declare theirs as
``Column``s and check the rows themselves.

- **Files** (``read_rows``): CSV is UTF-8 with or without a BOM (Excel's "CSV UTF-8"); its
  delimiter is the one of comma, semicolon (Excel's CSV where the decimal mark is a comma, as in
  Indonesia) and tab that splits the first lines into the most columns. XLSX is read with
  openpyxl in read-only mode (first sheet, values only). Date cells become ISO 8601 dates;
  whole-number cells lose Excel's ``.0``.
- **The header row** (``find_header``): headers are compared without case, spaces or punctuation
  (``"No. HP"`` = ``"no hp"`` = ``"NoHP"``) against each column's template header and its
  aliases. Title rows and blank rows above it are skipped when the header is within the first
  ``HEADER_SEARCH_ROWS`` rows; when it is not there, the error names the missing columns and the
  row that came closest.
- **Dates** (``parse_date``): ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``D/M/YYYY``, ``DD.MM.YYYY``, ISO
  ``YYYY-MM-DD``, ``7 Januari 1990`` / ``7 Jan 1990`` (Indonesian or English month names), and
  Excel serial day numbers (``32880``, 1900 date system). The day always comes first: a date
  that only makes sense as month/day (``01/13/1990``) is refused with that explanation, never
  silently swapped, and two-digit years are refused (the century is unknown).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_SEARCH_ROWS = 10


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 81234567890.0: a number cell Excel stored as a float
    return str(value)


def read_rows(content: bytes, name: str = "") -> list[list[str]]:
    """All rows (from the sheet's first row) as lists of strings; ``ValueError`` (translated) for an
    unreadable file. Row ``i`` of the list is the spreadsheet's row ``i + 1``.

    Dates of XLSX cells become ISO 8601 (``YYYY-MM-DD``); empty cells become ``""``. ``name`` is
    the uploaded file's name (unused: the content decides, a ZIP signature means XLSX).
    """
    if content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise ValueError(_("The file is not a readable XLSX file.")) from error
        rows = [[_cell_text(v) for v in values] for values in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is neither XLSX nor a UTF-8 CSV file.")) from error
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text))]
    except csv.Error as error:  # e.g. a cell longer than the csv module's field limit
        raise ValueError(_("The file is not a readable CSV file.")) from error


def _delimiter(text: str) -> str:
    """The one of comma, semicolon and tab that splits the first 20 lines into the most columns
    (a title row above the header has none of them, which throws ``csv.Sniffer`` off); comma on a tie."""
    sample = text.splitlines()[:20]

    def widest(delimiter: str) -> int:
        try:
            return max((len(row) for row in csv.reader(sample, delimiter=delimiter)), default=0)
        except csv.Error:
            return 0

    return max((",", ";", "\t"), key=widest)


# --- The header row ---------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """A header reduced for comparison: lower case, letters and digits only (``"No. HP"`` → ``"nohp"``)."""
    return re.sub(r"[^0-9a-z]", "", str(text).casefold())


@dataclass(frozen=True)
class Column:
    """One column an import reads: its template ``header`` (how reports name it), the other names
    people give it, and whether the header row must have it."""

    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


class HeaderNotFound(ValueError):
    """No row among the first ``HEADER_SEARCH_ROWS`` has the required columns; ``str()`` says why (translated)."""


@dataclass
class Table:
    """An upload with its header found: the data rows, each with its spreadsheet row number."""

    header_row: int  # the spreadsheet's row number of the header (1 when there is no title row)
    positions: dict[str, int]  # template header → index of the file's column
    unknown: list[str] = field(default_factory=list)  # headers of the file no column knows, as written
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells), blank rows left out

    def cells(self, values: list[str]) -> dict[str, str]:
        """``{template header: stripped cell}`` of one row; a column the file lacks reads as ``""``."""
        return {h: (values[i].strip() if i < len(values) else "") for h, i in self.positions.items()}


def _lookup(columns: list[Column]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            owner = keys.setdefault(header_key(name), column.header)
            if owner != column.header:
                raise ValueError(f"{name!r} names both {owner!r} and {column.header!r}")
    return keys


def _match(row: list[str], keys: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        header = keys.get(header_key(cell))
        if header is not None and header not in found:
            found[header] = index
    return found


def find_header(rows: list[list[str]], columns: list[Column], *, ignored: tuple[str, ...] = ()) -> Table:
    """Find the header among the first ``HEADER_SEARCH_ROWS`` rows: the first row holding every
    required column. Raises ``HeaderNotFound`` naming the missing columns (and the closest row).

    ``ignored`` are headers read and left alone (they are not ``unknown``), e.g. an export's id
    column. A column named twice keeps its first position.
    """
    keys = _lookup(columns)
    ignored_keys = {header_key(name) for name in ignored}
    required = [column.header for column in columns if column.required]
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = _match(row, keys)
        if all(header in found for header in required):
            unknown = [
                cell.strip()
                for cell in row
                if cell.strip() and header_key(cell) not in keys and header_key(cell) not in ignored_keys
            ]
            data = [(number, values) for number, values in enumerate(rows[index + 1 :], start=index + 2)]
            return Table(
                header_row=index + 1,
                positions=found,
                unknown=unknown,
                rows=[(number, values) for number, values in data if any(str(c).strip() for c in values)],
            )
        if found and (best is None or len(found) > len(best[1])):
            best = (index + 1, found)
    expected = [column.header for column in columns]
    if best is None:
        raise HeaderNotFound(
            _(
                "No header row was found in the first %(limit)s rows: none of the columns %(columns)s is "
                "there. The first sheet must hold the table; the template shows the headers."
            )
            % {"limit": HEADER_SEARCH_ROWS, "columns": ", ".join(expected)}
        )
    row_number, found = best
    missing = [header for header in required if header not in found]
    raise HeaderNotFound(
        _(
            "These columns are missing: %(columns)s. Row %(row)s looks most like the header row (it has "
            "%(found)s); the header row must be within the first %(limit)s rows. Use the template."
        )
        % {
            "columns": ", ".join(missing),
            "row": row_number,
            "found": ", ".join(header for header in expected if header in found),
            "limit": HEADER_SEARCH_ROWS,
        }
    )


# --- Dates ------------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "peb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "ags", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ),
        start=1,
    )
    for name in names
}
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 29 February 1900)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})")
_NAMED = re.compile(r"(\d{1,2})[\s\-./]+([a-z]+)\.?[\s\-./,]+(\d{4})")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")


class DateError(ValueError):
    """``str()`` is the translated explanation."""


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise DateError(_("There is no such date.")) from error


def parse_date(text: str) -> datetime.date:
    """A date written in a spreadsheet cell (the module's formats); ``DateError`` with the reason."""
    value = text.strip().casefold()
    if match := _ISO.fullmatch(value):
        return _date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.fullmatch(value):
        day, month, year = int(match[1]), int(match[3]), match[4]
        if len(year) == 2:
            raise DateError(_("Write the year with 4 digits, for example 07/01/1990."))
        if month > 12 and day <= 12:
            raise DateError(
                _("This looks like month/day/year. Write the day first: DD/MM/YYYY, for example %(example)s.")
                % {"example": f"{month:02d}/{day:02d}/{year}"}
            )
        return _date(int(year), month, day)
    if (match := _NAMED.fullmatch(value)) and match[2] in MONTHS:
        return _date(int(match[3]), MONTHS[match[2]], int(match[1]))
    if _SERIAL.fullmatch(value):
        return EXCEL_EPOCH + datetime.timedelta(days=int(float(value)))
    raise DateError(_("Write the date as DD/MM/YYYY (for example 07/01/1990) or YYYY-MM-DD."))


# A cell starting with one of these is run as a formula by spreadsheets (OWASP "CSV injection"):
# anyone can register with such a name, and staff open exports in Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(value):
    """``value``, or, when it is text a spreadsheet would run as a formula, the same text with a
    leading apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_bytes(headers: list[str], rows: list[list], fmt: str, *, sheet: str) -> tuple[bytes, str]:
    """``(body, content type)`` of a CSV (UTF-8 with BOM, for Excel) or XLSX table; formula-like
    text is neutralised (``cities.tabular.neutral_cell``), control characters dropped from XLSX."""
    rows = [[neutral_cell(value) for value in row] for row in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    worksheet.append(headers)
    for row in rows:
        worksheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), XLSX_TYPE
