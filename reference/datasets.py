"""Parse and validate each reference data file into rows ready for ``datafiles.sync_rows``.

No database access here: every function reads one file (``reference/data/`` by default; sources
and licences in ``reference/data/SOURCES.md``), checks every row, and returns plain dicts of model
field values. The first bad row raises ``DataFileError`` naming the file, the line and the code.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reference.datafiles import (
    DataFileError,
    Record,
    check,
    field_problems,
    parse_bool,
    parse_int,
    read_csv,
    unique_codes,
    validate,
)
from reference.models import (
    ESCO_URI_PREFIX,
    AccommodationType,
    ChecklistItem,
    ChecklistVersion,
    Industry,
    Occupation,
    Ragam,
    Skill,
    WGDomain,
    WGQuestion,
    WGResponseOption,
)

OCCUPATIONS_FILE = "occupations.csv"
INDUSTRIES_FILE = "industries.csv"
SKILLS_FILE = "skills.csv"
ACCOMMODATIONS_FILE = "accommodations.csv"
WG_SS_FILE = "wg_ss.json"
CHECKLIST_VERSIONS_FILE = "checklist_versions.csv"

# The value the catalogue uses for "every WG domain / every ragam"; stored as "".
_ALL = "all"


def _check_tree(rows: list[tuple[Record, dict[str, Any]]]) -> None:
    """Every parent is in the file, one level up, and a prefix of the child's code."""
    by_code = {values["code"]: values for _, values in rows}
    for record, values in rows:
        code, parent_code = values["code"], values["parent_code"]
        if values["level"] == 1:
            check(parent_code == "", record, "a top-level code has no parent_code", code=code)
            continue
        parent = by_code.get(parent_code)
        check(parent is not None, record, f"parent_code {parent_code!r} is not in the file", code=code)
        check(
            parent["level"] == values["level"] - 1,
            record,
            f"parent {parent_code} is on level {parent['level']}, expected {values['level'] - 1}",
            code=code,
        )


def read_occupations(data_dir: Path) -> list[dict[str, Any]]:
    """KBJI 2014 codes (levels 1-5) with ISCO-08 English titles, from ``occupations.csv``."""
    records = read_csv(
        data_dir / OCCUPATIONS_FILE,
        ["code", "level", "parent_code", "title_en", "title_id", "in_kbji2014", "in_isco08"],
    )
    unique_codes((record, record["code"]) for record in records)
    rows = []
    for record in records:
        code = record["code"]
        values = {
            "code": code,
            "level": parse_int(record, "level", code=code),
            "title_id": record["title_id"],
            "title_en": record["title_en"],
            "in_kbji2014": parse_bool(record, "in_kbji2014", code=code),
            "in_isco08": parse_bool(record, "in_isco08", code=code),
        }
        validate(Occupation, values, record, code=code)
        check(bool(values["title_id"] or values["title_en"]), record, "title_id and title_en are both empty", code=code)
        digits = code.replace(".", "")
        expected_digits = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6}[values["level"]]
        check(
            digits.isdigit() and len(digits) == expected_digits and (values["level"] == 5) == ("." in code),
            record,
            f"a level {values['level']} KBJI code has {expected_digits} digits"
            + (" written NNNN.NN" if values["level"] == 5 else ""),
            code=code,
        )
        parent_code = record["parent_code"]
        if values["level"] > 1:
            check(code.startswith(parent_code), record, f"code does not extend parent_code {parent_code!r}", code=code)
        rows.append((record, {**values, "parent_code": parent_code}))
    _check_tree(rows)
    return [values for _, values in rows]


def read_industries(data_dir: Path) -> list[dict[str, Any]]:
    """KBLI 2020 sections and divisions with ISIC Rev.4 English titles, from ``industries.csv``."""
    records = read_csv(
        data_dir / INDUSTRIES_FILE, ["code", "level", "section", "parent_code", "title_id", "title_en_isic4"]
    )
    unique_codes((record, record["code"]) for record in records)
    rows = []
    for record in records:
        code = record["code"]
        values = {
            "code": code,
            "level": parse_int(record, "level", code=code),
            "section": record["section"],
            "title_id": record["title_id"],
            "title_en": record["title_en_isic4"],
        }
        validate(Industry, values, record, code=code)
        level = values["level"]
        section = values["section"]
        check(len(section) == 1 and "A" <= section <= "U", record, "section is a letter A-U", code=code)
        if level == 1:
            check(code == values["section"] and code.isalpha(), record, "a section code is its letter", code=code)
        else:
            check(code.isdigit() and len(code) == level, record, f"a level {level} code has {level} digits", code=code)
        rows.append((record, {**values, "parent_code": record["parent_code"]}))
    _check_tree(rows)
    sections = {values["code"]: values["section"] for _, values in rows}
    for record, values in rows:
        if values["parent_code"]:
            check(
                sections[values["parent_code"]] == values["section"],
                record,
                f"section {values['section']} differs from its parent's ({sections[values['parent_code']]})",
                code=values["code"],
            )
    return [values for _, values in rows]


