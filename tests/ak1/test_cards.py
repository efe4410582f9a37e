"""AK/1 cards (Permenaker 39/2016): issue, validity for two years, the four six-monthly report boxes,
renewal, "placed" on a placement, the printable card and PDF, and the public verification page that
shows nothing personal beyond initials."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from ak1 import selectors, services
from ak1.models import Card, CardSettings, Report
from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from tests import personas

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 8)


@pytest.fixture(autouse=True)
def english():
    """The services' messages are matched in English (the source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    with (
        mock.patch("ak1.services.city_today", return_value=TODAY),
        mock.patch("ak1.views.city_today", return_value=TODAY),
    ):
        yield TODAY


@pytest.fixture
def person(city_a):
    return personas.walk_in(
        city_a, name="Siti Nurhaliza", nik="3273014507950002", birth_date=datetime.date(1995, 7, 5), gender="female"
    )


def issue(city, person, officer, **kwargs) -> Card:
    with city_context(city):
        return services.issue(person, officer=officer, **kwargs)


def test_a_card_is_valid_for_two_years_with_four_report_boxes_six_months_apart(city_a, staff_a, person, today):
    card = issue(city_a, person, staff_a, birth_place="Bandung")
    assert card.issued_on == TODAY and card.expires_on == datetime.date(2028, 12, 8)
    assert [card.box_due_on(box) for box in range(1, 5)] == [
        datetime.date(2027, 6, 8),
        datetime.date(2027, 12, 8),
        datetime.date(2028, 6, 8),
        datetime.date(2028, 12, 8),
    ]
    assert card.status(TODAY) == Card.Status.VALID
    assert card.status(datetime.date(2028, 12, 9)) == Card.Status.EXPIRED
    with city_context(city_a):
        person.refresh_from_db()
    assert person.ak1_number == card.number


def test_numbers_follow_the_citys_format_and_run_per_year(city_a, staff_a, person, today):
    with city_context(city_a):
        CardSettings.objects.create(number_format="AK1/{kode_kota}/{tahun}/{bulan}/{urut:04}")
    first = issue(city_a, person, staff_a)
    second_person = personas.walk_in(city_a, name="Budi Santoso")
    second = issue(city_a, second_person, staff_a)
    code = city_a.code.replace(".", "")
    assert first.number == f"AK1/{code}/2026/12/0001"
    assert second.number == f"AK1/{code}/2026/12/0002"


@pytest.mark.parametrize(
    "value", ["{urut}{urut}", "{nama}-{urut}", "{kode_kota}-{tahun}", "{urut:abc}", "AK 1/{urut}", "{urut"]
)
def test_a_number_format_that_cannot_make_unique_plain_numbers_is_refused(value):
    with pytest.raises(ValidationError):
        services.validate_number_format(value)


def test_a_second_valid_card_is_refused_and_renewal_opens_30_days_before_expiry(city_a, staff_a, person, today):
    card = issue(city_a, person, staff_a)
    with pytest.raises(ValidationError, match="already holds a valid card"):
        issue(city_a, person, staff_a)
    with city_context(city_a), pytest.raises(ValidationError, match="can be renewed from"):
        services.renew(card, officer=staff_a)
    later = datetime.date(2028, 11, 20)
    with mock.patch("ak1.services.city_today", return_value=later), city_context(city_a):
        new = services.renew(card, officer=staff_a)
        assert Card.objects.get(pk=card.pk).status(later) == Card.Status.RENEWED
        assert new.renews == card and new.issued_on == later and new.number != card.number
        with pytest.raises(ValidationError, match="already renewed"):
            services.renew(card, officer=staff_a)


def test_reports_fill_the_boxes_in_order_only_on_a_valid_card_and_never_a_fifth(city_a, staff_a, person, today):
    card = issue(city_a, person, staff_a)
    with city_context(city_a):
        with pytest.raises(ValidationError) as future:
            services.record_report(card, officer=staff_a, reported_on=TODAY + datetime.timedelta(days=1))
        assert "reported_on" in future.value.error_dict
        with pytest.raises(ValidationError):
            services.record_report(card, officer=staff_a, reported_on=TODAY - datetime.timedelta(days=1))
        boxes = [services.record_report(card, officer=staff_a, reported_on=TODAY).box for _ in range(4)]
        assert boxes == [1, 2, 3, 4]
        with pytest.raises(ValidationError, match="All four"):
            services.record_report(card, officer=staff_a, reported_on=TODAY)
        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.create(card=card, box=5, reported_on=TODAY)
    with mock.patch("ak1.services.city_today", return_value=datetime.date(2029, 1, 1)), city_context(city_a):
        other = services.renew(card, officer=staff_a)
        with pytest.raises(ValidationError, match="only on a valid card"):
            services.record_report(card, officer=staff_a, reported_on=datetime.date(2029, 1, 1))
        assert other.status(datetime.date(2029, 1, 1)) == Card.Status.VALID


