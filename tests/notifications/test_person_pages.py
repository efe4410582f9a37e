"""Staff's "Calls to make" and "Letters to print": lists, logging a call, the printable letter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cities.models import CityProfile
from cities.tenancy import city_context
from notifications.models import CallLog, PersonMessage
from notifications.services import person_message_send

pytestmark = pytest.mark.django_db

CONTEXT = {
    "vacancy_title": "Staf administrasi",
    "employer_name": "PT Sinar Nusantara",
    "interview_at": "2026-12-14T02:00:00+00:00",
    "interview_place": "Jl. Merdeka 1",
    "accommodations": ["Juru bahasa isyarat"],
}


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("notifications.outbox.publish", lambda *args, **kwargs: True)


def _message(city, actor, person, *, channel, key, phone="+6281234567890"):
    with city_context(city):
        return person_message_send(
            actor=actor,
            kind="interview_scheduled",
            job_seeker_id=person.pk,
            channel=channel,
            name=person.name,
            phone=phone,
            email="",
            context=CONTEXT,
            dedupe_key=key,
        ).message


def test_the_staff_home_links_the_lists_with_their_counts(client, city_a, staff_a, walk_in_a):
    _message(city_a, staff_a, walk_in_a, channel="phone", key="a")
    _message(city_a, staff_a, walk_in_a, channel="visit", key="b")
    _message(city_a, staff_a, walk_in_a, channel="visit", key="c")
    client.force_login(staff_a)
    page = client.get(reverse("dashboards:home-staff")).content.decode()
    assert reverse("notifications:calls") in page and "Calls to make: 1 person to call" in page
    assert reverse("notifications:letters") in page and "Letters to print: 2 letters" in page


def test_a_call_shows_the_script_and_not_reached_keeps_it_in_the_list(client, city_a, staff_a, walk_in_a):
    message = _message(city_a, staff_a, walk_in_a, channel="phone", key="a")
    client.force_login(staff_a)
    listing = client.get(reverse("notifications:calls")).content.decode()
    assert f"Call {walk_in_a.name}" in listing and reverse("notifications:call", kwargs={"pk": message.pk}) in listing

    url = reverse("notifications:call", kwargs={"pk": message.pk})
    page = client.get(url).content.decode()
    assert message.script in page.replace("&#x27;", "'")
    assert "WIB" in page and "+6281234567890" in page
    assert reverse("jobseekers:case", kwargs={"pk": walk_in_a.pk}) in page

    response = client.post(url, {"outcome": "not_reached", "note": "Tidak diangkat", "called_at": "2026-12-01T10:00"})
    assert response.status_code == 302
    listing = client.get(reverse("notifications:calls")).content.decode()
    assert f"Call {walk_in_a.name}" in listing and "1 call, last on 1 December 2026, 10:00" in listing

    client.post(url, {"outcome": "reached", "note": "", "called_at": "2026-12-01T11:00"})
    assert "There are no calls to make." in client.get(reverse("notifications:calls")).content.decode()
    with city_context(city_a):
        logs = list(CallLog.objects.order_by("called_at").values_list("outcome", "called_by_id"))
    assert logs == [("not_reached", staff_a.pk), ("reached", staff_a.pk)]
    page = client.get(url).content.decode()
    assert "This call is done" in page and "Tidak diangkat" in page


def test_a_call_form_with_errors_keeps_what_was_typed(client, city_a, staff_a, walk_in_a):
    message = _message(city_a, staff_a, walk_in_a, channel="phone", key="a")
    client.force_login(staff_a)
    url = reverse("notifications:call", kwargs={"pk": message.pk})
    typed = {"called_at_0": "1", "called_at_1": "1", "called_at_2": "2999", "called_at_3": "10.00"}
    response = client.post(url, {"note": "Nomor sibuk", **typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nomor sibuk" in page
    assert all(f'name="{name}" value="{value}"' in page for name, value in typed.items())
    assert "The call cannot be in the future." in page and "This field is required." in page
    with city_context(city_a):
        assert not CallLog.objects.exists()
    assert client.post(url, {"outcome": "maybe", "called_at": "nonsense"}).status_code == 200


def test_the_letter_is_printable_with_the_citys_header_and_marked_printed(client, city_a, staff_a, walk_in_a):
    with city_context(city_a):
        CityProfile.objects.update_or_create(
            city=city_a, defaults={"address": "Jl. Balai Kota 1", "phone": "0271123456"}
        )
    message = _message(city_a, staff_a, walk_in_a, channel="visit", key="a")
    client.force_login(staff_a)
    listing = client.get(reverse("notifications:letters")).content.decode()
    url = reverse("notifications:letter", kwargs={"pk": message.pk})
    assert url in listing
    page = client.get(url).content.decode()
    assert "notifications-letter.css" in page
    assert "Jl. Balai Kota 1" in page and "0271123456" in page and "Kota Alpha" in page
    assert 'lang="id"' in page and "Halo" in page and "pukul 09.00 WIB" in page

    response = client.post(reverse("notifications:letter-printed", kwargs={"pk": message.pk}))
    assert response.status_code == 302
    assert "There are no letters to print." in client.get(reverse("notifications:letters")).content.decode()
    assert "Printed on" in client.get(url).content.decode()
    with city_context(city_a):
        assert PersonMessage.objects.get(pk=message.pk).done_by_id == staff_a.pk


def test_staff_of_another_city_get_404_for_a_call_or_a_letter(client, city_a, staff_a, staff_b, walk_in_a):
    call = _message(city_a, staff_a, walk_in_a, channel="phone", key="a")
    letter = _message(city_a, staff_a, walk_in_a, channel="visit", key="b")
    client.force_login(staff_b)
    assert client.get(reverse("notifications:call", kwargs={"pk": call.pk})).status_code == 404
    assert client.post(reverse("notifications:call", kwargs={"pk": call.pk}), {"outcome": "reached"}).status_code == 404
    assert client.get(reverse("notifications:letter", kwargs={"pk": letter.pk})).status_code == 404
    assert client.post(reverse("notifications:letter-printed", kwargs={"pk": letter.pk})).status_code == 404
    assert "There are no calls to make." in client.get(reverse("notifications:calls")).content.decode()
    assert "There are no letters to print." in client.get(reverse("notifications:letters")).content.decode()
    with city_context(city_a):
        assert PersonMessage.objects.filter(done_at=None).count() == 2


def test_bad_ids_are_404_not_500(client, city_a, staff_a, walk_in_a):
    call = _message(city_a, staff_a, walk_in_a, channel="phone", key="a")
    letter = _message(city_a, staff_a, walk_in_a, channel="visit", key="b")
    client.force_login(staff_a)
    assert client.get(reverse("notifications:call", kwargs={"pk": letter.pk})).status_code == 404
    assert client.get(reverse("notifications:letter", kwargs={"pk": call.pk})).status_code == 404
    assert client.post(reverse("notifications:letter-printed", kwargs={"pk": call.pk})).status_code == 404
    assert client.get(reverse("notifications:call", kwargs={"pk": 999999})).status_code == 404
    assert client.get("/petugas/surat/99999999999999999999999/").status_code == 404


def test_people_who_are_not_staff_cannot_open_the_lists(client, city_a, seeker_a):
    client.force_login(seeker_a.user)
    assert client.get(reverse("notifications:calls")).status_code == 403
    assert client.get(reverse("notifications:letters")).status_code == 403


def test_a_call_is_typed_and_shown_on_the_citys_clock(client, city_a, staff_a, walk_in_a):
    city_a.timezone = "Asia/Makassar"  # WITA, UTC+8
    city_a.save(update_fields=["timezone"])
    message = _message(city_a, staff_a, walk_in_a, channel="phone", key="a")
    client.force_login(staff_a)
    url = reverse("notifications:call", kwargs={"pk": message.pk})
    assert "pukul 10.00 WITA" in client.get(url).content.decode()  # 02:00 UTC in the script
    client.post(url, {"outcome": "not_reached", "called_at": "2026-12-01T10:00"})
    with city_context(city_a):
        called_at = CallLog.objects.get().called_at
    assert called_at.isoformat() == "2026-12-01T02:00:00+00:00"
    assert "1 call, last on 1 December 2026, 10:00" in client.get(reverse("notifications:calls")).content.decode()
