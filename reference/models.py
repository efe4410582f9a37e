"""Shared, non-tenant reference data: classifications, the WG-SS instrument, catalogues, checklists.

None of these tables has a ``city_id``: every city reads the same rows (in a Citus deployment
they become reference tables). The rows come from ``reference/data/`` (sources and licences in
``reference/data/SOURCES.md``) through ``python manage.py load_reference``; nothing else writes
them, so the admin shows them read-only.

Search by title uses ``icontains`` over at most ~2,800 rows (occupations). A sequential scan of
that took about 1 ms (EXPLAIN ANALYZE, embedded PostgreSQL), and a B-tree index would not serve
``ILIKE '%x%'`` anyway, so titles carry no index; add a ``pg_trgm`` GIN index if search moves to
trigram matching or the full KBLI/ESCO tables are loaded.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class WGDomain(models.TextChoices):
    """The six functional domains of the Washington Group Short Set (WG-SS), in WG order."""

    SEEING = "seeing", _("seeing")
    HEARING = "hearing", _("hearing")
    MOBILITY = "mobility", _("walking or climbing steps")
    COGNITION = "cognition", _("remembering or concentrating")
    SELF_CARE = "self_care", _("self-care")
    COMMUNICATION = "communication", _("communication")


class Ragam(models.TextChoices):
    """The disability categories (*ragam penyandang disabilitas*) of UU 8/2016 art. 4(1).

    Art. 4(2) adds that a person may have one of them, or several (*ganda* / *multi*): record
    that as more than one ragam, not as a fifth value.
    """

    FISIK = "fisik", _("physical (fisik)")
    INTELEKTUAL = "intelektual", _("intellectual (intelektual)")
    MENTAL = "mental", _("mental / psychosocial (mental)")
    SENSORIK = "sensorik", _("sensory (sensorik)")


ESCO_URI_PREFIX = "http://data.europa.eu/esco/"

# --- Classifications --------------------------------------------------------------------------


class Occupation(models.Model):
    """An occupation code of KBJI 2014 (BPS), with the ISCO-08 English title where one exists.

    Five levels, each code extending its parent's::

        1 golongan pokok      (ISCO major group)       "2"
        2 subgolongan pokok   (ISCO sub-major group)   "25"
        3 golongan            (ISCO minor group)       "251"
        4 subgolongan         (ISCO unit group)        "2512"
        5 jabatan             (KBJI 6-digit only)      "2512.01"

    Levels 1-4 follow ISCO-08, so ``title_en`` is the ISCO-08 label (via ESCO) for the same code;
    level 5 is national and has an Indonesian title only. A few unit groups exist in only one of
    the two (``in_kbji2014`` / ``in_isco08``): KBJI splits the armed forces by branch (0111-0315),
    ISCO-08 has 0110, 0210, 0310, 3355 and 5412, which carry no Indonesian title.
    """

    class Level(models.IntegerChoices):
        MAJOR_GROUP = 1, _("major group (golongan pokok)")
        SUB_MAJOR_GROUP = 2, _("sub-major group (subgolongan pokok)")
        MINOR_GROUP = 3, _("minor group (golongan)")
        UNIT_GROUP = 4, _("unit group (subgolongan)")
        OCCUPATION = 5, _("occupation (jabatan)")

    code = models.CharField(_("KBJI code"), max_length=7, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English, ISCO-08)"), max_length=200, blank=True)
    in_kbji2014 = models.BooleanField(_("in KBJI 2014"), default=True)
    in_isco08 = models.BooleanField(_("in ISCO-08"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation (KBJI 2014)")
        verbose_name_plural = _("occupations (KBJI 2014)")
        constraints = [
            models.CheckConstraint(
                name="occupation_code_matches_level",
                condition=(
                    Q(level=1, code__regex=r"^[0-9]$")
                    | Q(level=2, code__regex=r"^[0-9]{2}$")
                    | Q(level=3, code__regex=r"^[0-9]{3}$")
                    | Q(level=4, code__regex=r"^[0-9]{4}$")
                    | Q(level=5, code__regex=r"^[0-9]{4}\.[0-9]{2}$")
                ),
            ),
            models.CheckConstraint(
                name="occupation_parent_below_top_level",
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
            ),
            models.CheckConstraint(name="occupation_has_a_title", condition=~Q(title_id="") | ~Q(title_en="")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_id or self.title_en}"


class Industry(models.Model):
    """A KBLI 2020 code (Peraturan BPS No. 2/2020), with the ISIC Rev.4 English title.

    We load the top two levels: 21 *kategori* (ISIC sections, ``A``-``U``) and 88 *golongan
    pokok* (ISIC divisions, ``01``-``99``), which match ISIC Rev.4 one to one. The level choices
    name the three deeper KBLI levels so the full table can be added later without a schema change.
    """

    class Level(models.IntegerChoices):
        SECTION = 1, _("section (kategori)")
        DIVISION = 2, _("division (golongan pokok)")
        GROUP = 3, _("group (golongan)")
        CLASS = 4, _("class (subgolongan)")
        SUBCLASS = 5, _("national subclass (kelompok)")

    code = models.CharField(_("KBLI code"), max_length=5, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level)
    section = models.CharField(_("section"), max_length=1)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=255)
    title_en = models.CharField(_("title (English, ISIC Rev.4)"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry (KBLI 2020)")
        verbose_name_plural = _("industries (KBLI 2020)")
        constraints = [
            models.CheckConstraint(name="industry_section_is_a_letter", condition=Q(section__regex=r"^[A-U]$")),
            models.CheckConstraint(
                name="industry_code_matches_level",
                condition=(
                    Q(level=1, code=models.F("section"))
                    | Q(level=2, code__regex=r"^[0-9]{2}$")
                    | Q(level=3, code__regex=r"^[0-9]{3}$")
                    | Q(level=4, code__regex=r"^[0-9]{4}$")
                    | Q(level=5, code__regex=r"^[0-9]{5}$")
                ),
            ),
            models.CheckConstraint(
                name="industry_parent_below_top_level",
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_id}"


def fold(text: str) -> str:
    """``text`` as the skill search compares it: lower case, accents dropped (NFKD, combining marks
    removed), every run of other characters than letters and digits one space — so "Entri-Data",
    "entri data" and "ÉNTRI  data" all fold to "entri data"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[^\W_]+", plain))


