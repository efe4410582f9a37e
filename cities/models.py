"""The tenant (City, Province) and the abstract base every tenant-owned model inherits."""

from __future__ import annotations

import functools
import zoneinfo

from django.conf import settings
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


# --- City profile and policy mapping (docs/city-profile.md) --------------------------------------

#: UU 8/2016 art. 53(1): government, local government, BUMN and BUMD employ at least 2% persons
#: with disabilities among their employees. The city government and its BUMD are held to this rate.
PUBLIC_SECTOR_QUOTA_PERCENT = 2

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{4,22}[0-9]$",
    _("Enter a phone number of digits, for example 0812 3456 7890 or +62 21 123 4567."),
)


def quota_required(headcount: int, rate_percent: int = PUBLIC_SECTOR_QUOTA_PERCENT) -> int:
    """Employees with disabilities required: ``ceil(headcount x rate / 100)`` (UU 8/2016 art. 53).

    Integer arithmetic: 100 employees at 2% require exactly 2, 101 require 3. Raises ``ValueError``
    for a negative headcount.
    """
    if headcount < 0:
        raise ValueError("headcount must not be negative")
    return -(-headcount * rate_percent // 100)


class QuotaStatus(models.TextChoices):
    """Whether an employer (here: the city government or its BUMD) meets the 2% rule."""

    MET = "met", _("meets the 2% quota")
    SHORTFALL = "shortfall", _("below the 2% quota")
    NOT_REPORTED = "not_reported", _("not reported")


def quota_status(headcount: int | None, with_disabilities: int | None) -> str:
    """``QuotaStatus`` value for a headcount and its employees with disabilities (None: not reported)."""
    if headcount is None or with_disabilities is None:
        return QuotaStatus.NOT_REPORTED
    return QuotaStatus.MET if with_disabilities >= quota_required(headcount) else QuotaStatus.SHORTFALL


def quota_percent(headcount: int | None, with_disabilities: int | None) -> float | None:
    """Employees with disabilities as a percentage of the headcount (one decimal), None when unknown."""
    if not headcount or with_disabilities is None:
        return None
    return round(100 * with_disabilities / headcount, 1)


class CityProfile(CityOwnedModel):
    """The city's inclusive-employment set-up, kept by its city admin: one row per city.

    Policy mapping of the IJC programme: the ULD Ketenagakerjaan (PP 60/2020, Permenaker 21/2020),
    the local regulation (Perda) on disability rights, the budget line, staff, the public sector's own
    quota (UU 8/2016 art. 53: 2%), and the center's contact details for the public city page. Its
    partner organisations are ``CityPartner`` rows. Saved only through
    ``cities.profiles.save_profile``, which also writes the city's ``CityProfileSnapshot`` for APEKSI.
    Amounts in whole rupiah; counts of people; dates in the city's calendar.
    """

    # ULD Ketenagakerjaan
    uld_established = models.BooleanField(_("ULD Ketenagakerjaan established"), default=False)
    uld_established_on = models.DateField(_("date established"), null=True, blank=True)
    uld_decree_number = models.CharField(_("decree number"), max_length=120, blank=True)
    # Local regulation (Perda) on the rights of persons with disabilities
    has_perda = models.BooleanField(_("Perda on disability rights in force"), default=False)
    perda_title = models.CharField(_("title of the Perda"), max_length=300, blank=True)
    perda_number = models.CharField(_("number of the Perda"), max_length=60, blank=True)
    perda_year = models.PositiveSmallIntegerField(_("year of the Perda"), null=True, blank=True)
    perda_employment_articles = models.TextField(_("articles on employment"), blank=True)
    # Budget and staff
    budget_line = models.CharField(_("budget line"), max_length=300, blank=True)
    budget_amount = models.DecimalField(_("amount (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("number of IJC/ULD staff"), null=True, blank=True)
    # The public sector's own quota (UU 8/2016 art. 53)
    government_headcount = models.PositiveIntegerField(_("city government employees"), null=True, blank=True)
    government_with_disabilities = models.PositiveIntegerField(
        _("of whom employees with disabilities"), null=True, blank=True
    )
    government_as_of = models.DateField(_("city government figures as of"), null=True, blank=True)
    bumd_headcount = models.PositiveIntegerField(_("BUMD employees (all the city's BUMD)"), null=True, blank=True)
    bumd_with_disabilities = models.PositiveIntegerField(
        _("of whom employees with disabilities"), null=True, blank=True
    )
    bumd_as_of = models.DateField(_("BUMD figures as of"), null=True, blank=True)
    # The center: shown on the public city page
    address = models.TextField(_("address of the center"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True, validators=[phone_validator])
    sms = models.CharField(_("SMS"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    sign_language_video_call = models.BooleanField(_("video call with a sign-language interpreter"), default=False)
    video_call_details = models.CharField(_("how to make the video call"), max_length=300, blank=True)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("city profile")
        verbose_name_plural = _("city profiles")
        constraints = [models.UniqueConstraint(fields=["city"], name="cityprofile_one_per_city")]

    def __str__(self) -> str:
        return f"CityProfile {self.city_id}"

    @property
    def has_contact(self) -> bool:
        """True when anything of the public contact part is filled."""
        return bool(
            self.address
            or self.opening_hours
            or self.phone
            or self.whatsapp
            or self.sms
            or self.email
            or self.sign_language_video_call
        )

    @property
    def government_quota_status(self) -> str:
        return quota_status(self.government_headcount, self.government_with_disabilities)

    @property
    def bumd_quota_status(self) -> str:
        return quota_status(self.bumd_headcount, self.bumd_with_disabilities)


class CityPartner(CityOwnedModel):
    """A partner organisation of the city's IJC: name and kind (OPDis, CSO, BLK, SLB, other)."""

    class Kind(models.TextChoices):
        OPDIS = "opdis", _("Organisation of persons with disabilities (OPDis)")
        CSO = "cso", _("Civil society organisation (CSO)")
        BLK = "blk", _("Vocational training centre (BLK)")
        SLB = "slb", _("Special school (SLB)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="citypartner_name_per_city")]
        indexes = [models.Index(fields=["city", "kind"], name="citypartner_city_kind_idx")]

    def __str__(self) -> str:
        return self.name


class CityProfileSnapshot(models.Model):
    """The policy-mapping part of a city's profile, for APEKSI: **not** a tenant table.

    Written only by ``cities.profiles.save_profile`` in the same transaction as the profile, inside
    the city's context; read by APEKSI pages without any city context (ARCHITECTURE.md §3). No
    personal data: no names of people, no contact details, no editor. The column is ``for_city``
    (not ``city``): a ``city_id`` column marks a tenant table (tests/cities/test_catalogue.py).
    """

    for_city = models.OneToOneField(
        City, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("city")
    )
    uld_established = models.BooleanField(_("ULD Ketenagakerjaan established"), default=False)
    uld_established_on = models.DateField(_("date established"), null=True, blank=True)
    has_perda = models.BooleanField(_("Perda on disability rights in force"), default=False)
    perda_number = models.CharField(_("number of the Perda"), max_length=60, blank=True)
    perda_year = models.PositiveSmallIntegerField(_("year of the Perda"), null=True, blank=True)
    perda_has_employment_articles = models.BooleanField(_("Perda has articles on employment"), default=False)
    has_budget_line = models.BooleanField(_("budget line"), default=False)
    budget_amount = models.DecimalField(_("amount (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("number of IJC/ULD staff"), null=True, blank=True)
    partners_opdis = models.PositiveSmallIntegerField(_("OPDis partners"), default=0)
    partners_cso = models.PositiveSmallIntegerField(_("CSO partners"), default=0)
    partners_blk = models.PositiveSmallIntegerField(_("BLK partners"), default=0)
    partners_slb = models.PositiveSmallIntegerField(_("SLB partners"), default=0)
    partners_other = models.PositiveSmallIntegerField(_("other partners"), default=0)
    government_headcount = models.PositiveIntegerField(_("city government employees"), null=True, blank=True)
    government_with_disabilities = models.PositiveIntegerField(
        _("of whom employees with disabilities"), null=True, blank=True
    )
    government_as_of = models.DateField(_("city government figures as of"), null=True, blank=True)
    bumd_headcount = models.PositiveIntegerField(_("BUMD employees (all the city's BUMD)"), null=True, blank=True)
    bumd_with_disabilities = models.PositiveIntegerField(
        _("of whom employees with disabilities"), null=True, blank=True
    )
    bumd_as_of = models.DateField(_("BUMD figures as of"), null=True, blank=True)
    sign_language_video_call = models.BooleanField(_("video call with a sign-language interpreter"), default=False)
    profile_updated_at = models.DateTimeField(_("profile last updated"))

    class Meta:
        verbose_name = _("city profile snapshot")
        verbose_name_plural = _("city profile snapshots")

    def __str__(self) -> str:
        return f"CityProfileSnapshot {self.for_city_id}"

    @property
    def partner_count(self) -> int:
        return self.partners_opdis + self.partners_cso + self.partners_blk + self.partners_slb + self.partners_other

    @property
    def government_quota_status(self) -> str:
        return quota_status(self.government_headcount, self.government_with_disabilities)

    @property
    def bumd_quota_status(self) -> str:
        return quota_status(self.bumd_headcount, self.bumd_with_disabilities)


# --- Letterhead (kop surat) of the city's official documents (docs/letterhead.md) -----------------

nip_validator = RegexValidator(r"^\d{18}$", _("A NIP is 18 digits, without spaces or dots."))


class CityLetterhead(CityOwnedModel):
    """The city's letterhead (*kop surat*) and signatory on its official documents: the monthly ULD
    report, the accessibility assessment report and the AK/1 card, on screen, printed and in PDF.
    One row per city, kept by its city admin through ``cities.letterheads.letterhead_save``.

    The logo is stored in the row (``logo``: a PNG or JPEG re-encoded without metadata, at most
    ``cities.letterheads.LOGO_MAX_BYTES``) and shown as a ``data:`` URI, so a PDF needs no URL.
    """

    office_name = models.TextField(
        _("office name"),
        max_length=300,
        help_text=_("One line per level, for example PEMERINTAH KOTA BANDUNG, then DINAS TENAGA KERJA."),
    )
    address = models.TextField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    signatory_name = models.CharField(_("name of the signatory"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("NIP of the signatory"), max_length=18, blank=True, validators=[nip_validator])
    signatory_position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")
        constraints = [models.UniqueConstraint(fields=["city"], name="cityletterhead_one_per_city")]

    def __str__(self) -> str:
        return f"CityLetterhead {self.city_id}"

    @property
    def office_lines(self) -> list[str]:
        return [line.strip() for line in self.office_name.splitlines() if line.strip()]

    @property
    def logo_data_uri(self) -> str:
        """The logo as a ``data:`` URI for an ``<img>`` on a page or in a PDF; ``""`` without a logo."""
        import base64

        if not self.logo or self.logo_content_type not in ("image/png", "image/jpeg"):
            return ""
        return f"data:{self.logo_content_type};base64," + base64.b64encode(bytes(self.logo)).decode("ascii")

    @property
    def has_signatory(self) -> bool:
        return bool(self.signatory_name)
