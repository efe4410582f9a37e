"""Carrying out a deletion request (UU 27/2022 art. 8) erases the person completely: the profile is
anonymised (statistics kept), the login closed and its identifiers erased, sessions ended, API
tokens revoked, the email free for a new sign-up, and the audit trail keeps the events without the
erased values. A person whose account is also used in another city keeps it there."""

from __future__ import annotations

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLogEntry, Membership, User
from accounts.services import member_sign_up
from api.models import ApiToken
from cities.tenancy import city_context
from jobseekers import services
from jobseekers.models import CounsellingNote, Education, JobSeeker, RightsRequest
from tests.api.conftest import bearer_client, make_token
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password
EMAIL = "rina.pencari@example.test"
PHONE = "+6281234567890"
NIK = "3372054701900001"


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth's rate limits and the API throttle live in the cache: start each test with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def give_mfa(user: User) -> None:
    """TOTP and recovery codes (allauth.mfa)."""
    give_totp(user)
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})


def sign_up_person(city, email: str = EMAIL) -> User:
    """A job seeker who signed up in ``city`` with a confirmed email and a phone, with data in the profile."""
    user = UserFactory(email=email, name="Rina Pencari", phone=PHONE)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    member_sign_up(user=user, city=city, role=Membership.Role.JOB_SEEKER)
    with city_context(city):
        seeker = JobSeeker.objects.get(user=user)
        services.jobseeker_update(
            actor=user, job_seeker=seeker, nik=NIK, phone="081234567890", address="Jl. Melati 3", ragam=["fisik"]
        )
        services.functioning_record(job_seeker=seeker, answers={"mobility": 3})
        Education.objects.create(job_seeker=seeker, level="sma", institution="SMA Negeri 1 Rina")
        services.counselling_note_add(
            actor=None, job_seeker=seeker, met_on=datetime.date(2026, 1, 5), text="Rina ingin menjahit"
        )
    return user


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def carry_out_deletion(person: User, staff: User, city) -> RightsRequest:
    """The person asks for deletion on their page; staff mark it done on the requests page."""
    own = Client()
    own.force_login(person)
    session = own.session
    session["active_city_id"] = city.pk  # the city chosen on /akun/kota/ (the person may have several)
    session.save()
    assert own.post(reverse("jobseekers:my-data"), {"kind": "deletion", "details": ""}).status_code == 302
    with city_context(city):
        request = RightsRequest.objects.get(job_seeker__user=person, kind="deletion")
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.post(
        reverse("jobseekers:rights-request-act", kwargs={"pk": request.pk}), {"status": "done"}
    )
    assert response.status_code == 302
    with city_context(city):
        request.refresh_from_db()
    assert request.status == "done"
    return request


def sessions_of(user: User) -> list[Session]:
    return [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]


def test_the_person_can_no_longer_sign_in_and_the_account_holds_no_identifiers(city_a, staff):
    person = sign_up_person(city_a)
    browser = Client()
    assert sign_in(browser, EMAIL).status_code == 302  # signed in with the password
    assert browser.get(reverse("jobseekers:my-profile")).status_code == 200
    assert sessions_of(person)
    give_mfa(person)  # set up after signing in
    raw = make_token(person, city_a)  # a token from when the person held a role that may have one
    assert bearer_client(raw).get(reverse("api:jobseeker-list")).status_code == 403  # known, not allowed

    request = carry_out_deletion(person, staff, city_a)

    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert (person.name, str(person.phone)) == ("", "")
    assert EMAIL not in person.email and person.email.endswith("@erased.invalid")
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(email__iexact=EMAIL).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    # the old session cookie no longer works, and the session is gone from the database
    old = browser.get(reverse("jobseekers:my-profile"))
    assert old.status_code == 302 and old["Location"].startswith(reverse("account_login"))
    assert sessions_of(person) == []
    # neither the old address nor the stand-in one signs in
    for login in (EMAIL, person.email):
        fresh = Client()
        assert sign_in(fresh, login).status_code == 200  # the form again, with its error
        assert SESSION_KEY not in fresh.session
    # tokens revoked: a 401, not the 403 of a known user without the permission
    response = bearer_client(raw).get(reverse("api:jobseeker-list"))
    assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"
    with city_context(city_a):
        assert ApiToken.objects.get(user=person).revoked_at is not None
        assert not Membership.objects.filter(user=person).exists()
        seeker = JobSeeker.objects.get(pk=request.job_seeker_id)
        assert seeker.user is None and seeker.anonymised_at and seeker.name == "—"


