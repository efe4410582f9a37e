"""Levels of formal education: one vocabulary of codes for job seekers, vacancies, imports and the API.

The levels follow the Indonesian school system (UU 20/2003 on the national education system,
arts. 17-20): primary (SD and its equivalents), junior secondary (SMP), senior secondary (SMA) or
vocational secondary (SMK), then higher education — diplomas D1-D4 and the degrees S1, S2, S3.
KKNI (Perpres 8/2012) puts D4 and S1 at the same level (6), so they share a code; D1 to D3 share
one too. The codes are those job-seeker education rows have always been stored with; vacancies
used a shorter list before (``diploma``, ``s1``), which migration ``employers.0003`` mapped onto
these.

``parse_education`` reads what people write in spreadsheets and on forms — ``"D3"``, ``"D-III"``,
``"Diploma III"``, ``"S1"``, ``"Sarjana"``, ``"SMA/sederajat"``, ``"MA"``, ``"Magister"``,
``"Bachelor"`` … in any case — and returns the code.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.TextChoices):
    """The highest level a person finished, or the lowest a vacancy asks for, in rank order."""

    NONE = "none", _("No formal schooling")
    SD = "sd", _("Primary school (SD/SDLB)")
    SMP = "smp", _("Junior secondary (SMP/SMPLB)")
    SMA = "sma", _("Senior secondary (SMA/SMALB)")
    SMK = "smk", _("Vocational secondary (SMK)")
    D1_D3 = "d1_d3", _("Diploma (D1-D3)")
    D4_S1 = "d4_s1", _("Bachelor (D4/S1)")
    S2 = "s2", _("Master (S2)")
    S3 = "s3", _("Doctorate (S3)")


# As a vacancy's requirement "none" reads "no formal requirement"; the other labels are the same.
REQUIREMENT_CHOICES = [
    (EducationLevel.NONE.value, _("No formal requirement")),
    *[(value, label) for value, label in EducationLevel.choices if value != EducationLevel.NONE],
]

# What people write, reduced by ``_key`` (lower case, letters and digits only), to the code.
_ALIASES: dict[str, tuple[str, ...]] = {
    "none": (
        "none",
        "tidak ada",
        "tidak sekolah",
        "tidak/belum sekolah",
        "belum sekolah",
        "belum tamat sd",
        "tidak tamat sd",
        "no schooling",
        "no formal schooling",
        "no formal requirement",
    ),
    "sd": ("sd", "sdlb", "mi", "paket a", "sekolah dasar", "tamat sd", "primary", "primary school", "elementary"),
    "smp": (
        "smp",
        "smplb",
        "mts",
        "sltp",
        "paket b",
        "sekolah menengah pertama",
        "junior high school",
        "junior secondary",
    ),
    "sma": (
        "sma",
        "smalb",
        "ma",
        "smu",
        "slta",
        "paket c",
        "sekolah menengah atas",
        "senior high school",
        "high school",
        "senior secondary",
    ),
    "smk": ("smk", "mak", "stm", "smea", "sekolah menengah kejuruan", "vocational high school", "vocational secondary"),
    "d1_d3": (
        "d1",
        "d2",
        "d3",
        "di",
        "dii",
        "diii",
        "d1 d3",
        "diploma",
        "diploma 1",
        "diploma 2",
        "diploma 3",
        "diploma i",
        "diploma ii",
        "diploma iii",
        "ahli madya",
        "sarjana muda",
        "associate degree",
    ),
    "d4_s1": (
        "d4",
        "div",
        "d4 s1",
        "diploma 4",
        "diploma iv",
        "s1",
        "strata 1",
        "strata i",
        "strata satu",
        "sarjana",
        "sarjana terapan",
        "bachelor",
        "bachelors",
        "bachelor degree",
        "bachelor's degree",
        "undergraduate",
    ),
    "s2": (
        "s2",
        "strata 2",
        "strata ii",
        "strata dua",
        "magister",
        "master",
        "masters",
        "master degree",
        "master's degree",
        "pascasarjana",
    ),
    "s3": ("s3", "strata 3", "strata iii", "strata tiga", "doktor", "doctor", "doctorate", "phd", "ph.d."),
}

# Words that add nothing to the level: "SMA sederajat", "tamat SMK", "lulusan S1", "S1/equivalent".
_NOISE = re.compile(r"\b(sederajat|setara|atau setara|equivalent|or equivalent|lulus|lulusan|tamatan|graduate)\b")


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", _NOISE.sub(" ", text.casefold()))


_CODE_OF: dict[str, str] = {}
for _code, _spellings in _ALIASES.items():
    for _spelling in (_code, *_spellings):
        assert _CODE_OF.setdefault(_key(_spelling), _code) == _code, _spelling


def parse_education(text: str) -> str | None:
    """The ``EducationLevel`` code of ``text`` (``"D3"`` → ``"d1_d3"``, ``"S1"`` → ``"d4_s1"``,
    ``"Magister"`` → ``"s2"``), ``""`` for an empty text, ``None`` when it names no level.

    A level followed by a subject or a school is read by its leading words: ``"S1 Akuntansi"``,
    ``"D-III Keperawatan"``, ``"SMK Teknik Mesin"``, ``"SMA/sederajat"``.
    """
    if not text or not text.strip():
        return ""
    words = [word for word in re.split(r"[\s/,;()+-]+", _NOISE.sub(" ", text.casefold())) if word]
    for count in range(len(words), 0, -1):
        code = _CODE_OF.get(_key(" ".join(words[:count])))
        if code:
            return code
    return None


# The short forms a message names.
SHORT_FORMS = "SD, SMP, SMA, SMK, MA, D1, D2, D3, D4, S1, S2, S3"
