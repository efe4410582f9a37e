"""The tenant (City, Province) and the abstract base every tenant-owned model inherits."""

from __future__ import annotations

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.tenancy import NoCityContextError, current_city_id, require_city_id

kemendagri_city_code = RegexValidator(r"^\d{2}\.\d{2}$", _("A Kemendagri city code looks like 12.73 (province.city)."))


@functools.cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())  # scans the tz database: ~10 ms, so once


def validate_timezone(value: str) -> None:
    """Accept only IANA zone names (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)."""
    if value not in _known_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Province(models.Model):
    """One of Indonesia's 38 provinces (Kemendagri code, e.g. ``12`` = Sumatera Utara)."""

    code = models.CharField(_("Kemendagri code"), max_length=2, unique=True)
    bps_code = models.CharField(_("BPS code"), max_length=2)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A kota: the tenant. Keyed by its Kemendagri code (``12.73`` = Kota Sibolga).

    The BPS code differs from the Kemendagri code for 19 kota (Sibolga is BPS ``1271``), so both
    are kept. ``is_active`` says whether the city runs its IJC on the portal; only active cities
    appear publicly. The five Jakarta *kota administrasi* have ``is_autonomous = False``.
    """

    code = models.CharField(_("Kemendagri code"), max_length=5, unique=True, validators=[kemendagri_city_code])
    bps_code = models.CharField(_("BPS code"), max_length=4)
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("province"))
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    timezone = models.CharField(_("time zone"), max_length=40, default="Asia/Jakarta", validators=[validate_timezone])
    is_autonomous = models.BooleanField(_("autonomous"), default=True)
    is_active = models.BooleanField(_("active on the portal"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name


class CityScopedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj._fill_city()
        return super().bulk_create(objs, *args, **kwargs)


class CityScopedManager(models.Manager.from_queryset(CityScopedQuerySet)):
    """Returns only the current city's rows; raises ``NoCityContextError`` outside a city context."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(city_id=require_city_id())


class CityOwnedModel(models.Model):
    """Abstract base of every tenant-owned model.

    Gives the model a ``city`` foreign key (column ``city_id``), a default manager scoped to the
    current city (``objects``) that raises outside ``city_context``, and fills ``city_id`` on save
    and ``bulk_create``. Saving a row for another city than the active one raises.

    A model that inherits this must also get ``cities.operations.EnableCityRLS`` in its migration
    (the catalogue test fails otherwise). Unique constraints must include ``city``; indexes lead
    with it.

    ``all_cities`` is the escape hatch for migrations and maintenance scripts only: it does not
    filter by city (PostgreSQL row-level security still does). Never use it in a view or task.
    """

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)

    all_cities = models.Manager()  # escape hatch: see the class docstring
    objects = CityScopedManager()

    class Meta:
        abstract = True
        default_manager_name = "objects"
        base_manager_name = "all_cities"

    def save(self, *args, **kwargs):
        self._fill_city()
        super().save(*args, **kwargs)

    def _fill_city(self) -> None:
        active = current_city_id()
        if active is None:
            raise NoCityContextError(f"Cannot save a {type(self).__name__} outside a city context.")
        if self.city_id is None:
            self.city_id = active
        elif self.city_id != active:
            raise NoCityContextError(
                f"Cannot save a {type(self).__name__} of city {self.city_id} inside the context of city {active}."
            )