def test_the_same_email_signs_up_again_as_a_new_person(city_a, staff):
    person = sign_up_person(city_a)
    request = carry_out_deletion(person, staff, city_a)
    mail.outbox.clear()
    data = {
        "name": "Rina Baru",
        "email": EMAIL,
        "phone": "0812 3456 7890",
        "role": Membership.Role.JOB_SEEKER.value,
        "city": city_a.pk,
        "password1": "Kerja-Inklusif-2026",
        "password2": "Kerja-Inklusif-2026",
    }
    response = Client().post(reverse("account_signup"), data)
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    again = User.objects.get(email=EMAIL)
    assert again.pk != person.pk and again.is_active and again.name == "Rina Baru"
    assert mail.outbox[-1].to == [EMAIL]
    with city_context(city_a):
        fresh = JobSeeker.objects.get(user=again)
        old = JobSeeker.objects.get(pk=request.job_seeker_id)
        assert fresh.pk != old.pk and fresh.name == "Rina Baru" and not fresh.ragam
        assert old.user is None and old.name == "—" and old.anonymised_at
        assert not fresh.functioning.exists() and not fresh.notes.exists()


def test_the_figures_stay_the_same(city_a, staff):
    from dashboards import rollups
    from dashboards.models import CityRollup

    person = sign_up_person(city_a)
    UserFactory()  # someone else, unaffected

    def figures() -> list:
        with city_context(city_a):
            rollups.refresh_city(city_a.pk, full=True)
            rows = CityRollup.objects.filter(for_city_id=city_a.pk)
            return sorted(rows.values_list("month", "indicator", "dimension", "value", "count"))

    before = figures()
    assert any(row[1:4] == ("registrations", "ragam", "fisik") for row in before)
    carry_out_deletion(person, staff, city_a)
    assert figures() == before


