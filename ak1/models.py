"""The AK/1 card (Kartu Tanda Bukti Pendaftaran Pencari Kerja, the "kartu kuning"; Permenaker 39/2016).

A city's Disnaker issues the card to a registered job seeker. It is valid for two years; the holder
reports back every six months, in one of the four report boxes on the card; when the holder is
placed the card is marked so (employers report hires against it). ``CardSettings`` holds the city's
own number format and issuing office. All three are tenant rows (row-level security by city).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.calendar import add_months
from cities.models import CityOwnedModel

VALID_MONTHS = 24  # Permenaker 39/2016: the card is valid for two years
REPORT_EVERY_MONTHS = 6  # ... and its holder reports back every six months
REPORT_BOXES = VALID_MONTHS // REPORT_EVERY_MONTHS  # the four report boxes on the card
DEFAULT_NUMBER_FORMAT = "{kode_kota}.{tahun}.{urut:06}"


def new_verification_token() -> str:
    return secrets.token_urlsafe(18)


class CardSettings(CityOwnedModel):
    """A city's AK/1 settings: how its Disnaker numbers cards and who issues them."""

    number_format = models.CharField(
        _("card number format"),
        max_length=60,
        default=DEFAULT_NUMBER_FORMAT,
        help_text=_(
            "Write the number as your Disnaker does, with these parts in braces: {kode_kota} (the city's "
            "Kemendagri code without the dot), {tahun} (year of issue), {bulan} (month of issue, 01-12) and "
            "{urut} (the running number of the year; {urut:06} pads it to 6 digits)."
        ),
    )
    office_name = models.CharField(_("issuing office"), max_length=200, blank=True)
    serial_year = models.PositiveSmallIntegerField(default=0)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("AK/1 settings")
        constraints = [models.UniqueConstraint(fields=["city"], name="ak1_cardsettings_one_per_city")]


class Card(CityOwnedModel):
    """One AK/1 card. A renewal is a new card that ``renews`` the one before; the old one then reads
    "renewed". Validity and the report boxes follow from ``issued_on``."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        PLACED = "placed", _("Placed in work")
        RENEWED = "renewed", _("Renewed (a newer card replaces it)")

    job_seeker = models.ForeignKey("jobseekers.JobSeeker", on_delete=models.CASCADE, related_name="ak1_cards")
    number = models.CharField(_("card number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
        verbose_name=_("issuing officer"),
    )
    issued_by_name = models.CharField(_("issuing officer"), max_length=255, blank=True)
    renews = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        db_index=False,  # the unique (city, renews) key serves the look-up
        verbose_name=_("renews"),
    )
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    verification_token = models.CharField(max_length=40, default=new_verification_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("AK/1 card")
        verbose_name_plural = _("AK/1 cards")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["city", "number"], name="ak1_card_number_per_city"),
            models.UniqueConstraint(fields=["city", "verification_token"], name="ak1_card_token_per_city"),
            models.UniqueConstraint(fields=["city", "renews"], name="ak1_card_renewed_once"),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")), name="ak1_card_expires_after_issue"
            ),
            models.CheckConstraint(
                condition=models.Q(placed_on__isnull=True) | models.Q(placed_on__gte=models.F("issued_on")),
                name="ak1_card_placed_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "job_seeker", "issued_on"], name="ak1_card_city_seeker_idx"),
            models.Index(fields=["city", "expires_on"], name="ak1_card_city_expires_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_renewed(self) -> bool:
        """Whether a newer card renews this one (``has_renewal`` when the query annotated it)."""
        annotated = getattr(self, "has_renewal", None)
        return annotated if annotated is not None else self.renewals.exists()

    def status(self, today: datetime.date) -> str:
        """The card's state on ``today``: renewed, placed, expired or valid (in that order)."""
        if self.is_renewed:
            return self.Status.RENEWED
        if self.placed_on:
            return self.Status.PLACED
        if today > self.expires_on:
            return self.Status.EXPIRED
        return self.Status.VALID

    def box_due_on(self, box: int) -> datetime.date:
        """The day report box ``box`` (1-4) falls due: six months after the issue, then every six."""
        return add_months(self.issued_on, REPORT_EVERY_MONTHS * box)


class Report(CityOwnedModel):
    """The holder reporting back: one of the card's four boxes, stamped by an officer."""

    class Situation(models.TextChoices):
        SEEKING = "seeking", _("Still looking for work")
        WORKING = "working", _("Working")
        TRAINING = "training", _("In training or education")

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reports")
    box = models.PositiveSmallIntegerField(_("report box"))
    reported_on = models.DateField(_("reported on"))
    situation = models.CharField(_("situation"), max_length=10, choices=Situation, default=Situation.SEEKING)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    recorded_by_name = models.CharField(_("officer"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("AK/1 report")
        ordering = ["box"]
        constraints = [
            models.UniqueConstraint(fields=["city", "card", "box"], name="ak1_report_box_once"),
            models.CheckConstraint(condition=models.Q(box__gte=1, box__lte=REPORT_BOXES), name="ak1_report_box_1_to_4"),
        ]
