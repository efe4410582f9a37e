"""``manage.py load_cities``: 38 provinces, 98 kota, idempotent, never touches ``is_active``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cities.models import City, Province
from tests.reference.datacopy import copy_data, edit_csv_row

pytestmark = pytest.mark.django_db

JAKARTA = {
    "31.71": "Kota Administrasi Jakarta Pusat",
    "31.72": "Kota Administrasi Jakarta Utara",
    "31.73": "Kota Administrasi Jakarta Barat",
    "31.74": "Kota Administrasi Jakarta Selatan",
    "31.75": "Kota Administrasi Jakarta Timur",
}


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_cities", *args, stdout=out)
    return out.getvalue()


def snapshot() -> tuple[list, list]:
    return list(Province.objects.order_by("pk").values()), list(City.objects.order_by("pk").values())


@pytest.fixture
def data_copy(tmp_path):
    return copy_data(tmp_path)


def test_it_loads_all_38_provinces_and_98_kota():
    output = load()

    assert Province.objects.count() == 38
    assert City.objects.count() == 98
    assert "provinces      38 in file: 38 created" in output
    assert "cities (kota)  98 in file: 98 created" in output


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert (Province.objects.count(), City.objects.count()) == (38, 98)
    assert "38 in file: 0 created, 0 updated, 38 unchanged" in output
    assert "98 in file: 0 created, 0 updated, 98 unchanged" in output


def test_new_cities_start_inactive_and_a_reload_keeps_the_admins_choice():
    load()
    assert not City.objects.filter(is_active=True).exists()
    City.objects.filter(code="12.73").update(is_active=True, name="Sibolga (edited)")

    load()

    sibolga = City.objects.get(code="12.73")
    assert sibolga.is_active is True
    assert sibolga.name == "Kota Sibolga"  # the file's fields are restored, is_active is not touched
    assert City.objects.filter(is_active=True).count() == 1


def test_kota_sibolga_keeps_its_kemendagri_and_bps_codes_apart():
    load()

    sibolga = City.objects.select_related("province").get(code="12.73")

    assert sibolga.bps_code == "1271"
    assert sibolga.name == "Kota Sibolga"
    assert sibolga.slug == "kota-sibolga"
    assert sibolga.province.name == "Sumatera Utara"
    assert sibolga.timezone == "Asia/Jakarta"
    assert sibolga.is_autonomous is True
    assert City.objects.get(code="12.71").bps_code == "1275"  # Kota Medan


def test_the_five_jakarta_kota_administrasi_exist_and_are_not_autonomous():
    load()

    jakarta = City.objects.filter(province__code="31")

    assert dict(jakarta.values_list("code", "name")) == JAKARTA
    assert not jakarta.filter(is_autonomous=True).exists()
    assert City.objects.filter(is_autonomous=False).count() == 5
    assert City.objects.get(code="31.71").slug == "kota-jakarta-pusat"


def test_each_kota_gets_its_provinces_time_zone_and_papuan_bps_codes_differ():
    load()

    assert City.objects.get(name="Kota Jayapura").timezone == "Asia/Jayapura"
    assert City.objects.get(name="Kota Makassar").timezone == "Asia/Makassar"
    assert City.objects.get(name="Kota Pontianak").timezone == "Asia/Pontianak"  # WIB, but its own tz entry
    assert set(City.objects.values_list("timezone", flat=True)) == {
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Jayapura",
    }
    assert Province.objects.get(code="91").bps_code == "94"  # Papua


@pytest.mark.parametrize(
    ("file", "code", "changes", "message"),
    [
        ("province_timezones.csv", "12", {"timezone": "Asia/Medan"}, "'Asia/Medan' is not a known time zone"),
        ("regions_kota.csv", "12.73", {"province_code": "13"}, "code is not in province 13"),
        ("regions_kota.csv", "12.73", {"is_autonomous": "ya"}, "is_autonomous must be true or false"),
        ("apeksi_members.csv", "12.73", {"bps_code": "1273"}, "bps_code '1273' differs from regions_kota.csv line"),
        ("provinces.csv", "12", {"bps_code": "1"}, "bps_code has two digits"),
    ],
)
def test_a_bad_row_names_file_and_line_and_writes_nothing(data_copy, file, code, changes, message):
    line = edit_csv_row(data_copy / file, "code", code, **changes)

    with pytest.raises(CommandError) as raised:
        load("--data-dir", str(data_copy))

    assert f"{file}, line {line} ({code}): " in str(raised.value)
    assert message in str(raised.value)
    assert (Province.objects.count(), City.objects.count()) == (0, 0)


def test_a_bad_row_leaves_an_earlier_load_exactly_as_it_was(data_copy):
    load()
    City.objects.filter(code="31.71").update(is_active=True)
    before = snapshot()
    edit_csv_row(data_copy / "provinces.csv", "code", "11", name="Aceh Darussalam")  # valid change...
    edit_csv_row(data_copy / "regions_kota.csv", "code", "96.71", type="kabupaten")  # ...and a bad row

    with pytest.raises(CommandError, match=r"regions_kota\.csv, line 99 \(96\.71\): type must be kota"):
        load("--data-dir", str(data_copy))

    assert snapshot() == before