@dataclass
class SkillRows:
    """Skills and their broader links, as ``(code, broader_code)`` pairs."""

    skills: list[dict[str, Any]] = field(default_factory=list)
    broader: set[tuple[str, str]] = field(default_factory=set)


_SKILL_KINDS = {
    "skill_group": Skill.Kind.SKILL_GROUP,
    "transversal_group": Skill.Kind.TRANSVERSAL_GROUP,
    "transversal_skill": Skill.Kind.SKILL,
    "ict_skill": Skill.Kind.SKILL,
}


def read_skills(data_dir: Path) -> SkillRows:
    """The ESCO subset of ``skills.csv``, with our Indonesian label (``label_id``, required) and
    Indonesian search synonyms (``synonyms_id``, separated by ``|``) of each concept.

    A skill in both the transversal and the ICT collection appears twice in the file (kinds
    ``transversal_skill`` and ``ict_skill``); the two lines must agree and become one row with
    both collection flags. ``parent_code`` lists one or more broader concepts separated by ``|``.
    """
    records = read_csv(
        data_dir / SKILLS_FILE,
        [
            "code",
            "kind",
            "level",
            "label_en",
            "alt_labels_en",
            "parent_code",
            "reuse_level",
            "skill_type",
            "description_en",
            "esco_uri",
            "label_id",
            "synonyms_id",
        ],
    )
    by_code: dict[str, tuple[Record, dict[str, Any], frozenset[str]]] = {}
    for record in records:
        code = record["code"]
        kind = _SKILL_KINDS.get(record["kind"])
        kinds = ", ".join(_SKILL_KINDS)
        check(kind is not None, record, f"kind must be one of {kinds}, got {record['kind']!r}", code=code)
        values = {
            "code": code,
            "esco_uri": record["esco_uri"],
            "kind": kind.value,
            "level": parse_int(record, "level", code=code, blank=True),
            "label_en": record["label_en"],
            "alt_labels_en": [label.strip() for label in record["alt_labels_en"].split("|") if label.strip()],
            "description_en": record["description_en"],
            "skill_type": record["skill_type"],
            "reuse_level": record["reuse_level"],
            "in_transversal_collection": record["kind"] == "transversal_skill",
            "in_ict_collection": record["kind"] == "ict_skill",
            "label_id": record["label_id"],
            "synonyms_id": [word.strip() for word in record["synonyms_id"].split("|") if word.strip()],
        }
        check(bool(values["label_id"]), record, "label_id (the Indonesian label) is required", code=code)
        validate(Skill, values, record, code=code)
        values["search_text"] = Skill.search_text_of(values)
        uri = record["esco_uri"]
        check(uri.startswith(ESCO_URI_PREFIX), record, f"esco_uri must start with {ESCO_URI_PREFIX}", code=code)
        check(uri.endswith(f"/{code}"), record, "code is not the last part of esco_uri", code=code)
        check(
            (kind == Skill.Kind.SKILL_GROUP) == (values["level"] is not None),
            record,
            "level is given for skill hierarchy groups only",
            code=code,
        )
        check(values["level"] is None or values["level"] <= 3, record, "hierarchy levels run 0-3", code=code)
        parents = frozenset(part.strip() for part in record["parent_code"].split("|") if part.strip())
        earlier = by_code.get(code)
        if earlier is None:
            by_code[code] = (record, values, parents)
            continue
        first_record, first_values, first_parents = earlier
        same = {name: value for name, value in first_values.items() if not name.startswith("in_")} == {
            name: value for name, value in values.items() if not name.startswith("in_")
        }
        check(
            same and parents == first_parents and kind == Skill.Kind.SKILL,
            record,
            f"duplicate code (first seen on line {first_record.line}); only a skill listed in both the "
            "transversal and the ICT collection may appear twice, with identical values",
            code=code,
        )
        first_values["in_transversal_collection"] |= values["in_transversal_collection"]
        first_values["in_ict_collection"] |= values["in_ict_collection"]

    result = SkillRows()
    uris: dict[str, str] = {}
    for code, (record, values, parents) in by_code.items():
        other = uris.get(values["esco_uri"])
        check(other is None, record, f"esco_uri is also used by {other}", code=code)
        uris[values["esco_uri"]] = code
        for parent in parents:
            check(parent in by_code, record, f"parent_code {parent!r} is not in the file", code=code)
            check(parent != code, record, "a skill cannot be its own parent", code=code)
            result.broader.add((code, parent))
        result.skills.append(values)
    return result


