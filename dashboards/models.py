"""Per-city aggregate rows (rollups) that the dashboards read, and when each city's were computed.

These are **not** tenant tables: they hold counts only, never a person's record, and APEKSI pages
read them without any city context (ARCHITECTURE.md §3 "Cross-city (APEKSI)"). They are written
only by ``dashboards.rollups.refresh_city``, which runs inside the city's own context and computes
the counts from that city's tenant tables (``dashboards.indicators``). The city column is called
``for_city`` (``for_city_id``), not ``city``: a ``city_id`` column marks a tenant table, which must
have row-level security (tests/cities/test_catalogue.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CityRollup(models.Model):
    """One count: ``count`` of ``indicator`` in ``for_city`` during ``month``, for one breakdown value.

    ``dimension`` is ``""`` for the indicator's total, else one of ``indicators.DIMENSIONS``
    (``gender``, ``ragam``, ``wg_domain`` ...) with ``value`` the category code (``female``,
    ``fisik``, ``seeing`` ...). ``month`` is the first day of the calendar month in the city's own
    time zone. Snapshot indicators (active caseload, employers by quota status) are stored under the
    month in which they were taken. Counts only (>= 0): no identifiers, no personal data.
    """

    for_city = models.ForeignKey("cities.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    month = models.DateField(_("month"))
    indicator = models.CharField(_("indicator"), max_length=40)
    dimension = models.CharField(_("breakdown"), max_length=20, blank=True, default="")
    value = models.CharField(_("category"), max_length=40, blank=True, default="")
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("city rollup")
        verbose_name_plural = _("city rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["for_city", "month", "indicator", "dimension", "value"], name="cityrollup_one_row_per_cell"
            ),
        ]
        indexes = [
            models.Index(fields=["month", "indicator", "dimension"], name="cityrollup_month_ind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.for_city_id} {self.month:%Y-%m} {self.indicator} {self.dimension}={self.value}: {self.count}"


class RollupState(models.Model):
    """When a city's rollups were last computed, and what that run covered.

    ``computed_at``: end of the last successful run; ``changes_seen_until``: the watermark of the
    incremental refresh (rows changed after it make their months dirty); ``months``: how many months
    the last run rewrote; ``duration_ms``: how long it took; ``full`` whether it recomputed every month.
    """

    for_city = models.OneToOneField(
        "cities.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("city"), primary_key=True
    )
    computed_at = models.DateTimeField(_("last computed"))
    changes_seen_until = models.DateTimeField(_("changes seen until"))
    months = models.PositiveIntegerField(_("months recomputed"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    full = models.BooleanField(_("full recomputation"), default=False)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup states")

    def __str__(self) -> str:
        return f"{self.for_city_id}: {self.computed_at:%Y-%m-%d %H:%M}"