def test_the_due_list_holds_valid_cards_whose_next_box_falls_due_this_month(city_a, staff_a, person, today):
    due = issue(city_a, person, staff_a, issued_on=datetime.date(2026, 6, 15))  # box 1 due 15 Dec 2026
    later = issue(city_a, personas.walk_in(city_a, name="Budi Santoso"), staff_a)  # box 1 due June 2027
    overdue_person = personas.walk_in(city_a, name="Wayan Sudarta")
    overdue = issue(city_a, overdue_person, staff_a, issued_on=datetime.date(2025, 1, 10))  # box 1 Jul 2025
    with city_context(city_a):
        services.record_report(overdue, officer=staff_a, reported_on=datetime.date(2025, 7, 10))  # box 2: Jan 2026
        listed = list(selectors.due_to_report(TODAY))
        assert [card.pk for card in listed] == [overdue.pk, due.pk]
        assert listed[0].next_due == datetime.date(2026, 1, 10) and listed[1].next_due == datetime.date(2026, 12, 15)
        services.record_report(due, officer=staff_a, reported_on=TODAY)
        assert [card.pk for card in selectors.due_to_report(TODAY)] == [overdue.pk]
    assert later.pk not in [card.pk for card in listed]


def test_a_placement_marks_the_card_placed(city_a, staff_a, person, today):
    card = issue(city_a, person, staff_a)
    with city_context(city_a):
        services.mark_placed(person, placed_on=TODAY + datetime.timedelta(days=3))
        card.refresh_from_db()
        assert card.status(TODAY) == Card.Status.PLACED
        with pytest.raises(ValidationError, match="only on a valid card"):
            services.record_report(card, officer=staff_a, reported_on=TODAY)
        renewed = services.renew(card, officer=staff_a)  # the person looks for work again
        assert renewed.status(TODAY) == Card.Status.VALID


def test_the_placement_service_marks_the_card(city_a, staff_a, person, today):
    card = issue(city_a, person, staff_a)
    from placements import signals

    placement = mock.Mock(start_date=TODAY, referral=mock.Mock(job_seeker=person))
    with city_context(city_a):
        signals.placement_made.send(sender=None, placement=placement, actor=staff_a)
        card.refresh_from_db()
    assert card.placed_on == TODAY


def test_the_officer_issues_records_and_prints_by_pages(client, city_a, staff_a, person, today):
    client.force_login(staff_a)
    url = reverse("ak1:person", kwargs={"pk": person.pk})
    page = client.get(url)
    assert page.status_code == 200 and 'value="issue"' in page.content.decode()
    response = client.post(url, {"action": "issue", "issue-birth_place": "Bandung"})
    assert response.status_code == 302
    with city_context(city_a):
        card = Card.objects.get(job_seeker=person)
    bad = client.post(
        url,
        {
            "action": "report",
            "report-reported_on_0": "9",
            "report-reported_on_1": "12",
            "report-reported_on_2": "2026",
            "report-situation": "seeking",
        },
    )
    assert bad.status_code == 400 and 'value="9"' in bad.content.decode()  # what was typed is kept
    good = client.post(
        url,
        {
            "action": "report",
            "report-reported_on_0": "8",
            "report-reported_on_1": "12",
            "report-reported_on_2": "2026",
            "report-situation": "working",
            "report-note": "Magang",
        },
    )
    assert good.status_code == 302
    printed = client.get(reverse("ak1:print", kwargs={"pk": card.pk})).content.decode()
    for shown in (card.number, "3273014507950002", "Siti Nurhaliza", "Bandung", "data:image/svg+xml;base64,"):
        assert shown in printed
    assert reverse("ak1:verify", kwargs={"city_slug": city_a.slug, "token": card.verification_token}) in printed