class SkillQuerySet(models.QuerySet):
    def search(self, term: str) -> SkillQuerySet:
        """Skills whose English or Indonesian label, alternative labels or Indonesian search synonyms
        contain every word of ``term`` (folded: case, accents and punctuation ignored, ``fold``);
        none for a term without letters or digits."""
        words = fold(term).split()
        if not words:
            return self.none()
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class Skill(models.Model):
    """A concept of the ESCO skills pillar (v1.0.x), with our own Indonesian label and search synonyms
    (ESCO has no Indonesian labels; ``reference/data/SOURCES.md``).

    Kinds:

    * ``skill_group``: the skills hierarchy, levels 0-3 (pillars S skills, K knowledge,
      L language, A attitudes and values). Knowledge groups are ISCED-F fields, so their URI is
      ``.../esco/isced-f/<code>``.
    * ``transversal_group``: a group of the transversal skills collection.
    * ``skill``: a transversal skill; ``in_ict_collection`` marks the ones ESCO also lists as ICT
      (digital) skills.

    ``code`` is the last segment of ``esco_uri``. ESCO is polyhierarchical, so ``broader`` may
    hold more than one parent. Keep ``esco_uri``: reuse requires attribution ("This service uses
    the ESCO classification of the European Commission", Commission Decision 2011/833/EU).
    """

    class Kind(models.TextChoices):
        SKILL_GROUP = "skill_group", _("skill hierarchy group")
        TRANSVERSAL_GROUP = "transversal_group", _("transversal skill group")
        SKILL = "skill", _("skill")

    class SkillType(models.TextChoices):
        SKILL = "skill/competence", _("skill or competence")
        KNOWLEDGE = "knowledge", _("knowledge")

    class ReuseLevel(models.TextChoices):
        TRANSVERSAL = "transversal", _("transversal")
        CROSS_SECTOR = "cross-sector", _("cross-sector")
        SECTOR_SPECIFIC = "sector-specific", _("sector-specific")
        OCCUPATION_SPECIFIC = "occupation-specific", _("occupation-specific")

    code = models.CharField(_("ESCO code"), max_length=40, unique=True)
    esco_uri = models.URLField(_("ESCO URI"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    level = models.PositiveSmallIntegerField(_("hierarchy level"), null=True, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200)
    # JSON lists rather than ArrayField: ArrayField needs django.contrib.postgres in INSTALLED_APPS.
    alt_labels_en = models.JSONField(_("alternative labels (English)"), default=list, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    skill_type = models.CharField(_("skill type"), max_length=20, choices=SkillType, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=20, choices=ReuseLevel, blank=True)
    in_transversal_collection = models.BooleanField(_("in the transversal skills collection"), default=False)
    in_ict_collection = models.BooleanField(_("in the ICT skills collection"), default=False)
    broader = models.ManyToManyField(
        "self", symmetrical=False, related_name="narrower", blank=True, verbose_name=_("broader concepts")
    )
    # Our translation of label_en, and words people in Indonesia search the skill by (skills.csv).
    label_id = models.CharField(_("label (Indonesian)"), max_length=200, blank=True)
    synonyms_id = models.JSONField(_("search synonyms (Indonesian)"), default=list, blank=True)
    # Every label and synonym folded (``fold``), kept by ``save()`` and the loader: what search reads.
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill (ESCO)")
        verbose_name_plural = _("skills (ESCO)")
        constraints = [
            models.CheckConstraint(
                name="skill_level_only_in_hierarchy",
                condition=Q(kind="skill_group", level__lte=3) | (~Q(kind="skill_group") & Q(level__isnull=True)),
            ),
            models.CheckConstraint(name="skill_uri_is_esco", condition=Q(esco_uri__startswith=ESCO_URI_PREFIX)),
        ]

    def __str__(self) -> str:
        return self.label_en

    def save(self, *args, **kwargs):
        self.search_text = self.search_text_of(self.__dict__)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (default: the active language): Indonesian when asked for and
        translated, else English. ``{{ skill.label }}`` in a template gives the reader's language."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.label_id if language == "id" and self.label_id else self.label_en

    @staticmethod
    def search_text_of(values: dict) -> str:
        """The folded text the search reads, from a skill's labels and synonyms (a dict of fields)."""
        parts = [values.get("label_en", ""), *values.get("alt_labels_en", [])]
        parts += [values.get("label_id", ""), *values.get("synonyms_id", [])]
        return " | ".join(fold(part) for part in parts if part)


# --- Accommodation catalogue ------------------------------------------------------------------


class AccommodationCostLevel(models.TextChoices):
    """The project's cost estimate of an accommodation (not a JAN figure)."""

    NONE = "none", _("no cost")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class AccommodationType(models.Model):
    """A kind of reasonable accommodation (*akomodasi yang layak*, UU 8/2016 arts. 47-48).

    The 60-entry catalogue paraphrases ideas from the Job Accommodation Network (askjan.org) in
    our own English and Indonesian words. Each entry is mapped to the WG-SS domain and the
    UU 8/2016 ragam it mostly serves; blank means it serves every domain / ragam (e.g. flexible
    hours). ``cost_level`` is the project's estimate, not a JAN figure; suggested bands:
    none = Rp 0, low < Rp 1.5 jt, medium Rp 1.5-15 jt, high > Rp 15 jt.
    """

    class Type(models.TextChoices):
        ASSISTIVE_TECHNOLOGY = "assistive_technology", _("assistive technology")
        COMMUNICATION = "communication", _("communication")
        WORKPLACE_MODIFICATION = "workplace_modification", _("workplace modification")
        POLICY = "policy", _("policy (schedule, duties, procedures)")
        TRAINING = "training", _("training")

    CostLevel = AccommodationCostLevel

    code = models.CharField(
        _("code"), max_length=7, unique=True, validators=[RegexValidator(r"^ACC-[0-9]{3}$", _("Use ACC-nnn."))]
    )
    limitation = models.CharField(_("limitation"), max_length=100)
    wg_domain = models.CharField(_("WG-SS domain"), max_length=20, choices=WGDomain, blank=True)
    ragam = models.CharField(_("ragam (UU 8/2016)"), max_length=20, choices=Ragam, blank=True)
    text_en = models.CharField(_("accommodation (English)"), max_length=255)
    text_id = models.CharField(_("accommodation (Indonesian)"), max_length=255)
    type = models.CharField(_("type"), max_length=30, choices=Type)
    cost_level = models.CharField(_("cost level"), max_length=10, choices=CostLevel)
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("accommodation type")
        verbose_name_plural = _("accommodation types")
        constraints = [
            models.CheckConstraint(name="accommodation_code_format", condition=Q(code__regex=r"^ACC-[0-9]{3}$")),
            models.CheckConstraint(
                name="accommodation_wg_domain_known", condition=Q(wg_domain__in=[*WGDomain.values, ""])
            ),
            models.CheckConstraint(name="accommodation_ragam_known", condition=Q(ragam__in=[*Ragam.values, ""])),
            models.CheckConstraint(
                name="accommodation_cost_level_known", condition=Q(cost_level__in=AccommodationCostLevel.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text_en}"


# --- Washington Group Short Set ---------------------------------------------------------------


class WGQuestion(models.Model):
    """One of the six WG-SS questions, asked in this order with the response options read aloud.

    Source: Washington Group on Disability Statistics, WG Short Set on Functioning. WG asks that
    wording, order and response categories are not changed. ``text_id`` is the project's own
    unofficial working translation (no official WG Bahasa Indonesia version was found); review it
    against BPS Susenas/Sakernas wording before production use. ``indicative_ragam`` maps the
    domain to UU 8/2016 ragam for routing only; it is not part of the instrument and never a
    diagnosis.
    """

    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    variable = models.CharField(_("WG variable"), max_length=10, unique=True)
    domain = models.CharField(_("domain"), max_length=20, choices=WGDomain, unique=True)
    domain_label_en = models.CharField(_("domain label (English)"), max_length=100)
    domain_label_id = models.CharField(_("domain label (Indonesian)"), max_length=100)
    text_en = models.CharField(_("question (English, WG wording)"), max_length=255)
    text_id = models.CharField(_("question (Indonesian, working translation)"), max_length=255)
    indicative_ragam = models.JSONField(_("indicative ragam (UU 8/2016)"), default=list)  # list of Ragam values

    class Meta:
        ordering = ["order"]
        verbose_name = _("WG-SS question")
        verbose_name_plural = _("WG-SS questions")
        constraints = [
            models.CheckConstraint(name="wg_question_order_1_to_6", condition=Q(order__gte=1, order__lte=6)),
            models.CheckConstraint(name="wg_question_domain_known", condition=Q(domain__in=WGDomain.values)),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text_en}"


class WGResponseOption(models.Model):
    """A WG-SS response category: 1 no difficulty, 2 some, 3 a lot, 4 cannot do at all.

    Codes 7 (refused) and 9 (don't know) follow WG practice and are ``is_missing``. The WG
    recommended cut-off (DISABILITY3) counts a person as disabled when any domain has code 3 or 4;
    it is a statistic, never an eligibility gate.
    """

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    key = models.SlugField(_("key"), max_length=30, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_id = models.CharField(_("label (Indonesian)"), max_length=100)
    is_missing = models.BooleanField(_("missing value (refused / don't know)"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("WG-SS response option")
        verbose_name_plural = _("WG-SS response options")
        constraints = [
            models.CheckConstraint(
                name="wg_response_code_range",
                condition=Q(code__gte=1, code__lte=4, is_missing=False) | Q(code__in=[7, 9], is_missing=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_en}"


# --- Workplace accessibility checklist --------------------------------------------------------


def in_language(english: str, indonesian: str) -> str:
    """``indonesian`` when the active language is Indonesian and the text exists, else ``english``."""
    return indonesian if indonesian and (get_language() or "id").startswith("id") else english


class ChecklistVersion(models.Model):
    """One published edition of the workplace accessibility checklist.

    Assessments point at the items of one version, so a new regulation becomes a new version and
    old assessments keep the thresholds they were made against. ``code`` is a stable slug such as
    ``2017-permen-pupr-14``.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"))
    # The Indonesian texts (empty when the data file has none: the English is shown).
    name_indonesian = models.CharField(_("name (Indonesian)"), max_length=200, blank=True)
    source_indonesian = models.TextField(_("source (Indonesian)"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "code"]
        verbose_name = _("accessibility checklist version")
        verbose_name_plural = _("accessibility checklist versions")

    def __str__(self) -> str:
        return self.name

    @property
    def name_text(self) -> str:
        """The name in the active language (Indonesian when the data has it, else English)."""
        return in_language(self.name, self.name_indonesian)

    @property
    def source_text(self) -> str:
        """The source note in the active language (Indonesian when the data has it, else English)."""
        return in_language(self.source, self.source_indonesian)

    def source_texts(self) -> dict[str, str]:
        """``{English source of an item: the source in the active language}`` for this version's items
        (an assessment keeps its items' English source; one query)."""
        return {
            english: in_language(english, indonesian)
            for english, indonesian in self.items.values_list("source", "source_indonesian")
        }


class ChecklistUnit(models.TextChoices):
    """The unit a checklist threshold is given in."""

    CENTIMETRE = "cm", _("centimetres")
    METRE = "m", _("metres")
    KILOGRAM = "kg", _("kilograms")
    NEWTON = "N", _("newtons")
    DEGREE = "degree", _("degrees")
    RATIO = "ratio", _("ratio (rise:run)")
    COUNT = "count", _("count")
    BOOLEAN = "boolean", _("yes / no")


class ChecklistComparator(models.TextChoices):
    """How a measurement is compared with the threshold (``between`` reads ``low-high``)."""

    LESS = "<", _("less than")
    AT_MOST = "<=", _("at most")
    EQUAL = "=", _("equal to")
    AT_LEAST = ">=", _("at least")
    MORE = ">", _("more than")
    BETWEEN = "between", _("between (inclusive)")


class ChecklistItem(models.Model):
    """One measurable requirement of a checklist version, e.g. RAMP-02 "exterior ramp <= 1:12".

    ``threshold`` is kept as the source writes it (``1:12``, ``95``, ``65-80`` for *between*,
    ``yes`` for booleans, ``table`` where the regulation gives a table); ``unit`` and
    ``comparator`` say how to read it. ``source`` names the rule (Permen PUPR 14/PRT/M/2017,
    Permen PU 30/PRT/M/2006, ATI guidance, 2010 ADA Standards) and ``verification`` how far the
    value has been checked against the original text.
    """

    Unit = ChecklistUnit
    Comparator = ChecklistComparator

    # No separate index: the (version, code) unique constraint leads with version.
    version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version"), db_index=False
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[
            RegexValidator(r"^[A-Z]+(-[A-Z]+)*-[0-9]{2}$", _("Use an area prefix and two digits, e.g. RAMP-01."))
        ],
    )
    position = models.PositiveSmallIntegerField(_("position"))
    area = models.CharField(_("area"), max_length=40)
    item = models.CharField(_("item"), max_length=100)
    requirement = models.TextField(_("requirement"))
    item_indonesian = models.CharField(_("item (Indonesian)"), max_length=150, blank=True)
    requirement_indonesian = models.TextField(_("requirement (Indonesian)"), blank=True)
    threshold = models.CharField(_("threshold"), max_length=20)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit)
    comparator = models.CharField(_("comparator"), max_length=10, choices=Comparator)
    source = models.CharField(_("source"), max_length=255)
    source_indonesian = models.CharField(_("source (Indonesian)"), max_length=255, blank=True)
    verification = models.CharField(_("verification"), max_length=255)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("accessibility checklist item")
        verbose_name_plural = _("accessibility checklist items")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="checklist_item_code_per_version"),
            models.CheckConstraint(name="checklist_item_unit_known", condition=Q(unit__in=ChecklistUnit.values)),
            models.CheckConstraint(
                name="checklist_item_comparator_known", condition=Q(comparator__in=ChecklistComparator.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.item}"
