"""City profile (issue 10, item 5): the city admin's form, the snapshot for APEKSI, the public contact part."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from cities.forms import CityPartnerFormSet, CityProfileForm
from cities.models import CityOwnedModel, CityPartner, CityProfile, CityProfileSnapshot, QuotaStatus, quota_required
from cities.profiles import city_profile_save
from cities.tenancy import city_context
from tests.employers.conftest import make_member
from tests.factories import CityFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db

EDIT = "city_profile:edit"


@pytest.fixture(autouse=True)
def _english_pages(settings):
    """These tests read English wording: pages in English too (Indonesian is the default)."""
    settings.LANGUAGE_CODE = "en"


def management(total: int = 3, initial: int = 0) -> dict:
    return {
        "partners-TOTAL_FORMS": str(total),
        "partners-INITIAL_FORMS": str(initial),
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "100",
    }


def valid_data(**changes) -> dict:
    data = {
        "uld_established": "on",
        "uld_established_on": "2021-03-15",
        "uld_decree_number": "188.45/123/2021",
        "has_perda": "on",
        "perda_title": "Perda Pelindungan dan Pemenuhan Hak Penyandang Disabilitas",
        "perda_number": "5",
        "perda_year": "2019",
        "perda_employment_articles": "Pasal 20-24: hak atas pekerjaan",
        "budget_line": "Program Pelatihan Kerja dan Produktivitas",
        "budget_amount": "250000000",
        "budget_year": "2026",
        "staff_count": "4",
        "government_headcount": "1000",
        "government_with_disabilities": "21",
        "government_as_of": "2026-06-30",
        "bumd_headcount": "200",
        "bumd_with_disabilities": "3",
        "bumd_as_of": "2026-06-30",
        "address": "Jl. Merdeka 1, Kota Alpha",
        "opening_hours": "Senin-Jumat 08.00-16.00 WIB",
        "phone": "0271 123 456",
        "whatsapp": "0812 3456 7890",
        "sms": "0812 3456 7891",
        "email": "ijc@alpha.go.id",
        "sign_language_video_call": "on",
        "video_call_details": "Video call WhatsApp 0812 3456 7890, Senin-Jumat",
        **management(),
        "partners-0-name": "Persatuan Tunanetra Alpha",
        "partners-0-kind": "opdis",
        "partners-1-name": "BLK Kota Alpha",
        "partners-1-kind": "blk",
        "partners-2-name": "",
        "partners-2-kind": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin_a(city_a):
    return make_member(city_a, Membership.Role.CITY_ADMIN, mfa=True)


@pytest.fixture
def admin_b(city_b):
    return make_member(city_b, Membership.Role.CITY_ADMIN, mfa=True)


@pytest.fixture
def analyst(db):
    user = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(user)
    return user


def test_quota_rule_is_two_percent_rounded_up():
    assert [quota_required(n) for n in (0, 1, 50, 100, 101, 1000)] == [0, 1, 1, 2, 3, 20]


def test_city_admin_saves_profile_partners_and_snapshot(client, city_a, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse(EDIT)).status_code == 200
    response = client.post(reverse(EDIT), valid_data())
    assert response.status_code == 302
    with city_context(city_a):
        profile = CityProfile.objects.get()
        assert profile.updated_by == admin_a
        assert profile.budget_amount == 250_000_000
        assert profile.government_quota_status == QuotaStatus.MET  # 21 >= 20
        assert profile.bumd_quota_status == QuotaStatus.SHORTFALL  # 3 < 4
        assert sorted(CityPartner.objects.values_list("kind", "name")) == [
            ("blk", "BLK Kota Alpha"),
            ("opdis", "Persatuan Tunanetra Alpha"),
        ]
    snapshot = CityProfileSnapshot.objects.get(for_city=city_a)
    assert snapshot.uld_established and snapshot.uld_established_on == datetime.date(2021, 3, 15)
    assert snapshot.has_perda and (snapshot.perda_number, snapshot.perda_year) == ("5", 2019)
    assert snapshot.perda_has_employment_articles and snapshot.has_budget_line
    assert (snapshot.partners_opdis, snapshot.partners_blk, snapshot.partner_count) == (1, 1, 2)
    assert snapshot.staff_count == 4 and snapshot.government_with_disabilities == 21
    assert snapshot.profile_updated_at == profile.updated_at
    # No contact details or editor in the snapshot.
    names = {field.name for field in CityProfileSnapshot._meta.get_fields()}
    assert not names & {"address", "phone", "whatsapp", "sms", "email", "updated_by", "video_call_details"}


def test_snapshot_follows_every_save_and_partner_removal(client, city_a, admin_a):
    client.force_login(admin_a)
    client.post(reverse(EDIT), valid_data())
    with city_context(city_a):
        partners = list(CityPartner.objects.order_by("kind", "name"))
    data = valid_data(
        has_perda=None,
        perda_title="",
        perda_number="",
        perda_year="",
        perda_employment_articles="",
        staff_count="6",
        **management(total=5, initial=2),
    )
    data.update(
        {
            "partners-0-id": str(partners[0].pk),
            "partners-0-name": partners[0].name,
            "partners-0-kind": partners[0].kind,
            "partners-0-DELETE": "on",
            "partners-1-id": str(partners[1].pk),
            "partners-1-name": partners[1].name,
            "partners-1-kind": partners[1].kind,
            "partners-2-name": "SLB Negeri 1",
            "partners-2-kind": "slb",
        }
    )
    assert client.post(reverse(EDIT), data).status_code == 302
    snapshot = CityProfileSnapshot.objects.get(for_city=city_a)
    assert not snapshot.has_perda and snapshot.perda_number == "" and snapshot.staff_count == 6
    assert (snapshot.partners_blk, snapshot.partners_opdis, snapshot.partners_slb) == (0, 1, 1)


def test_invalid_post_keeps_input_writes_nothing_and_explains(client, city_a, admin_a):
    client.force_login(admin_a)
    data = valid_data(uld_established_on="", government_with_disabilities="1001", whatsapp="call me")
    response = client.post(reverse(EDIT), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There are 3 problems with this form" in html
    assert "Enter the date the ULD was established." in html
    assert "This cannot be more than the number of employees." in html
    assert "Enter a phone number of digits" in html
    assert 'value="BLK Kota Alpha"' in html and 'value="188.45/123/2021"' in html
    with city_context(city_a):
        assert not CityProfile.objects.exists() and not CityPartner.objects.exists()
    assert not CityProfileSnapshot.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"uld_established": None}, "uld_established_on", "Tick"),
        ({"perda_title": ""}, "perda_title", "Enter the title of the Perda."),
        ({"has_perda": None}, "perda_title", "Tick"),
        ({"perda_year": "1900"}, "perda_year", "Enter a year from 1945 to this year."),
        ({"budget_year": ""}, "budget_year", "Enter the budget year of the amount."),
        ({"government_as_of": ""}, "government_as_of", "Enter the date these figures are from."),
        ({"bumd_headcount": ""}, "bumd_headcount", "Enter the number of employees."),
        ({"uld_established_on": "2999-01-01"}, "uld_established_on", "This date is in the future."),
        ({"video_call_details": ""}, "video_call_details", "Say how people can make the video call."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ],
)
def test_form_rules(city_a, changes, field, message):
    with city_context(city_a):
        form = CityProfileForm(valid_data(**changes), instance=CityProfile())
        assert not form.is_valid()
        assert any(message in error for error in form.errors[field]), form.errors


def test_partner_rows_need_a_kind_and_distinct_names(city_a):
    with city_context(city_a):
        missing_kind = CityPartnerFormSet(
            valid_data(**{"partners-2-name": "Yayasan X", "partners-2-kind": ""}),
            queryset=CityPartner.objects.all(),
            prefix="partners",
        )
        assert not missing_kind.is_valid()
        assert "kind" in missing_kind.forms[2].errors
        twice = CityPartnerFormSet(
            valid_data(**{"partners-2-name": "blk kota alpha", "partners-2-kind": "cso"}),
            queryset=CityPartner.objects.all(),
            prefix="partners",
        )
        assert not twice.is_valid()
        assert twice.forms[2].errors["name"] == ["This organisation is listed twice."]


def test_other_city_admin_neither_sees_nor_changes_the_profile(client, city_a, city_b, admin_a, admin_b):
    client.force_login(admin_a)
    client.post(reverse(EDIT), valid_data())
    client.force_login(admin_b)
    page = client.get(reverse(EDIT)).content.decode()
    assert "Jl. Merdeka" not in page and "Persatuan Tunanetra Alpha" not in page
    with city_context(city_a):
        a_partner = CityPartner.objects.first()
    # Posting city A's partner id from city B: the row is not in B's formset queryset, so it is refused.
    data = valid_data(address="Jl. Beta 2", **management(total=3, initial=1))
    data.update({"partners-0-id": str(a_partner.pk), "partners-0-name": "Hijacked", "partners-0-kind": "cso"})
    response = client.post(reverse(EDIT), data)
    assert response.status_code == 200  # the formset rejects an id outside its queryset
    with city_context(city_a):
        assert CityPartner.objects.get(pk=a_partner.pk).name == a_partner.name != "Hijacked"
        assert CityProfile.objects.get().address == "Jl. Merdeka 1, Kota Alpha"
    with city_context(city_b):
        assert not CityProfile.objects.exists()
        # Row-level security: city A's rows are invisible in city B's context even without the ORM filter.
        assert not CityProfile.all_cities.exists() and not CityPartner.all_cities.exists()
    client.post(reverse(EDIT), valid_data(address="Jl. Beta 2", **{"partners-0-name": "OPDis Beta"}))
    assert CityProfileSnapshot.objects.count() == 2
    with city_context(city_a):
        assert CityProfile.objects.get().address == "Jl. Merdeka 1, Kota Alpha"


def test_public_city_page_shows_the_contact_part_when_filled(client, city_a, admin_a):
    page = client.get(reverse("cities:detail", kwargs={"city_slug": city_a.slug})).content.decode()
    assert "will be published here" in page
    with city_context(city_a):
        form = CityProfileForm(valid_data(), instance=CityProfile())
        partners = CityPartnerFormSet(valid_data(), queryset=CityPartner.objects.all(), prefix="partners")
        assert form.is_valid() and partners.is_valid()
        city_profile_save(actor=admin_a, form=form, partners=partners)
    page = client.get(reverse("cities:detail", kwargs={"city_slug": city_a.slug})).content.decode()
    assert "Jl. Merdeka 1, Kota Alpha" in page
    assert "Senin-Jumat 08.00-16.00 WIB" in page
    assert 'href="tel:0271123456"' in page
    assert "0812 3456 7890" in page and "0812 3456 7891" in page
    assert 'href="mailto:ijc@alpha.go.id"' in page
    assert "Video call with a sign-language interpreter" in page
    # The policy part stays off the public page.
    assert "250000000" not in page and "188.45/123/2021" not in page


def _fill(city, user, **changes):
    with city_context(city):
        form = CityProfileForm(valid_data(**changes), instance=CityProfile())
        partners = CityPartnerFormSet(valid_data(**changes), queryset=CityPartner.objects.none(), prefix="partners")
        assert form.is_valid() and partners.is_valid(), (form.errors, partners.errors)
        city_profile_save(actor=user, form=form, partners=partners)


def tenant_tables() -> set[str]:
    from django.apps import apps

    return {model._meta.db_table for model in apps.get_models() if issubclass(model, CityOwnedModel)}


def test_apeksi_page_side_by_side_in_constant_queries_without_tenant_tables(
    client, city_a, city_b, admin_a, admin_b, analyst, django_assert_num_queries
):
    _fill(city_a, admin_a)
    client.force_login(analyst)
    url = reverse("city_profile:apeksi")
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert city_a.name in html and city_b.name in html
    assert "profile not filled in" in html
    assert "1 of 2 cities have filled in their profile." in html
    assert "Cities with a ULD Ketenagakerjaan: 1." in html and "Cities with a Perda on disability rights: 1." in html
    assert "Cities with at least one partner organisation: 1." in html
    assert "meets the 2% quota" in html and "below the 2% quota" in html
    assert "2.1%" in html  # 21 of 1,000 city government employees
    assert 'role="img"' in html  # the staff map
    # More cities, more snapshots: the same number of queries.
    _fill(city_b, admin_b, bumd_with_disabilities="0")
    for _ in range(3):
        CityFactory()
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
    sql = " ".join(query["sql"] for query in first.captured_queries)
    touched = set(re.findall(r'"([a-z_]+)"\.', sql)) | set(re.findall(r'FROM "([a-z_]+)"', sql))
    assert "cities_cityprofilesnapshot" in touched
    assert not touched & tenant_tables(), touched & tenant_tables()


def test_bumd_percentage_is_hidden_when_it_would_reveal_1_to_4_people(client, city_a, admin_a, analyst):
    _fill(city_a, admin_a)  # BUMD: 3 of 200
    client.force_login(analyst)
    response = client.get(reverse("city_profile:apeksi-export"), {"table": "city-profiles", "format": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, next(line for line in lines if line.startswith(city_a.name)).split(","), strict=False))
    assert row["City government: employees with disabilities"] == "2.1"
    assert row["BUMD: employees with disabilities"] == ""
    assert row["BUMD quota (2%)"] == "below the 2% quota"
    assert row["ULD since"] == "2021-03-15"
    assert row["Budget (Rp)"] == "250000000"


def test_apeksi_export_formats_and_unknown_table(client, city_a, admin_a, analyst):
    _fill(city_a, admin_a)
    client.force_login(analyst)
    url = reverse("city_profile:apeksi-export")
    xlsx = client.get(url, {"table": "city-profiles", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get(url, {"table": "other", "format": "csv"}).status_code == 404
    assert client.get(url, {"table": "city-profiles", "format": "pdf"}).status_code == 404


def test_roles_cannot_cross(client, admin_a, analyst):
    client.force_login(admin_a)
    assert client.get(reverse("city_profile:apeksi")).status_code == 403
    client.force_login(analyst)
    assert client.get(reverse(EDIT)).status_code == 403


def test_saved_profile_is_in_the_audit_trail(client, city_a, admin_a):
    from accounts.models import AuditLogEntry

    client.force_login(admin_a)
    client.post(reverse(EDIT), valid_data())
    with city_context(city_a):
        profile = CityProfile.objects.get()
        entries = AuditLogEntry.objects.filter(content_type__model="cityprofile", object_pk=str(profile.pk))
        assert entries.count() == 1
        assert entries.get().actor == admin_a
    assert timezone.now() >= profile.updated_at


def test_error_page_title_says_error_once(client, admin_a):
    client.force_login(admin_a)
    form_error = client.post(reverse(EDIT), valid_data(whatsapp="call me")).content.decode()
    assert "<title>Error: City profile" in form_error and "Error: Error:" not in form_error
    partner_error = client.post(reverse(EDIT), valid_data(**{"partners-2-name": "Yayasan X"})).content.decode()
    assert "<title>Error: City profile" in partner_error
