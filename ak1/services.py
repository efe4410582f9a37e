"""Issuing, renewing and stamping AK/1 cards, and marking them placed. Every function runs inside
the card's city context (the tenant managers raise outside one)."""

from __future__ import annotations

import datetime
import re
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ak1.models import DEFAULT_NUMBER_FORMAT, REPORT_BOXES, VALID_MONTHS, Card, CardSettings, Report
from cities.calendar import add_months, city_today

NUMBER_PARTS = ("kode_kota", "tahun", "bulan", "urut")
SPEC = re.compile(r"^0?\d?$")
# Renewal opens this many days before the card expires (and stays open after).
RENEWAL_WINDOW_DAYS = 30
INVALID_FORMAT = gettext_lazy(
    "The number format may use only {kode_kota}, {tahun}, {bulan} and {urut} (with a width such as "
    "{urut:06}), must contain {urut}, and may hold letters, digits, dots, slashes and dashes."
)


def validate_number_format(value: str) -> None:
    """A format that makes unique numbers: only the known parts, ``{urut}`` once, plain separators."""
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError as error:
        raise ValidationError(INVALID_FORMAT, code="format") from error
    fields = [(name, spec) for _text, name, spec, _conv in parsed if name is not None]
    literal = "".join(text for text, *_rest in parsed)
    if (
        [name for name, _spec in fields].count("urut") != 1
        or any(name not in NUMBER_PARTS or not SPEC.match(spec or "") for name, spec in fields)
        or not re.fullmatch(r"[A-Za-z0-9./\-]*", literal)
        or len(value) > 60
    ):
        raise ValidationError(INVALID_FORMAT, code="format")


def current_settings() -> CardSettings:
    """The current city's settings (unsaved defaults until the city changes them)."""
    return CardSettings.objects.first() or CardSettings(number_format=DEFAULT_NUMBER_FORMAT)


def format_number(number_format: str, *, city_code: str, issued_on: datetime.date, serial: int) -> str:
    return number_format.format(
        kode_kota=city_code.replace(".", ""), tahun=f"{issued_on.year:04}", bulan=f"{issued_on.month:02}", urut=serial
    )


def _next_number(city, issued_on: datetime.date) -> str:
    """The next number of the city's running series for the year of ``issued_on`` (row-locked)."""
    card_settings = CardSettings.objects.select_for_update().filter().first()
    if card_settings is None:
        card_settings = CardSettings.objects.create()
        card_settings = CardSettings.objects.select_for_update().get(pk=card_settings.pk)
    if card_settings.serial_year != issued_on.year:
        card_settings.serial_year, card_settings.last_serial = issued_on.year, 0
    while True:
        card_settings.last_serial += 1
        number = format_number(
            card_settings.number_format, city_code=city.code, issued_on=issued_on, serial=card_settings.last_serial
        )
        if not Card.objects.filter(number=number).exists():
            break
    card_settings.save(update_fields=["serial_year", "last_serial"])
    return number


def current_card(job_seeker) -> Card | None:
    """The person's newest card, if any."""
    return (
        Card.objects.filter(job_seeker=job_seeker)
        .annotate(has_renewal=Exists(Card.objects.filter(renews=OuterRef("pk"))))
        .order_by("-issued_on", "-pk")
        .first()
    )


@transaction.atomic
def issue(job_seeker, *, officer, birth_place: str = "", issued_on: datetime.date | None = None) -> Card:
    """A first card for ``job_seeker`` (a renewal goes through ``renew``). Refused for a person whose
    data was deleted, or who holds a card that is still valid."""
    if job_seeker.anonymised_at:
        raise ValidationError(_("This person's data was deleted: no card can be issued."), code="anonymised")
    today = city_today(job_seeker.city_id)
    existing = current_card(job_seeker)
    if existing is not None and existing.status(today) == Card.Status.VALID:
        raise ValidationError(
            _("This person already holds a valid card (%(number)s) until %(date)s.")
            % {"number": existing.number, "date": existing.expires_on.strftime("%d/%m/%Y")},
            code="holds_valid",
        )
    return _new_card(job_seeker, officer=officer, birth_place=birth_place, issued_on=issued_on or today)


def _new_card(job_seeker, *, officer, birth_place: str, issued_on: datetime.date, renews: Card | None = None) -> Card:
    today = city_today(job_seeker.city_id)
    if issued_on > today:
        raise ValidationError(_("A card cannot be issued on a future date."), code="future")
    card = Card.objects.create(
        job_seeker=job_seeker,
        number=_next_number(job_seeker.city, issued_on),
        issued_on=issued_on,
        expires_on=add_months(issued_on, VALID_MONTHS),
        birth_place=birth_place.strip(),
        issued_by=officer,
        issued_by_name=getattr(officer, "name", "") or "",
        renews=renews,
    )
    card.has_renewal = False  # just made: nothing renews it yet
    job_seeker.ak1_number = card.number
    job_seeker.save(update_fields=["ak1_number", "updated_at"])
    return card


def renewal_opens_on(card: Card) -> datetime.date:
    return card.expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)


@transaction.atomic
def renew(card: Card, *, officer) -> Card:
    """A new card for the holder of ``card``: from 30 days before it expires, after it expired, or
    when a placed person looks for work again. The old card then reads "renewed"."""
    card = Card.objects.select_for_update().select_related("job_seeker__city").get(pk=card.pk)
    today = city_today(card.city_id)
    if card.renewals.exists():
        raise ValidationError(_("This card was already renewed."), code="renewed")
    if card.job_seeker.anonymised_at:
        raise ValidationError(_("This person's data was deleted: no card can be issued."), code="anonymised")
    if not card.placed_on and today < renewal_opens_on(card):
        raise ValidationError(
            _("This card can be renewed from %(date)s (30 days before it expires).")
            % {"date": renewal_opens_on(card).strftime("%d/%m/%Y")},
            code="too_early",
        )
    return _new_card(card.job_seeker, officer=officer, birth_place=card.birth_place, issued_on=today, renews=card)


def next_box(card: Card) -> int | None:
    """The first report box not yet stamped, or ``None`` when all four are."""
    used = {report.box for report in card.reports.all()}
    return next((box for box in range(1, REPORT_BOXES + 1) if box not in used), None)


@transaction.atomic
def record_report(
    card: Card, *, officer, reported_on: datetime.date, situation: str = Report.Situation.SEEKING, note: str = ""
) -> Report:
    """Stamp the next report box. Only on a valid card, dated between the issue and today."""
    card = Card.objects.select_for_update().get(pk=card.pk)
    today = city_today(card.city_id)
    if card.status(today) != Card.Status.VALID:
        raise ValidationError(_("Reports are recorded only on a valid card."), code="not_valid")
    if reported_on > today:
        raise ValidationError({"reported_on": _("The report date cannot be in the future.")})
    if reported_on < card.issued_on:
        raise ValidationError({"reported_on": _("The report date cannot be before the card was issued.")})
    box = next_box(card)
    if box is None:
        raise ValidationError(_("All four report boxes of this card are used."), code="full")
    return Report.objects.create(
        card=card,
        box=box,
        reported_on=reported_on,
        situation=situation,
        note=note.strip(),
        recorded_by=officer,
        recorded_by_name=getattr(officer, "name", "") or "",
    )


def mark_placed(job_seeker, *, placed_on: datetime.date) -> Card | None:
    """A placement was recorded: the person's valid card reads "placed" from ``placed_on``."""
    card = current_card(job_seeker)
    if card is None or card.is_renewed or card.placed_on:
        return None
    card.placed_on = max(placed_on, card.issued_on)
    card.save(update_fields=["placed_on"])
    return card