def test_the_trail_keeps_the_events_but_not_the_erased_values(city_a, staff):
    person = sign_up_person(city_a)
    with city_context(city_a):
        seeker = JobSeeker.objects.get(user=person)
        note = CounsellingNote.objects.get(job_seeker=seeker)
    staff_client = Client()
    staff_client.force_login(staff)
    assert staff_client.get(reverse("jobseekers:case-sensitive", kwargs={"pk": seeker.pk})).status_code == 200
    with city_context(city_a):
        entries_before = AuditLogEntry.objects.count()

    carry_out_deletion(person, staff, city_a)

    with city_context(city_a):
        entries = list(AuditLogEntry.objects.order_by("pk"))
        assert len(entries) > entries_before  # nothing was deleted from the trail
        text = json.dumps(
            [
                [e.object_repr, e.changes, e.changes_text, e.serialized_data, e.additional_data, e.actor_email]
                for e in entries
            ],
            default=str,
        )
        for erased in ("Rina", EMAIL, "81234567890", NIK, "5470190", "Melati", "menjahit"):
            assert erased not in text, erased
        about_seeker = [e for e in entries if e.object_pk == str(seeker.pk) and e.content_type.model == "jobseeker"]
        accesses = [e for e in about_seeker if e.action == AuditLogEntry.Action.ACCESS]
        assert accesses and accesses[0].actor == staff  # who viewed what, and when, is still there
        erasure = [e for e in about_seeker if "erasure" in (e.additional_data or {})]
        assert len(erasure) == 1 and erasure[0].actor == staff and erasure[0].object_repr == "—"
        assert erasure[0].additional_data["erasure"] == {
            "documents": 0,
            "notes": 1,
            "experience": 0,
            "trainings": 0,
            "login": "closed",
        }
        assert "name" in erasure[0].changes and "nik" in erasure[0].changes
        note_entries = [e for e in entries if e.content_type.model == "counsellingnote" and e.object_pk == str(note.pk)]
        assert note_entries and all(e.object_repr == "[erased]" for e in note_entries)
        request_entry = [e for e in entries if e.content_type.model == "rightsrequest"][-1]
        assert request_entry.changes["status"] == ["pending", "done"]  # the legally needed record
    page = staff_client.get(reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": seeker.pk}))
    assert page.status_code == 200 and "Rina" not in page.content.decode()
    assert "NIK" in page.content.decode()  # which fields were erased, not their values


def test_a_deletion_runs_in_one_transaction(city_a, staff):
    from accounts.signals import account_closed

    person = sign_up_person(city_a)
    raw = make_token(person, city_a)

    def fail(**kwargs):
        raise RuntimeError("a receiver failed")

    account_closed.connect(fail, dispatch_uid="test.fail")
    try:
        with pytest.raises(RuntimeError):
            carry_out_deletion(person, staff, city_a)
    finally:
        account_closed.disconnect(dispatch_uid="test.fail")
    person.refresh_from_db()
    assert person.is_active and person.email == EMAIL and person.name == "Rina Pencari"
    assert EmailAddress.objects.filter(user=person).exists() and sessions_of(person)
    assert bearer_client(raw).get(reverse("api:jobseeker-list")).status_code == 403
    with city_context(city_a):
        seeker = JobSeeker.objects.get(user=person)
        assert seeker.anonymised_at is None and seeker.nik == NIK
        assert RightsRequest.objects.get(job_seeker=seeker).status == "pending"


def test_a_deletion_in_city_a_leaves_the_account_used_in_city_b(city_a, city_b, staff):
    """Email addresses are unique over all cities, so a "same-email user of city B" is the same
    account holding a role in city B. City A erases its own profile and membership; the login stays
    for city B, with its name, email and city B's profile."""
    person = sign_up_person(city_a)
    member_sign_up(user=person, city=city_b, role=Membership.Role.JOB_SEEKER)
    with city_context(city_b):
        profile_b = JobSeeker.objects.get(user=person)
        services.jobseeker_update(actor=person, job_seeker=profile_b, ragam=["sensorik"])
    raw_b = make_token(person, city_b)

    carry_out_deletion(person, staff, city_a)

    person.refresh_from_db()
    assert person.is_active and person.has_usable_password()
    assert (person.email, person.name) == (EMAIL, "Rina Pencari")
    assert EmailAddress.objects.filter(user=person).exists()
    again = Client()
    assert sign_in(again, EMAIL).status_code == 302 and again.session[SESSION_KEY] == str(person.pk)
    assert bearer_client(raw_b).get(reverse("api:jobseeker-list")).status_code == 403  # still known
    with city_context(city_a):
        assert not Membership.objects.filter(user=person).exists()
        assert not JobSeeker.objects.filter(user=person).exists()
    with city_context(city_b):
        assert Membership.objects.filter(user=person, role=Membership.Role.JOB_SEEKER).exists()
        profile_b.refresh_from_db()
        assert profile_b.user == person and profile_b.ragam == ["sensorik"] and profile_b.anonymised_at is None
        assert ApiToken.objects.get(user=person).revoked_at is None


def test_messages_not_yet_sent_to_the_closed_account_are_cancelled(city_a, staff):
    from notifications.models import Notification

    person = sign_up_person(city_a)
    with city_context(city_a):
        for key, status in (("waiting", "pending"), ("bounced", "failed"), ("delivered", "sent")):
            Notification.objects.create(
                recipient=person,
                kind="test",
                channel="email",
                subject="Halo",
                body="Halo Rina",
                short_body="Halo",
                status=status,
                sent_at=timezone.now() if status == "sent" else None,
                idempotency_key=key,
            )
    carry_out_deletion(person, staff, city_a)
    with city_context(city_a):
        statuses = dict(Notification.objects.filter(recipient=person).values_list("idempotency_key", "status"))
    assert statuses == {"waiting": "cancelled", "bounced": "cancelled", "delivered": "sent"}
