"""The person's own data (``selectors.personal_data``) as the "all my data" page shows it: every label
and every coded value in the reader's language (``"Dirujuk"``, not ``"referred"``; ``"Ya"``, not
``"True"``; dates as ``8 Desember 2026``). The JSON download keeps the codes: it is for machines.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.calendar import local_time
from cities.money import format_rupiah
from jobseekers.models import (
    ConsentRecord,
    ConsentText,
    CounsellingNote,
    Document,
    Education,
    Experience,
    FunctioningAnswer,
    JobSeeker,
    RightsRequest,
    Training,
)

DASH = "—"
# Fields whose model gives no label of their own.
FIELD_LABELS = {
    "work_arrangements": gettext_lazy("work arrangements"),
    "assistive_devices": gettext_lazy("assistive devices"),
    "communication_needs": gettext_lazy("communication needs"),
    "created_at": gettext_lazy("registered on"),
    "updated_at": gettext_lazy("last changed"),
    "original_name": gettext_lazy("file name"),
    "uploaded_at": gettext_lazy("uploaded on"),
}
# Amounts in rupiah, written "Rp 4.000.000".
MONEY_FIELDS = {"expected_wage"}
# The keys of each section's entries (``personal_data``) and the model field each one comes from.
SECTION_FIELDS: dict[str, dict[str, tuple[type[models.Model], str]]] = {
    "education": {name: (Education, name) for name in ("level", "major", "institution", "year_finished")},
    "trainings": {name: (Training, name) for name in ("name", "provider", "year", "certified")},
    "experience": {
        name: (Experience, name) for name in ("job_title", "employer_name", "start_year", "end_year", "description")
    },
    "consents": {
        "purpose": (ConsentText, "purpose"),
        "version": (ConsentText, "version"),
        "decision": (ConsentRecord, "decision"),
        "channel": (ConsentRecord, "channel"),
        "time": (ConsentRecord, "recorded_at"),
        "guardian": (ConsentRecord, "guardian_name"),
    },
    "documents": {
        "kind": (Document, "kind"),
        "title": (Document, "title"),
        "name": (Document, "original_name"),
        "uploaded": (Document, "uploaded_at"),
    },
    "counselling_notes": {"date": (CounsellingNote, "met_on"), "note": (CounsellingNote, "text")},
    "requests": {
        "kind": (RightsRequest, "kind"),
        "status": (RightsRequest, "status"),
        "requested": (RightsRequest, "requested_at"),
        "details": (RightsRequest, "details"),
    },
}


def field_label(model: type[models.Model], name: str) -> str:
    """The field's label in the active language (``FIELD_LABELS`` for a field without its own)."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return str(model._meta.get_field(name).verbose_name)


def _choice_labels(field) -> dict:
    """``{code: label}`` of a field with choices, or of the items of an array field with choices."""
    target = field if field.choices else getattr(field, "base_field", None)
    return dict(target.flatchoices) if target is not None and target.choices else {}


def display_value(field, value) -> str:
    """``value`` of ``field`` (as ``personal_data`` gives it: codes, ISO dates, lists) for a person."""
    if value is None or value == "" or value == []:
        return DASH
    if field.name in MONEY_FIELDS:
        return format_rupiah(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    labels = _choice_labels(field)
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value)
    if labels:
        return str(labels.get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return local_time(datetime.datetime.fromisoformat(value), "j F Y H:i")
    if isinstance(field, models.DateField) and isinstance(value, str):
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    return str(value)


def profile_rows(data: dict) -> list[tuple[str, str]]:
    """``(label, value)`` of each profile field of ``data`` (``personal_data``), for the page."""
    return [
        (field_label(JobSeeker, name), display_value(JobSeeker._meta.get_field(name), value))
        for name, value in data["profile"].items()
        if name not in ("id", "profile_step")
    ]


def section_items(key: str, items: list) -> list[str]:
    """The entries of one section of ``personal_data`` as lines for the page: ``"label: value; …"``."""
    if key == "functioning":
        domain = FunctioningAnswer._meta.get_field("domain")
        code = FunctioningAnswer._meta.get_field("code")
        return [f"{display_value(domain, d)}: {display_value(code, c)}" for d, c in dict(items).items()]
    fields = SECTION_FIELDS.get(key)
    if fields is None:
        return [str(item) for item in items]
    lines = []
    for item in items:
        parts = []
        for name, value in item.items():
            model, field_name = fields[name]
            field = model._meta.get_field(field_name)
            parts.append(f"{field_label(model, field_name)}: {display_value(field, value)}")
        lines.append("; ".join(parts))
    return lines