def read_accommodations(data_dir: Path) -> list[dict[str, Any]]:
    """The accommodation catalogue (``accommodations.csv``); ``all`` domain / ragam becomes blank."""
    records = read_csv(
        data_dir / ACCOMMODATIONS_FILE,
        [
            "id",
            "limitation",
            "wg_domain",
            "ragam_uu8_2016",
            "accommodation_en",
            "accommodation_id",
            "type",
            "cost_level",
            "source",
        ],
    )
    unique_codes((record, record["id"]) for record in records)
    rows = []
    for record in records:
        code = record["id"]
        values = {
            "code": code,
            "limitation": record["limitation"],
            "wg_domain": "" if record["wg_domain"] == _ALL else record["wg_domain"],
            "ragam": "" if record["ragam_uu8_2016"] == _ALL else record["ragam_uu8_2016"],
            "text_en": record["accommodation_en"],
            "text_id": record["accommodation_id"],
            "type": record["type"].replace(" ", "_"),
            "cost_level": record["cost_level"],
            "source": record["source"],
        }
        for column in ("wg_domain", "ragam_uu8_2016"):
            check(record[column] != "", record, f"{column} is empty (write 'all' for every one)", code=code)
        validate(AccommodationType, values, record, code=code)
        rows.append(values)
    return rows


@dataclass
class WGRows:
    questions: list[dict[str, Any]]
    response_options: list[dict[str, Any]]


def _json_error(path: Path, where: str, message: str) -> DataFileError:
    return DataFileError(path, f"{where}: {message}")


def _validate_json(model, values: dict[str, Any], path: Path, where: str) -> None:
    problems = field_problems(model, values)
    if problems:
        raise _json_error(path, where, problems)


def read_wg_ss(data_dir: Path) -> WGRows:
    """The six WG-SS questions and the response options from ``wg_ss.json``.

    Errors name the JSON location, e.g. ``wg_ss.json: questions[3].domain: ...``.
    """
    path = data_dir / WG_SS_FILE
    if not path.is_file():
        raise DataFileError(path, "file not found")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"not valid JSON ({error.msg})", line=error.lineno) from None
    if not isinstance(document, dict):
        raise DataFileError(path, "expected a JSON object at the top")

    def items(name: str) -> list[dict[str, Any]]:
        value = document.get(name)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise _json_error(path, name, "expected a list of objects")
        return value

    def take(item: dict[str, Any], where: str, name: str, kind: type, default: Any = None) -> Any:
        value = item.get(name, default)
        # bool is a subclass of int: True is not a code.
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise _json_error(path, f"{where}.{name}", f"expected a {kind.__name__}, got {value!r}")
        return value

    options = []
    for index, item in enumerate(items("response_options")):
        where = f"response_options[{index}]"
        values = {
            "code": take(item, where, "code", int),
            "key": take(item, where, "key", str),
            "label_en": take(item, where, "label_en", str),
            "label_id": take(item, where, "label_id", str),
            "is_missing": take(item, where, "missing", bool, False),
        }
        _validate_json(WGResponseOption, values, path, where)
        code, missing = values["code"], values["is_missing"]
        if not ((1 <= code <= 4 and not missing) or (code in (7, 9) and missing)):
            raise _json_error(path, f"{where}.code", "codes 1-4 are answers; 7 and 9 are missing values")
        options.append(values)

    questions = []
    for index, item in enumerate(items("questions")):
        where = f"questions[{index}]"
        ragam = take(item, where, "indicative_ragam_disabilitas_uu8_2016", list, [])
        values = {
            "order": take(item, where, "order", int),
            "variable": take(item, where, "variable", str),
            "domain": take(item, where, "domain", str),
            "domain_label_en": take(item, where, "domain_label_en", str),
            "domain_label_id": take(item, where, "domain_label_id", str),
            "text_en": take(item, where, "text_en", str),
            "text_id": take(item, where, "text_id", str),
            "indicative_ragam": ragam,
        }
        _validate_json(WGQuestion, values, path, where)
        unknown = [value for value in ragam if value not in Ragam.values]
        if unknown:
            raise _json_error(path, f"{where}.indicative_ragam_disabilitas_uu8_2016", f"unknown ragam {unknown!r}")
        questions.append(values)

    for name, rows, keys in (
        ("response_options", options, ("code", "key")),
        ("questions", questions, ("order", "variable", "domain")),
    ):
        for key in keys:
            seen = [row[key] for row in rows]
            duplicates = sorted({value for value in seen if seen.count(value) > 1}, key=str)
            if duplicates:
                raise _json_error(path, name, f"duplicate {key}: {', '.join(map(str, duplicates))}")
    if sorted(row["order"] for row in questions) != list(range(1, len(WGDomain) + 1)):
        raise _json_error(path, "questions", f"expected questions with order 1 to {len(WGDomain)}, one each")
    return WGRows(questions=questions, response_options=options)


