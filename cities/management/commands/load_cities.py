"""``python manage.py load_cities [--data-dir DIR]``: the 38 provinces and 98 kota, all or nothing.

Files (in ``reference/data/`` by default; sources in its SOURCES.md):

* ``provinces.csv``: code (Kemendagri, ``12``), bps_code, name;
* ``province_timezones.csv``: code and timezone (IANA) of every province under Keppres 41/1987
  (WIB ``Asia/Jakarta`` or ``Asia/Pontianak``, WITA ``Asia/Makassar``, WIT ``Asia/Jayapura``);
* ``regions_kota.csv``: code (Kemendagri, ``12.73``), bps_code (``1271``), name, province_code,
  type (must be ``kota``), is_autonomous. Each kota gets its province's time zone; the file's own
  ``timezone`` column is not read;
* ``apeksi_members.csv``: code and slug (the tenant's URL slug) of every APEKSI member; it must
  list the same kota as ``regions_kota.csv`` with the same BPS code, name and autonomy.

Rows are matched on the Kemendagri code, so a second run changes nothing. ``City.is_active`` is
never written: whether a city runs its IJC on the portal is an admin decision (new cities start
inactive, the model default). Rows no longer in the files are kept and reported.
"""

from __future__ import annotations

import time
import zoneinfo
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cities.models import City, Province
from reference.datafiles import (
    DataFileError,
    SyncCounts,
    check,
    ids_by_code,
    parse_bool,
    read_csv,
    sync_rows,
    unique_codes,
    validate,
)
from reference.services import default_data_dir

PROVINCES_FILE = "provinces.csv"
KOTA_FILE = "regions_kota.csv"
ZONES_FILE = "province_timezones.csv"
APEKSI_FILE = "apeksi_members.csv"

CITY_FIELDS = ["bps_code", "name", "province_id", "slug", "timezone", "is_autonomous"]  # never is_active


def read_provinces(data_dir: Path) -> list[dict[str, Any]]:
    records = read_csv(data_dir / PROVINCES_FILE, ["code", "bps_code", "name"])
    unique_codes((record, record["code"]) for record in records)
    rows = []
    for record in records:
        code = record["code"]
        values = {"code": code, "bps_code": record["bps_code"], "name": record["name"]}
        for column in ("code", "bps_code"):
            check(len(values[column]) == 2 and values[column].isdigit(), record, f"{column} has two digits", code=code)
        check(values["name"] != "", record, "name is empty", code=code)
        validate(Province, values, record, code=code)
        rows.append(values)
    return rows


def read_province_zones(data_dir: Path, province_codes: set[str]) -> dict[str, str]:
    """Province code -> IANA time zone, from ``province_timezones.csv``: one known zone per province."""
    records = read_csv(data_dir / ZONES_FILE, ["code", "timezone"])
    unique_codes((record, record["code"]) for record in records)
    # The model's validate_timezone rescans the zone database per call (~10 ms); check once here.
    known = zoneinfo.available_timezones()
    zones = {}
    for record in records:
        code, zone = record["code"], record["timezone"]
        check(code in province_codes, record, f"{code!r} is not a province of {PROVINCES_FILE}", code=code)
        check(zone in known, record, f"{zone!r} is not a known time zone", code=code)
        zones[code] = zone
    for code in sorted(province_codes - zones.keys()):
        raise DataFileError(data_dir / ZONES_FILE, f"province {code} has no time zone", code=code)
    return zones


def read_kota(data_dir: Path, province_zones: dict[str, str]) -> list[dict[str, Any]]:
    """The kota of ``regions_kota.csv`` with their slugs from ``apeksi_members.csv``, cross-checked,
    each with its province's time zone."""
    records = read_csv(data_dir / KOTA_FILE, ["code", "bps_code", "name", "province_code", "type", "is_autonomous"])
    province_codes = set(province_zones)
    unique_codes((record, record["code"]) for record in records)
    members = read_csv(data_dir / APEKSI_FILE, ["code", "bps_code", "name", "is_autonomous", "slug"])
    unique_codes((member, member["code"]) for member in members)
    unique_codes((member, member["slug"]) for member in members)
    by_code = {member["code"]: member for member in members}

    rows = []
    for record in records:
        code = record["code"]
        check(record["type"] == "kota", record, f"type must be kota, got {record['type']!r}", code=code)
        province_code = record["province_code"]
        check(province_code in province_codes, record, f"province_code {province_code!r} is not a province", code=code)
        check(code.startswith(f"{province_code}."), record, f"code is not in province {province_code}", code=code)
        check(len(record["bps_code"]) == 4 and record["bps_code"].isdigit(), record, "bps_code has 4 digits", code=code)
        member = by_code.get(code)
        check(member is not None, record, f"kota is missing from {APEKSI_FILE}", code=code)
        values = {
            "code": code,
            "bps_code": record["bps_code"],
            "name": record["name"],
            "province_code": province_code,
            "slug": member["slug"],
            "timezone": province_zones[province_code],
            "is_autonomous": parse_bool(record, "is_autonomous", code=code),
        }
        for column in ("bps_code", "name"):
            check(
                member[column] == record[column],
                member,
                f"{column} {member[column]!r} differs from {KOTA_FILE} line {record.line} ({record[column]!r})",
                code=code,
            )
        check(
            parse_bool(member, "is_autonomous", code=code) == values["is_autonomous"],
            member,
            f"is_autonomous differs from {KOTA_FILE} line {record.line}",
            code=code,
        )
        validate(City, {k: v for k, v in values.items() if k != "timezone"}, record, code=code)
        rows.append(values)
    kota_codes = {row["code"] for row in rows}
    for member in members:
        check(member["code"] in kota_codes, member, f"not a kota in {KOTA_FILE}", code=member["code"])
    return rows


@transaction.atomic
def cities_load(*, data_dir: Path) -> dict[str, SyncCounts]:
    """Read and check every file, then write provinces and cities in one transaction."""
    provinces = read_provinces(data_dir)
    kota = read_kota(data_dir, read_province_zones(data_dir, {row["code"] for row in provinces}))
    counts = {"provinces": sync_rows(Province.objects.all(), provinces, key=["code"], fields=["bps_code", "name"])}
    province_ids = ids_by_code(Province.objects.all())
    city_rows = [
        {**{k: v for k, v in row.items() if k != "province_code"}, "province_id": province_ids[row["province_code"]]}
        for row in kota
    ]
    counts["cities (kota)"] = sync_rows(City.objects.all(), city_rows, key=["code"], fields=CITY_FIELDS)
    return counts


class Command(BaseCommand):
    help = (
        "Load the 38 provinces and 98 kota (Kemendagri and BPS codes, slugs, time zones) into "
        "cities.Province / cities.City. Idempotent; never changes City.is_active."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=(
                f"Directory holding {PROVINCES_FILE}, {ZONES_FILE}, {KOTA_FILE} and {APEKSI_FILE} "
                f"(default: {default_data_dir()})."
            ),
        )

    def handle(self, *args, data_dir: Path | None, **options):
        started = time.monotonic()
        try:
            counts = cities_load(data_dir=data_dir or default_data_dir())
        except DataFileError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"{name.ljust(width)}  {count}")
        self.stdout.write(self.style.SUCCESS(f"Provinces and cities loaded in {time.monotonic() - started:.2f} s."))