def test_the_pdf_is_a_pdf(client, city_a, staff_a, person, today):
    card = issue(city_a, person, staff_a, birth_place="Bandung")
    client.force_login(staff_a)
    response = client.get(reverse("ak1:pdf", kwargs={"pk": card.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000


def test_verification_shows_validity_and_initials_only(client, city_a, city_b, staff_a, person, today):
    card = issue(city_a, person, staff_a, birth_place="Bandung")
    url = reverse("ak1:verify", kwargs={"city_slug": city_a.slug, "token": card.verification_token})
    html = client.get(url).content.decode()
    assert card.number in html and "S.N." in html
    for personal in ("Siti", "Nurhaliza", "3273014507950002", "Bandung", "1995"):
        assert personal not in html
    other_city = reverse("ak1:verify", kwargs={"city_slug": city_b.slug, "token": card.verification_token})
    assert client.get(other_city).status_code == 404
    assert client.get(url.replace(card.verification_token, "x" * 24)).status_code == 404


def test_the_holder_sees_and_downloads_their_card(client, city_a, staff_a, seeker_a, today):
    client.force_login(seeker_a.user)
    assert client.get(reverse("ak1:mine")).status_code == 200
    assert client.get(reverse("ak1:mine-pdf")).status_code == 404
    card = issue(city_a, seeker_a.record, staff_a)
    assert card.number in client.get(reverse("ak1:mine")).content.decode()
    assert client.get(reverse("ak1:mine-pdf"))["Content-Type"] == "application/pdf"


def test_another_citys_staff_cannot_reach_the_card(client, city_a, staff_a, staff_b, person, today):
    card = issue(city_a, person, staff_a)
    client.force_login(staff_b)
    assert client.get(reverse("ak1:print", kwargs={"pk": card.pk})).status_code == 404
    assert client.get(reverse("ak1:person", kwargs={"pk": person.pk})).status_code == 404


def test_city_admin_sets_the_number_format_and_a_bad_one_is_explained(client, city_a, city_admin_a, today):
    client.force_login(city_admin_a)
    url = reverse("ak1:settings")
    bad = client.post(url, {"number_format": "{nama}", "office_name": "Disnaker"})
    assert bad.status_code == 400 and "{nama}" in bad.content.decode()
    assert (
        client.post(url, {"number_format": "{tahun}-{urut:05}", "office_name": "Disnaker Kota Alpha"}).status_code
        == 302
    )
    with city_context(city_a):
        assert CardSettings.objects.get().office_name == "Disnaker Kota Alpha"


def test_a_deletion_carried_out_deletes_the_cards(client, city_a, staff_a, person, today):
    from jobseekers.services import jobseeker_anonymise

    card = issue(city_a, person, staff_a, birth_place="Bandung")
    with city_context(city_a):
        services.record_report(card, officer=staff_a, reported_on=TODAY)
        jobseeker_anonymise(actor=staff_a, job_seeker=person)
        assert not Card.objects.filter(pk=card.pk).exists() and not Report.objects.exists()
    url = reverse("ak1:verify", kwargs={"city_slug": city_a.slug, "token": card.verification_token})
    assert client.get(url).status_code == 404


REGISTRATION = {
    "name": "Budi Santoso",
    "referral_source": "walk_in",
    "consents": ["matching"],
    "consent_channel": "in_person",
    "basis": "read_aloud",
}


def test_a_walk_in_who_wants_the_card_goes_from_registration_to_the_card_page(client, city_a, staff_a, partner_a):
    client.force_login(staff_a)
    page = client.get(reverse("jobseekers:register")).content.decode()
    assert 'name="wants_ak1"' in page
    response = client.post(reverse("jobseekers:register"), {**REGISTRATION, "wants_ak1": "on"})
    with city_context(city_a):
        seeker = JobSeeker.objects.get(name="Budi Santoso")
    assert response.status_code == 302
    assert response["Location"] == reverse("ak1:person", kwargs={"pk": seeker.pk}) + "#issue-title"
    without = client.post(reverse("jobseekers:register"), {**REGISTRATION, "name": "Dewi Lestari"})
    assert "kartu-ak1" not in without["Location"]
    client.force_login(partner_a.user)
    assert 'name="wants_ak1"' not in client.get(reverse("jobseekers:register")).content.decode()
