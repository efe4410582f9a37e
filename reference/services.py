"""Writes to the reference tables. There is one: load them all from the data files."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import transaction

from reference import datasets
from reference.datafiles import SyncCounts, ids_by_code, sync_rows, sync_tree
from reference.models import (
    AccommodationType,
    ChecklistItem,
    ChecklistVersion,
    Industry,
    Occupation,
    Skill,
    WGQuestion,
    WGResponseOption,
)


def default_data_dir() -> Path:
    """``reference/data/``: the files shipped with the code (see its SOURCES.md)."""
    return Path(apps.get_app_config("reference").path) / "data"


def _sync_skill_links(links: set[tuple[str, str]]) -> SyncCounts:
    """Make each skill in the file have exactly the broader concepts the file gives it."""
    through = Skill.broader.through
    ids = ids_by_code(Skill.objects.all())
    wanted = {(ids[code], ids[broader]) for code, broader in links}
    in_file = {ids[code] for code, _ in links}
    existing = set(through.objects.values_list("from_skill_id", "to_skill_id"))
    missing = wanted - existing
    extra = {link for link in existing - wanted if link[0] in in_file}
    through.objects.bulk_create([through(from_skill_id=a, to_skill_id=b) for a, b in missing])
    for from_id, to_id in extra:
        through.objects.filter(from_skill_id=from_id, to_skill_id=to_id).delete()
    return SyncCounts(
        created=len(missing),
        updated=0,
        unchanged=len(wanted & existing),
        not_in_file=len(existing - wanted - extra),
    )


@transaction.atomic
def reference_data_load(*, data_dir: Path | None = None) -> dict[str, SyncCounts]:
    """Load every reference table from ``data_dir`` (default ``reference/data/``), all or nothing.

    Every file is read and validated before the first write; a bad row raises
    ``DataFileError`` naming the file, line and code, and nothing is written. Rows are matched on
    their codes, so loading the same files again changes nothing. Rows no longer in a file are
    kept and counted (other tables may refer to them). Returns the counts per table, in load order.
    """
    data_dir = data_dir or default_data_dir()
    occupations = datasets.read_occupations(data_dir)
    industries = datasets.read_industries(data_dir)
    skills = datasets.read_skills(data_dir)
    accommodations = datasets.read_accommodations(data_dir)
    wg = datasets.read_wg_ss(data_dir)
    checklists = datasets.read_checklists(data_dir)

    counts: dict[str, SyncCounts] = {}
    counts["occupations"] = sync_tree(
        Occupation.objects.all(), occupations, fields=["level", "title_id", "title_en", "in_kbji2014", "in_isco08"]
    )
    counts["industries"] = sync_tree(
        Industry.objects.all(), industries, fields=["level", "section", "title_id", "title_en"]
    )
    counts["skills"] = sync_rows(
        Skill.objects.all(),
        skills.skills,
        key=["code"],
        fields=[
            "esco_uri",
            "kind",
            "level",
            "label_en",
            "alt_labels_en",
            "description_en",
            "skill_type",
            "reuse_level",
            "in_transversal_collection",
            "in_ict_collection",
            "label_id",
            "synonyms_id",
            "search_text",
        ],
    )
    counts["skill broader links"] = _sync_skill_links(skills.broader)
    counts["accommodation types"] = sync_rows(
        AccommodationType.objects.all(),
        accommodations,
        key=["code"],
        fields=["limitation", "wg_domain", "ragam", "text_en", "text_id", "type", "cost_level", "source"],
    )
    counts["WG-SS questions"] = sync_rows(
        WGQuestion.objects.all(),
        wg.questions,
        key=["variable"],
        fields=["order", "domain", "domain_label_en", "domain_label_id", "text_en", "text_id", "indicative_ragam"],
    )
    counts["WG-SS response options"] = sync_rows(
        WGResponseOption.objects.all(),
        wg.response_options,
        key=["code"],
        fields=["key", "label_en", "label_id", "is_missing"],
    )
    counts["checklist versions"] = sync_rows(
        ChecklistVersion.objects.all(),
        [checklist.version for checklist in checklists],
        key=["code"],
        fields=["name", "source", "name_indonesian", "source_indonesian", "published_on"],
    )
    version_ids = ids_by_code(ChecklistVersion.objects.all())
    item_counts = SyncCounts()
    for checklist in checklists:
        version_id = version_ids[checklist.version["code"]]
        item_counts += sync_rows(
            ChecklistItem.objects.filter(version_id=version_id),
            [{**item, "version_id": version_id} for item in checklist.items],
            key=["version_id", "code"],
            fields=[
                "position",
                "area",
                "item",
                "requirement",
                "item_indonesian",
                "requirement_indonesian",
                "threshold",
                "unit",
                "comparator",
                "source",
                "source_indonesian",
                "verification",
            ],
        )
    counts["checklist items"] = item_counts
    return counts
