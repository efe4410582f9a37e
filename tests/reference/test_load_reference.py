"""``manage.py load_reference``: exact counts, idempotence, all-or-nothing on bad rows."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

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
from tests.reference.datacopy import edit_csv_row

pytestmark = pytest.mark.django_db

# Counted from the files in reference/data/ (see SOURCES.md for what each holds).
EXPECTED = {
    # 10 golongan pokok + 43 subgolongan pokok + 130 golongan + 451 subgolongan + 2,137 jabatan
    Occupation: 2771,
    # 21 kategori (sections) + 88 golongan pokok (divisions)
    Industry: 109,
    # 656 hierarchy groups + 15 transversal groups + 107 transversal skills; the 21 ICT skills
    # are all also transversal, so their 21 second lines in skills.csv merge into existing rows
    Skill: 778,
    AccommodationType: 60,
    WGQuestion: 6,
    # 4 answer categories + 7 refused + 9 don't know
    WGResponseOption: 6,
    ChecklistVersion: 1,
    ChecklistItem: 62,
}
# One link per parent code: 652 rows with one, 127 with two, 1 with three, less the 21 duplicates.
EXPECTED_SKILL_LINKS = 867


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model: model.objects.count() for model in EXPECTED} | {"links": Skill.broader.through.objects.count()}


def snapshot() -> dict:
    """Every row's id and values, to prove a reload touches nothing."""
    return {model: list(model.objects.order_by("pk").values()) for model in EXPECTED} | {
        "links": sorted(Skill.broader.through.objects.values_list("from_skill_id", "to_skill_id"))
    }


def test_it_loads_every_table_with_the_exact_number_of_rows():
    output = load()

    assert counts() == EXPECTED | {"links": EXPECTED_SKILL_LINKS}
    assert "occupations             2771 in file: 2771 created, 0 updated, 0 unchanged" in output


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert counts() == EXPECTED | {"links": EXPECTED_SKILL_LINKS}
    assert " created, 0 updated" in output
    assert all(" 0 created, 0 updated" in line for line in output.splitlines() if " in file: " in line)


def test_a_reload_puts_back_a_changed_title_and_reports_it():
    load()
    Occupation.objects.filter(code="2512").update(title_en="Edited by hand")

    output = load()

    assert Occupation.objects.get(code="2512").title_en == "Software developers"
    assert "2771 in file: 0 created, 1 updated, 2770 unchanged" in output


def test_occupation_parent_links_resolve_up_to_the_major_group():
    load()
    chain = []
    occupation = Occupation.objects.get(code="2512.01")
    while occupation is not None:
        chain.append((occupation.code, occupation.level))
        occupation = occupation.parent

    assert chain == [("2512.01", 5), ("2512", 4), ("251", 3), ("25", 2), ("2", 1)]
    assert Occupation.objects.filter(level=1, parent__isnull=False).count() == 0
    assert Occupation.objects.filter(level__gt=1, parent__isnull=True).count() == 0
    for occupation in Occupation.objects.filter(level__gt=1).select_related("parent"):
        assert occupation.parent.level == occupation.level - 1
        assert occupation.code.startswith(occupation.parent.code)


def test_occupations_only_in_one_classification_are_flagged():
    load()

    assert set(Occupation.objects.filter(in_kbji2014=False).values_list("code", flat=True)) == {
        "0110",
        "0210",
        "0310",
        "3355",
        "5412",
    }
    police = Occupation.objects.get(code="5412")
    assert (police.title_id, police.title_en, police.in_isco08) == ("", "Police officers", True)
    assert Occupation.objects.filter(level=5, in_isco08=True).count() == 0


def test_industry_divisions_hang_under_their_section():
    load()

    assert Industry.objects.filter(level=1).count() == 21
    assert Industry.objects.filter(level=2).count() == 88
    division = Industry.objects.select_related("parent").get(code="62")
    assert (division.section, division.parent.code, division.parent.level) == ("J", "J", 1)
    for industry in Industry.objects.filter(level=2).select_related("parent"):
        assert industry.parent.code == industry.section


def test_a_skill_in_both_collections_is_one_row_with_both_flags_and_its_uri():
    load()

    skill = Skill.objects.get(code="21d2f96d-35f7-4e3f-9745-c533d2dd6e97")

    assert skill.label_en == "computer programming"
    assert skill.kind == Skill.Kind.SKILL
    assert skill.in_transversal_collection and skill.in_ict_collection
    assert skill.esco_uri == "http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97"
    assert set(skill.broader.values_list("code", flat=True)) == {"f5369f2f-e52b-43d8-8d31-79a6c11188d8", "0613"}
    assert Skill.objects.filter(in_ict_collection=True).count() == 21
    assert Skill.objects.filter(kind=Skill.Kind.SKILL_GROUP, level=0).count() == 4


def test_accommodations_keep_both_languages_and_blank_means_every_domain():
    load()

    first = AccommodationType.objects.get(code="ACC-001")

    assert first.wg_domain == "seeing" and first.ragam == "sensorik"
    assert first.type == AccommodationType.Type.ASSISTIVE_TECHNOLOGY
    assert first.text_id.startswith("Perangkat lunak pembaca layar")
    assert AccommodationType.objects.filter(wg_domain="").count() == 3
    assert AccommodationType.objects.filter(cost_level="none").count() == 31


