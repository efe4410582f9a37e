"""Tables of figures shared by the dashboards, their charts and their exports.

A ``DataTable`` is the single source for one figure on a page: the chart (``dashboards.charts``),
the accessible table next to it (``templates/components/chart_with_table.html``) and the CSV/XLSX
download (``dashboards.exports``) all read the same rows, so they can never disagree.

Small-cell suppression: a count from 1 to 4 is replaced by ``SUPPRESSED`` before it reaches a table
(``suppress``). It shows as "<5" everywhere and is never drawn as a zero bar. 0 is shown as 0 (an
empty cell says nothing about a person). A figure hidden only so that a "<5" cannot be worked out
from a total (complementary suppression, ``dashboards.suppression``) is ``PROTECTED`` instead: it
shows as "x" and claims no range (its true value is 5 or more, which "<5" would misstate).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from cities import calendar
from cities.money import format_rupiah

#: Counts from 1 up to this value are suppressed: shown as "<5" (docs/dashboards.md, small-cell suppression).
SUPPRESSION_THRESHOLD = 4

KINDS = ("text", "count", "percent", "days", "rupiah", "date", "moment")

#: Shown for a figure hidden only to protect another one (``PROTECTED``): a lowercase x.
PROTECTED_MARK = "x"

#: Shown for a missing figure (None): an en dash.
DASH = "\u2013"


class _Marker:
    """A hidden figure's marker: a singleton per subclass, truthy on purpose (a hidden figure is not
    "nothing"), never equal to a number, not addable, and kept a singleton by copy and pickle."""

    _instance = None
    _name = ""

    def __new__(cls):
        if cls.__dict__.get("_instance") is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self):  # pickling (cache) keeps the singleton
        return (type(self), ())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Suppressed(_Marker):
    """The small-cell suppression marker (a count from 1 to 4). A singleton: use ``SUPPRESSED``.

    ``str()`` gives ``"<5"``. It is truthy on purpose (a hidden figure is not "nothing"), it never
    compares equal to a number, and it cannot be added up.
    """

    _instance = None
    _name = "SUPPRESSED"

    def __str__(self) -> str:
        return f"<{SUPPRESSION_THRESHOLD + 1}"


class Protected(_Marker):
    """The complementary suppression marker: a figure hidden only to protect another one (a "<5"
    that a total minus the shown figures would otherwise reveal). A singleton: use ``PROTECTED``.

    ``str()`` gives ``"x"``. It says nothing about the size of the figure (in fact 5 or more: a
    figure from 1 to 4 is ``SUPPRESSED``). Same properties as ``SUPPRESSED`` otherwise.
    """

    _instance = None
    _name = "PROTECTED"

    def __str__(self) -> str:
        return PROTECTED_MARK


SUPPRESSED = Suppressed()
PROTECTED = Protected()


def is_hidden(value) -> bool:
    """True for either marker of a hidden figure (``SUPPRESSED`` or ``PROTECTED``)."""
    return value is SUPPRESSED or value is PROTECTED


def suppress(value):
    """``SUPPRESSED`` for an integer count from 1 to 4, else the value unchanged (None stays None)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return SUPPRESSED if 1 <= value <= SUPPRESSION_THRESHOLD else value


def is_number(value) -> bool:
    """True for int, float and Decimal values (not bool, not ``SUPPRESSED``/``PROTECTED``, not None)."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Column:
    """One column: ``key`` into each row dict, a (lazy-translated) ``label`` and the ``kind`` of value.

    kind: ``"text"`` | ``"count"`` (whole number) | ``"percent"`` (0-100, one decimal) |
    ``"days"`` (number of days, one decimal) | ``"rupiah"`` (whole rupiah: ``Rp 4.000.000``) |
    ``"date"`` (``datetime.date``/``datetime``) |
    ``"moment"`` (an aware ``datetime``, shown with its time and zone: ``8 Desember 2026 06:30 WIB``).
    Raises ``ValueError`` for an unknown kind.
    """

    key: str
    label: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}; expected one of {KINDS}.")

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "percent", "days", "rupiah")


@dataclass(frozen=True)
class Cell:
    """A value ready for display: ``text`` in the active language's number/date format."""

    text: str
    numeric: bool = False
    suppressed: bool = False
    protected: bool = False
    missing: bool = False


def format_value(value, kind: str = "text") -> str:
    """The value as text in the active language: ``12.345`` / ``12,5%`` (id), ``12,345`` / ``12.5%`` (en).

    ``SUPPRESSED`` gives ``"<5"``, ``PROTECTED`` ``"x"``; None gives ``DASH``; dates give ``"29 November 2026"``,
    on the current time zone's calendar for an aware datetime (a city's own, WIB on cross-city pages);
    moments give ``"29 November 2026 09:15 WIB"``.
    """
    if value is None:
        return DASH
    if is_hidden(value):
        return str(value)
    if kind == "moment" and isinstance(value, datetime.datetime):
        return calendar.local_time(value, "j F Y H:i")
    if kind in ("date", "moment") and isinstance(value, (datetime.date, datetime.datetime)):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "j F Y")
    if is_number(value):
        if kind == "percent":
            return f"{number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)}%"
        if kind == "rupiah":
            return format_rupiah(value)
        if kind == "days":
            return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
        if isinstance(value, int) or kind == "count":
            return number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return str(value)


@dataclass
class DataTable:
    """The figures of one chart or table.

    slug: identifies the table in export URLs and HTML ids (``"placements-by-month"``).
    caption: the table's caption and the export's title. columns: the columns in order; the first is
    the row header. rows: dicts keyed by column key; values are str/int/float/Decimal/date, None (no
    data), ``SUPPRESSED`` or ``PROTECTED``. definition: which definition the figures use. note: e.g. the suppression
    note (``SUPPRESSION_NOTE``).
    """

    slug: str
    caption: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    definition: str = ""
    note: str = ""

    def column(self, key: str) -> Column:
        """The column with this key; ``KeyError`` if there is none."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def has_suppressed(self) -> bool:
        return any(row.get(column.key) is SUPPRESSED for row in self.rows for column in self.columns)

    @property
    def has_protected(self) -> bool:
        return any(row.get(column.key) is PROTECTED for row in self.rows for column in self.columns)

    def add_protection_note(self) -> DataTable:
        """Append ``PROTECTION_NOTE`` to the note when a figure is ``PROTECTED`` (once); returns self."""
        note = str(PROTECTION_NOTE)
        if self.has_protected and note not in str(self.note):
            self.note = f"{self.note} {note}".strip()
        return self

    def display_rows(self) -> list[list[Cell]]:
        """Each row as a list of ``Cell`` in column order, formatted for the active language."""
        result = []
        for row in self.rows:
            cells = []
            for column in self.columns:
                value = row.get(column.key)
                cells.append(
                    Cell(
                        text=format_value(value, column.kind),
                        numeric=column.numeric,
                        suppressed=value is SUPPRESSED,
                        protected=value is PROTECTED,
                        missing=value is None,
                    )
                )
            result.append(cells)
        return result


SUPPRESSION_NOTE = _("Figures from 1 to 4 are shown as <5 to protect the people counted.")
PROTECTION_NOTE = _(
    "x marks a figure hidden only to protect another figure (so that a <5 cannot be worked out from a total); "
    "it says nothing about the size of the figure."
)
