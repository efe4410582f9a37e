"""A job seeker's own request for a referral passes an officer: requested → sent on (the employer
sees it from then on, never before: page, API, counts) or declined with a reason the person reads."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.tenancy import city_context
from jobseekers.models import JobSeeker
from placements import selectors, services
from placements.models import MatchSuggestion, Referral
from placements.services import PlacementError

pytestmark = pytest.mark.django_db

SEND = "notifications.services.person_message_send"


def _suggest(person, vacancy):
    return MatchSuggestion.objects.create(
        vacancy=vacancy,
        job_seeker=person,
        score=81,
        components={},
        reasons=[{"code": "occupation", "level": "unit"}, {"code": "education", "fit": "ok"}],
        computed_at=timezone.now(),
    )


@pytest.fixture
def requested(city_a, seeker_a, vacancy_a):
    """``seeker_a`` asked for ``vacancy_a`` (suggested to them) and chose to share their needs."""
    with city_context(city_a), mock.patch(SEND, create=True):
        _suggest(seeker_a.record, vacancy_a)
        referral = services.referral_propose(actor=seeker_a.user, job_seeker=seeker_a.record, vacancy=vacancy_a)
        services.referral_confirm(actor=seeker_a.user, referral=referral, disclosed=["needs"])
        return _fresh(referral)


def _fresh(referral):
    return Referral.objects.select_related("job_seeker", "vacancy__employer").get(pk=referral.pk)


def _employer_sees(client, employer_a, referral) -> tuple[bool, bool, int]:
    client.force_login(employer_a.user)
    page = client.get(reverse("placements:employer-referral", kwargs={"pk": referral.pk})).status_code
    listing = client.get(reverse("placements:employer-candidates")).content.decode()
    api = client.get(reverse("placements:api-employer-candidates")).json()["results"]
    client.logout()
    return page == 200, referral.job_seeker.name in listing, len([r for r in api if r["referral"] == referral.pk])


def test_the_persons_confirmation_of_their_own_request_waits_for_an_officer(city_a, requested, seeker_a):
    with city_context(city_a):
        assert requested.status == "requested" and requested.disclosed == ["needs"]
        assert requested.is_self_request
        assert [e.to_status for e in requested.events.all()] == ["proposed", "requested"]
        seeker = JobSeeker.objects.get(pk=seeker_a.record.pk)
        assert seeker.status != "referred"  # nothing has reached an employer
        with pytest.raises(PlacementError):  # the person cannot send it on themselves
            services.referral_confirm(actor=seeker_a.user, referral=_fresh(requested), disclosed=["needs"])


def test_request_listed_then_sent_on_and_only_then_seen_by_the_employer(client, city_a, requested, staff_a, employer_a):
    # Before: the employer sees nothing (candidate page 404, list, API, workspace count).
    assert _employer_sees(client, employer_a, requested) == (False, False, 0)
    with city_context(city_a):
        assert not selectors.employer_referrals(employer_a.user).filter(pk=requested.pk).exists()
        with pytest.raises(ValueError):
            selectors.candidate_for_employer(_fresh(requested))
    client.force_login(staff_a)
    listing = client.get(reverse("placements:referral-requests"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert requested.job_seeker.name in html and requested.vacancy.title in html
    assert "Match 81 of 100" in html or "81" in html
    assert "Same occupation" in html or "Jabatan sama" in html or html.count("<li>") > 2
    home = client.get(reverse("dashboards:home-staff")).content.decode()
    assert reverse("placements:referral-requests") in home
    response = client.post(reverse("placements:referral-requests"), {"action": "send-on", "referral": requested.pk})
    assert response.status_code == 302
    with city_context(city_a):
        sent = _fresh(requested)
        assert sent.status == "confirmed" and sent.disclosed == ["needs"]
        last = sent.events.last()
        assert (last.from_status, last.to_status, last.actor_id, last.actor_kind) == (
            "requested",
            "confirmed",
            staff_a.pk,
            "staff",
        )
        assert JobSeeker.objects.get(pk=sent.job_seeker_id).status == "referred"  # as a confirmation moves it
    client.logout()
    assert _employer_sees(client, employer_a, requested) == (True, True, 1)


def test_declined_with_a_reason_the_person_reads(client, city_a, requested, staff_a, seeker_a, employer_a):
    client.force_login(staff_a)
    url = reverse("placements:referral-requests")
    # Without a reason: the form says so, keeps the request waiting, no 500.
    response = client.post(url, {"action": "decline", "referral": requested.pk, f"r{requested.pk}-reason": "  "})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    with city_context(city_a):
        assert _fresh(requested).status == "requested"
    reason = "Lowongan ini meminta SIM B; kita bicarakan lowongan lain minggu depan."
    response = client.post(url, {"action": "decline", "referral": requested.pk, f"r{requested.pk}-reason": reason})
    assert response.status_code == 302
    with city_context(city_a):
        declined = _fresh(requested)
        assert (declined.status, declined.not_sent_reason) == ("not_sent", reason)
        event = declined.events.last()
        assert (event.to_status, event.actor_id, event.note) == ("not_sent", staff_a.pk, reason)
    client.force_login(seeker_a.user)
    mine = client.get(reverse("placements:my-matches")).content.decode()
    assert "SIM B" in mine
    page = client.get(reverse("placements:my-referral", kwargs={"pk": requested.pk})).content.decode()
    assert "SIM B" in page
    assert _employer_sees(client, employer_a, requested) == (False, False, 0)
    # Declined is final; the person may ask again (the pair is not "open" any more).
    with city_context(city_a), mock.patch(SEND, create=True):
        again = services.referral_propose(
            actor=seeker_a.user, job_seeker=JobSeeker.objects.get(pk=seeker_a.record.pk), vacancy=requested.vacancy
        )
        assert again.status == "proposed"


def test_the_referral_page_decides_a_request_too(client, city_a, requested, staff_a):
    client.force_login(staff_a)
    url = reverse("placements:staff-referral", kwargs={"pk": requested.pk})
    html = client.get(url).content.decode()
    assert reverse("placements:referral-requests") in html
    assert client.post(url, {"action": "decline-request", "reason": ""}).status_code == 200
    assert client.post(url, {"action": "send-on"}).status_code == 302
    with city_context(city_a):
        assert _fresh(requested).status == "confirmed"


def test_a_decided_request_cannot_be_decided_again(city_a, requested, staff_a):
    with city_context(city_a), mock.patch(SEND, create=True):
        services.referral_request_send_on(actor=staff_a, referral=_fresh(requested))
        with pytest.raises(PlacementError):
            services.referral_request_decline(actor=staff_a, referral=_fresh(requested), reason="Terlambat")
        with pytest.raises(PlacementError):
            services.referral_request_send_on(actor=staff_a, referral=_fresh(requested))


def test_only_staff_decide(city_a, requested, seeker_a, employer_a):
    with city_context(city_a), mock.patch(SEND, create=True):
        for actor in (seeker_a.user, employer_a.user):
            with pytest.raises(PlacementError):
                services.referral_request_send_on(actor=actor, referral=_fresh(requested))
            with pytest.raises(PlacementError):
                services.referral_request_decline(actor=actor, referral=_fresh(requested), reason="Tidak")
        assert _fresh(requested).status == "requested"


def test_staff_of_another_city_get_404_and_see_no_request(client, city_a, requested, staff_b):
    client.force_login(staff_b)
    html = client.get(reverse("placements:referral-requests")).content.decode()
    assert requested.job_seeker.name not in html
    response = client.post(reverse("placements:referral-requests"), {"action": "send-on", "referral": requested.pk})
    assert response.status_code == 200  # "no longer waiting": not a request of this city
    assert client.get(reverse("placements:staff-referral", kwargs={"pk": requested.pk})).status_code == 404
    with city_context(city_a):
        assert _fresh(requested).status == "requested"


@pytest.mark.parametrize("junk", ["abc", "1 OR 1=1", "²", "99999999999999999999", "-1", ""])
@pytest.mark.parametrize("action", ["send-on", "decline", "nonsense", ""])
def test_bad_ids_and_actions_are_a_message_not_a_500(client, city_a, requested, staff_a, junk, action):
    client.force_login(staff_a)
    response = client.post(
        reverse("placements:referral-requests"), {"action": action, "referral": junk, f"r{junk}-reason": "x" * 5000}
    )
    assert response.status_code == 200
    with city_context(city_a):
        assert _fresh(requested).status == "requested"


def test_an_overlong_reason_is_a_form_error(client, city_a, requested, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("placements:referral-requests"),
        {"action": "decline", "referral": requested.pk, f"r{requested.pk}-reason": "x" * 1001},
    )
    assert response.status_code == 200 and "x" * 1001 in response.content.decode()  # kept as typed
    with city_context(city_a):
        assert _fresh(requested).status == "requested"


def test_requests_list_oldest_first(city_a, requested, staff_a, walk_in_a, vacancy_a, seeker_a):
    with city_context(city_a):
        assert list(selectors.referral_requests()) == [requested]
        staff_proposed = services.referral_propose(actor=staff_a, job_seeker=walk_in_a, vacancy=vacancy_a)
        assert not staff_proposed.is_self_request
        assert not selectors.may_move(seeker_a.user, staff_proposed, "requested")
        assert list(selectors.referral_requests()) == [requested]


def test_a_person_at_the_desk_about_their_request_confirms_it_with_the_officer(client, city_a, requested, staff_a):
    """The request's page offers confirming it together (the person's choice is the form's default),
    recorded with the basis like any confirmation for the person."""
    client.force_login(staff_a)
    url = reverse("placements:confirm-for-person", kwargs={"pk": requested.pk})
    assert url in client.get(reverse("placements:referral-requests")).content.decode()
    html = client.get(url).content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="disclosed" value="(\w+)"[^>]*?( checked)?>', html))
    assert boxes == {"functioning": "", "ragam": "", "needs": " checked", "documents": ""}
    with mock.patch(SEND, create=True) as send:
        response = client.post(url, {"disclosed": ["needs"], "channel": "in_person", "basis": "read_aloud"})
    assert response.status_code == 302
    with city_context(city_a):
        saved = _fresh(requested)
        assert saved.status == "confirmed" and saved.disclosure.basis == "read_aloud"
        assert saved.events.last().from_status == "requested"
    assert [c.kwargs["kind"] for c in send.call_args_list] == ["referral_confirmed_for_person"]