@dataclass
class ChecklistRows:
    version: dict[str, Any]
    items: list[dict[str, Any]]


def read_checklists(data_dir: Path) -> list[ChecklistRows]:
    """Every checklist version in ``checklist_versions.csv`` with the items of its ``items_file``.

    ``published_on`` is an ISO date or blank (not yet verified). ``items_file`` is a file name in
    the same directory, with columns id, area, item, requirement, threshold, unit, comparator,
    source, verification; the item's position is its order in that file. Optional columns give the
    Indonesian texts: name_indonesian and source_indonesian of a version; item_indonesian,
    requirement_indonesian and source_indonesian of an item.
    """
    path = data_dir / CHECKLIST_VERSIONS_FILE
    records = read_csv(path, ["code", "name", "source", "published_on", "items_file"])
    unique_codes((record, record["code"]) for record in records)
    result = []
    for record in records:
        code = record["code"]
        try:
            published_on = datetime.date.fromisoformat(record["published_on"]) if record["published_on"] else None
        except ValueError:
            raise record.error(f"published_on must be YYYY-MM-DD, got {record['published_on']!r}", code=code) from None
        version = {
            "code": code,
            "name": record["name"],
            "source": record["source"],
            # Optional columns: a version without Indonesian texts shows the English ones.
            "name_indonesian": record.values.get("name_indonesian", ""),
            "source_indonesian": record.values.get("source_indonesian", ""),
            "published_on": published_on,
        }
        validate(ChecklistVersion, version, record, code=code)
        items_file = record["items_file"]
        is_name = items_file != "" and Path(items_file).name == items_file
        check(is_name, record, "items_file must be a file name in the same directory", code=code)
        result.append(ChecklistRows(version=version, items=_read_checklist_items(data_dir / items_file)))
    return result


def _read_checklist_items(path: Path) -> list[dict[str, Any]]:
    records = read_csv(
        path, ["id", "area", "item", "requirement", "threshold", "unit", "comparator", "source", "verification"]
    )
    unique_codes((record, record["id"]) for record in records)
    rows = []
    for position, record in enumerate(records, start=1):
        code = record["id"]
        values = {
            "code": code,
            "position": position,
            "area": record["area"],
            "item": record["item"],
            "requirement": record["requirement"],
            # Optional columns: a checklist file without Indonesian texts shows the English ones.
            "item_indonesian": record.values.get("item_indonesian", ""),
            "requirement_indonesian": record.values.get("requirement_indonesian", ""),
            "threshold": record["threshold"],
            "unit": record["unit"],
            "comparator": record["comparator"],
            "source": record["source"],
            "source_indonesian": record.values.get("source_indonesian", ""),
            "verification": record["verification"],
        }
        validate(ChecklistItem, values, record, code=code)
        if values["comparator"] == ChecklistItem.Comparator.BETWEEN:
            low, _, high = values["threshold"].partition("-")
            check(
                _is_number(low) and _is_number(high) and float(low) <= float(high),
                record,
                f"a 'between' threshold is low-high, got {values['threshold']!r}",
                code=code,
            )
        if values["unit"] == ChecklistItem.Unit.BOOLEAN:
            check(values["threshold"] in ("yes", "no"), record, "a boolean threshold is yes or no", code=code)
        rows.append(values)
    return rows


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