def test_the_wg_ss_questions_come_in_wg_order_with_their_response_options():
    load()

    assert list(WGQuestion.objects.values_list("variable", "domain")) == [
        ("VIS_SS", "seeing"),
        ("HEAR_SS", "hearing"),
        ("MOB_SS", "mobility"),
        ("COG_SS", "cognition"),
        ("SC_SS", "self_care"),
        ("COM_SS", "communication"),
    ]
    assert WGQuestion.objects.get(domain="cognition").indicative_ragam == ["intelektual", "mental"]
    answers = WGResponseOption.objects.filter(is_missing=False)
    assert list(answers.values_list("code", "key")) == [
        (1, "no_difficulty"),
        (2, "some_difficulty"),
        (3, "a_lot_of_difficulty"),
        (4, "cannot_do_at_all"),
    ]
    assert list(WGResponseOption.objects.filter(is_missing=True).values_list("code", flat=True)) == [7, 9]


def test_the_checklist_csv_becomes_the_2017_permen_pupr_14_version():
    load()

    version = ChecklistVersion.objects.get()
    ramp = version.items.get(code="RAMP-02")

    assert version.code == "2017-permen-pupr-14"
    assert version.items.count() == 62
    assert (ramp.threshold, ramp.unit, ramp.comparator, ramp.position) == ("1:12", "ratio", "<=", 2)
    assert ramp.source.startswith("Permen PUPR 14/PRT/M/2017")


def test_item_codes_are_unique_per_version_only():
    load()
    old = ChecklistVersion.objects.get()
    new = ChecklistVersion.objects.create(code="2030-test", name="A later version", source="test")
    item = old.items.get(code="RAMP-01")
    fields = {f.name: getattr(item, f.name) for f in ChecklistItem._meta.concrete_fields if f.name not in ("id",)}

    ChecklistItem.objects.create(**(fields | {"version": new}))  # same code, other version: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistItem.objects.create(**fields)


@pytest.mark.parametrize(
    ("file", "code_column", "code", "changes", "message"),
    [
        ("accommodations.csv", "id", "ACC-004", {"cost_level": "cheap"}, "cost_level"),
        ("occupations.csv", "code", "2512.01", {"parent_code": "9999"}, "code does not extend parent_code '9999'"),
        ("occupations.csv", "code", "2512.01", {"level": "4"}, "a level 4 KBJI code has 4 digits"),
        ("occupations.csv", "code", "2512", {"title_id": "", "title_en": ""}, "title_id and title_en are both empty"),
        ("occupations.csv", "code", "2512", {"level": "x"}, "level must be a whole number"),
        ("industries.csv", "code", "62", {"section": "K"}, "differs from its parent's"),
        ("skills.csv", "code", "S1", {"esco_uri": "http://example.com/S1"}, "esco_uri must start with"),
        ("skills.csv", "code", "S1.0", {"parent_code": "S1 | S9.9"}, "parent_code 'S9.9' is not in the file"),
        ("skills.csv", "code", "S1.0", {"level": "4"}, "hierarchy levels run 0-3"),
        ("industries.csv", "code", "A", {"section": "Z"}, "section is a letter A-U"),
        ("accessibility_checklist.csv", "id", "RAMP-08", {"threshold": "80-65"}, "'between' threshold"),
        ("accessibility_checklist.csv", "id", "DOOR-01", {"unit": "inch"}, "unit"),
    ],
)
def test_a_bad_row_names_file_line_and_code_and_writes_nothing(data_copy, file, code_column, code, changes, message):
    line = edit_csv_row(data_copy / file, code_column, code, **changes)

    with pytest.raises(CommandError) as raised:
        load("--data-dir", str(data_copy))

    assert f"{file}, line {line} ({code}): " in str(raised.value)
    assert message in str(raised.value)
    assert "Nothing was loaded" in str(raised.value)
    assert all(count == 0 for count in counts().values())


def test_a_bad_row_leaves_an_earlier_load_exactly_as_it_was(data_copy):
    load()
    before = snapshot()
    # A valid change early in the load order, and a bad row late in it.
    edit_csv_row(data_copy / "occupations.csv", "code", "2512", title_en="Changed")
    edit_csv_row(data_copy / "accessibility_checklist.csv", "id", "TOIL-05", comparator="~")

    with pytest.raises(CommandError, match=r"accessibility_checklist\.csv, line \d+ \(TOIL-05\)"):
        load("--data-dir", str(data_copy))

    assert snapshot() == before


def test_a_duplicate_code_names_both_lines(data_copy):
    path = data_copy / "accommodations.csv"
    line = edit_csv_row(path, "id", "ACC-010", id="ACC-009")

    with pytest.raises(CommandError, match=rf"accommodations\.csv, line {line} \(ACC-009\): duplicate code \(first"):
        load("--data-dir", str(data_copy))


def test_a_bad_wg_ss_entry_names_its_json_location(data_copy):
    path = data_copy / "wg_ss.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["questions"][2]["domain"] = "walking"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CommandError, match=r"wg_ss\.json: questions\[2\]: domain: "):
        load("--data-dir", str(data_copy))
    assert WGQuestion.objects.count() == 0


def test_a_missing_file_is_named(data_copy):
    (data_copy / "skills.csv").unlink()

    with pytest.raises(CommandError, match=r"skills\.csv: file not found"):
        load("--data-dir", str(data_copy))
