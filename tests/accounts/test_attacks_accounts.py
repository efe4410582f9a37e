"""Attacks on accounts, roles, permissions, MFA and the audit trail (security review, attack4).

Section 1: weaknesses found — these tests FAIL on the current code and pass once fixed.
Section 2: attacks that held — regression tests that pass today and must keep passing.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import resolve, reverse

from accounts.models import AuditLogEntry, Invitation, Membership, User
from accounts.services import invitation_send, member_register
from cities.middleware import ACTIVE_CITY_SESSION_KEY, ADMIN_CITY_SESSION_KEY
from cities.tenancy import city_context
from jobseekers.models import FunctioningAnswer, JobSeeker
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # UserFactory's


def _member(city, role, *, totp=False, **fields):
    user = UserFactory(**fields)
    member_register(user=user, city=city, role=role)
    if totp:
        give_totp(user)
    return user


def _superuser(**fields):
    user = UserFactory(is_superuser=True, is_staff=True, cross_city_role=User.CrossCityRole.APEKSI_ADMIN, **fields)
    give_totp(user)
    return user


@pytest.fixture
def seekers(city_a, city_b):
    with city_context(city_a):
        ani = JobSeeker.objects.create(name="Ani Alpha", wg_disability=True)
        FunctioningAnswer.objects.create(job_seeker=ani, domain="seeing", code=FunctioningAnswer.Code.CANNOT)
    with city_context(city_b):
        citra = JobSeeker.objects.create(name="Citra Beta", wg_disability=True)
        FunctioningAnswer.objects.create(job_seeker=citra, domain="hearing", code=FunctioningAnswer.Code.A_LOT)
    return ani, citra


def _accesses(city, seeker) -> int:
    with city_context(city):
        return AuditLogEntry.objects.filter(
            action=AuditLogEntry.Action.ACCESS, object_pk=str(seeker.pk), content_type__model="jobseeker"
        ).count()


def _location_view(response) -> str:
    assert response.status_code == 302, response.status_code
    return resolve(urlparse(response["Location"]).path).view_name


# =============================================================================================
# Section 1 — weaknesses (these fail today)
# =============================================================================================


def test_w1_admin_jobseeker_page_shows_functioning_without_an_access_audit_entry(client, city_a, seekers):
    """W1 (fixed): the Django admin's job-seeker change page showed the WG-SS answers and the
    wg_disability flag without an ACCESS entry; now it shows identity and case fields only, audited."""
    ani, _ = seekers
    client.force_login(_superuser())
    session = client.session
    session[ADMIN_CITY_SESSION_KEY] = city_a.pk
    session.save()

    response = client.get(reverse("admin:jobseekers_jobseeker_change", args=[ani.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    # No WG-SS answer and no disability flag on the page; opening the record is an audited read.
    assert "Sama sekali tidak bisa" not in content and "Cannot do at all" not in content
    assert "wg_disability" not in content
    assert _accesses(city_a, ani) == 1, "opening a job seeker in /admin/ must leave an ACCESS entry"


def test_w1b_admin_changelist_shows_disability_of_every_seeker_without_audit(client, city_a, seekers):
    """W1b: the changelist has a wg_disability column (specific personal data) for every job seeker."""
    _ani, _ = seekers
    client.force_login(_superuser())
    session = client.session
    session[ADMIN_CITY_SESSION_KEY] = city_a.pk
    session.save()
    response = client.get(reverse("admin:jobseekers_jobseeker_changelist"))
    assert response.status_code == 200
    assert b"Ani Alpha" in response.content
    assert b"field-wg_disability" not in response.content, "disability status listed in the admin, unaudited"


def test_w1c_admin_functioning_answer_log_entries_show_answers_without_audit(client, city_a, seekers):
    """W1c: the read-only audit-log admin shows FunctioningAnswer entries with their ``changes``
    (the WG-SS codes) — reading someone's functioning through the trail is not itself audited."""
    _ani, _ = seekers
    with city_context(city_a):
        entry = AuditLogEntry.objects.filter(content_type__model="functioninganswer").first()
    assert entry is not None
    client.force_login(_superuser())
    session = client.session
    session[ADMIN_CITY_SESSION_KEY] = city_a.pk
    session.save()
    response = client.get(reverse("admin:accounts_auditlogentry_change", args=[entry.pk]))
    assert response.status_code == 200
    # The changed values (WG-SS codes) are not shown at all, so there is no health data to audit.
    content = response.content.decode()
    assert "field-changes" not in content and "field-msg" not in content
    assert "Sama sekali tidak bisa" not in content and "Cannot do at all" not in content


def test_w2_audit_ip_address_is_taken_from_a_client_supplied_x_forwarded_for(client, city_a, seekers):
    """W2: AuditlogMiddleware trusts the first X-Forwarded-For entry, which the client writes; the
    audit trail's "IP address" (and port) of an access can be forged by the person being audited."""
    ani, _ = seekers
    staff = _member(city_a, Membership.Role.STAFF, totp=True)
    client.force_login(staff)
    response = client.get(
        reverse("jobseekers:functioning", kwargs={"pk": ani.pk}),
        HTTP_X_FORWARDED_FOR="203.0.113.66",
        HTTP_X_FORWARDED_PORT="4444",
        HTTP_X_CORRELATION_ID="forged-cid",
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200
    with city_context(city_a):
        entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.ACCESS, object_pk=str(ani.pk))
    forged = {
        "remote_addr": entry.remote_addr == "203.0.113.66",
        "remote_port": entry.remote_port == 4444,
        "cid": entry.cid == "forged-cid",
    }
    assert not any(forged.values()), f"audit fields taken from client-written headers: {forged}"


def test_w3_staff_reads_the_invitation_trail_although_they_cannot_manage_invitations(client, city_a):
    """W3 (low): staff hold audit.view_trail, and TRAIL_MODELS contains accounts.invitation and
    accounts.membership, so staff read who was invited (email in the title) and who changed memberships
    — data the permission table keeps for city admins (accounts.manage_invitations / view_members)."""
    admin = _member(city_a, Membership.Role.CITY_ADMIN, totp=True)
    invitation, _ = invitation_send(
        actor=admin, city=city_a, email="rahasia@example.test", name="Calon Admin", role="city_admin"
    )
    staff = _member(city_a, Membership.Role.STAFF, totp=True)
    client.force_login(staff)
    assert client.get(reverse("accounts:invitation-list")).status_code == 403  # the list is closed to staff
    response = client.get(reverse("accounts:audit-trail", kwargs={"model": "accounts.invitation", "pk": invitation.pk}))
    assert response.status_code in (403, 404), "staff see invitation records through the audit trail"


def test_w4_a_staff_session_lives_two_weeks_with_no_idle_timeout(client, city_a, seekers):
    """W4: SESSION_COOKIE_AGE is Django's default (14 days) and nothing expires an idle session, for
    every role — including staff reading functioning data. A session cookie left on a shared office
    PC (or stolen) opens personal data for two weeks; the page's time-out warning fires after 14 days."""
    user = _member(city_a, Membership.Role.STAFF, totp=True)
    client.force_login(user)
    assert client.get(reverse("jobseekers:list")).status_code == 200
    assert client.session.get_expiry_age() <= 12 * 3600, "staff sessions should end within a working day"


def test_w5_city_admin_lists_every_job_seekers_name_and_email_without_jobseeker_permission(client, city_a):
    """W5: the permission table withholds jobseekers.view_list from city admins, but /kelola/anggota/
    lists every membership — every job seeker's name and email (registration at a disability job
    centre is itself specific personal data) — with no audit entry."""
    seeker = _member(city_a, Membership.Role.JOB_SEEKER, name="Budi Pencari", email="budi@example.test")
    admin = _member(city_a, Membership.Role.CITY_ADMIN, totp=True)
    client.force_login(admin)
    assert client.get(reverse("jobseekers:list")).status_code == 403
    response = client.get(reverse("accounts:member-list"))
    assert response.status_code == 200
    assert seeker.email.encode() not in response.content, "job seekers' emails listed to the city admin"


def test_w6_behind_the_production_proxy_one_client_cannot_lock_everybody_out_of_login(settings, city_a):
    """W6: behind the production proxy every request comes from the proxy's address. With
    TRUSTED_PROXY_COUNT=1 (the production default) allauth's per-IP limits (failed logins 10/min)
    count the address the proxy appended to X-Forwarded-For, so one client's failures — even with a
    forged X-Forwarded-For entry on the left — do not block another user's sign-in."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victim = _member(city_a, Membership.Role.JOB_SEEKER)
    EmailAddress.objects.create(user=victim, email=victim.email, verified=True, primary=True)
    proxy = "10.0.0.2"
    for i in range(11):
        attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
        attacker.post(reverse("account_login"), {"login": f"nobody{i}@example.test", "password": "wrong-wrong-1"})
    honest = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = honest.post(reverse("account_login"), {"login": victim.email, "password": PASSWORD})
    assert response.status_code == 302, "an honest user behind the same proxy is rate-limited"


def test_w7_the_admin_shows_every_staff_members_totp_secret_and_lets_it_be_replaced(client, city_a):
    """W7: allauth.mfa registers its Authenticator admin; our superuser-only site keeps it. The change
    page prints the ``data`` JSON — the TOTP secret (a Fernet token since migration 0006; before,
    allauth stored it in clear) — of
    any staff member, and the form lets the secret be edited or the authenticator deleted (bypassing
    MFAAdapter.can_delete_authenticator). With UserAdmin's password form the APEKSI admin can then
    sign in *as* a staff member, and the ACCESS audit entries name the staff member."""
    from allauth.mfa.models import Authenticator

    staff = _member(city_a, Membership.Role.STAFF)
    secret = give_totp(staff)
    authenticator = Authenticator.objects.get(user=staff, type="totp")
    client.force_login(_superuser())
    # The authenticator admin is unregistered: no URL names, and the paths are unknown to the admin.
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:mfa_authenticator_change", args=[authenticator.pk])
    response = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    assert response.status_code in (302, 404)
    assert secret.encode() not in response.content
    client.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_u1_the_invitation_role_radios_start_with_an_untranslated_blank_choice(client, city_a):
    """U1 (UI/keyboard, not security): InvitationForm's role is a RadioSelect over a model field without a
    default, so the first radio is Django's blank choice, labelled "- Select an option -" in English on the
    Indonesian page; a keyboard user tabbing into the group lands on it (Space submits an invalid form)."""
    client.force_login(_member(city_a, Membership.Role.CITY_ADMIN, totp=True))
    content = client.get(reverse("accounts:invitation-list")).content.decode()
    assert 'name="role" value=""' not in content


def test_w8_docker_compose_deploys_the_public_demo_superuser(settings):
    """W8: README: "docker-compose.yml does the same [as the real-server steps]". It does not: the compose
    file sets IJC_ENV=development and runs ``prepare_portal`` without ``--no-demo``, so every compose
    deployment gets admin@demo.ijc.test — a superuser whose password (demo-portal-2026) and TOTP secret
    are printed in the README — plus a public SECRET_KEY, with web published on all interfaces
    ("8000:8000"; ALLOWED_HOSTS only checks the Host header a client writes). load_demo's only guard
    is IJC_ENV=production; DEBUG=false does not stop it."""
    from pathlib import Path

    from django.core.management import CommandError, call_command

    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()  # no YAML parser installed
    loads_demo = "manage.py prepare_portal" in compose and "--no-demo" not in compose
    development = "IJC_ENV: development" in compose
    assert not (loads_demo and development), "compose loads the demo superuser"

    settings.DEBUG = False  # a deployed configuration, whatever IJC_ENV says
    with pytest.raises(CommandError):
        call_command("load_demo")


# =============================================================================================
# Section 2 — attacks that held (these pass and must keep passing)
# =============================================================================================


# --- Cross-city reads and writes ----------------------------------------------------------------
def test_staff_of_a_cannot_open_functioning_or_trail_of_b(client, city_a, city_b, seekers):
    _, citra = seekers
    client.force_login(_member(city_a, Membership.Role.STAFF, totp=True))
    assert client.get(reverse("jobseekers:functioning", kwargs={"pk": citra.pk})).status_code == 404
    for model in ("jobseekers.jobseeker", "accounts.invitation", "accounts.membership"):
        assert client.get(reverse("accounts:audit-trail", kwargs={"model": model, "pk": citra.pk})).status_code in (
            403,
            404,
        )
    assert (
        client.get(reverse("accounts:audit-trail", kwargs={"model": "accounts.auditlogentry", "pk": 1})).status_code
        == 404
    )
    assert client.get(reverse("accounts:audit-trail", kwargs={"model": "accounts.user", "pk": 1})).status_code == 404
    assert b"Citra Beta" not in client.get(reverse("jobseekers:list")).content
    assert _accesses(city_b, citra) == 0


def test_session_active_city_cannot_be_set_to_a_city_without_membership(client, city_a, city_b, seekers):
    _, citra = seekers
    staff = _member(city_a, Membership.Role.STAFF, totp=True)
    client.force_login(staff)
    # POST the chooser with city B: refused by the form
    response = client.post(reverse("accounts:choose-city"), {"city": city_b.pk})
    assert response.status_code == 200
    assert client.session.get(ACTIVE_CITY_SESSION_KEY) != city_b.pk
    # and even a session value for B (as if tampered) is ignored by the middleware
    session = client.session
    session[ACTIVE_CITY_SESSION_KEY] = city_b.pk
    session[ADMIN_CITY_SESSION_KEY] = city_b.pk
    session.save()
    assert b"Citra Beta" not in client.get(reverse("jobseekers:list")).content
    assert client.get(reverse("jobseekers:functioning", kwargs={"pk": citra.pk})).status_code == 404


def test_a_staff_member_of_a_and_job_seeker_of_b_gets_no_staff_rights_in_b(client, city_a, city_b, seekers):
    _, citra = seekers
    user = _member(city_a, Membership.Role.STAFF, totp=True)
    member_register(user=user, city=city_b, role=Membership.Role.JOB_SEEKER)
    client.force_login(user)
    client.post(reverse("accounts:choose-city"), {"city": city_b.pk})
    assert client.session[ACTIVE_CITY_SESSION_KEY] == city_b.pk
    assert client.get(reverse("jobseekers:list")).status_code == 403
    assert client.get(reverse("jobseekers:functioning", kwargs={"pk": citra.pk})).status_code == 403


def test_city_admin_of_a_cannot_remove_b_memberships_or_revoke_b_invitations(client, city_a, city_b):
    admin_a = _member(city_a, Membership.Role.CITY_ADMIN, totp=True)
    admin_b = _member(city_b, Membership.Role.CITY_ADMIN, totp=True)
    staff_b = _member(city_b, Membership.Role.STAFF, totp=True)
    invitation_b, _ = invitation_send(actor=admin_b, city=city_b, email="x@example.test", name="X", role="staff")
    with city_context(city_b):
        membership_b = Membership.objects.get(user=staff_b, city=city_b)
    client.force_login(admin_a)
    assert client.post(reverse("accounts:member-remove", kwargs={"pk": membership_b.pk})).status_code == 404
    assert client.post(reverse("accounts:invitation-revoke", kwargs={"pk": invitation_b.pk})).status_code == 404
    with city_context(city_b):
        assert Membership.objects.filter(pk=membership_b.pk).exists()
        assert Invitation.objects.get(pk=invitation_b.pk).revoked_at is None
    assert b"x@example.test" not in client.get(reverse("accounts:invitation-list")).content
    assert staff_b.email.encode() not in client.get(reverse("accounts:member-list")).content


def test_non_superuser_cannot_use_the_admin_city_chooser(client, city_a, city_b):
    admin_a = _member(city_a, Membership.Role.CITY_ADMIN, totp=True, is_staff=True)
    client.force_login(admin_a)
    response = client.post(reverse("admin:choose-city"), {"city": city_b.pk})
    assert response.status_code == 302 and "admin_city_id" not in client.session


# --- Escalation ------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["staff", "city_admin", "partner", "apeksi_admin"])
def test_signup_with_a_tampered_role_is_refused(client, city_a, role):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Penyerang",
            "email": f"attacker-{role}@example.test",
            "role": role,
            "city": city_a.pk,
            "password1": "Sangat-rahasia-2026",
            "password2": "Sangat-rahasia-2026",
            "cross_city_role": "apeksi_admin",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 200  # the form again, with an error
    user = User.objects.filter(email=f"attacker-{role}@example.test").first()
    assert user is None


def test_signup_extra_fields_do_not_grant_anything(client, city_a):
    client.post(
        reverse("account_signup"),
        {
            "name": "Penyerang",
            "email": "attacker@example.test",
            "role": "job_seeker",
            "city": city_a.pk,
            "password1": "Sangat-rahasia-2026",
            "password2": "Sangat-rahasia-2026",
            "cross_city_role": "apeksi_admin",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    user = User.objects.get(email="attacker@example.test")
    assert not user.is_superuser and not user.is_staff and user.cross_city_role == ""
    with city_context(city_a):
        assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["job_seeker"]


def test_profile_cannot_set_a_cross_city_role(client, city_a):
    seeker = _member(city_a, Membership.Role.JOB_SEEKER)
    client.force_login(seeker)
    client.post(
        reverse("accounts:profile"),
        {"name": "X", "phone": "", "language": "id", "cross_city_role": "apeksi_admin", "is_superuser": "on"},
    )
    seeker.refresh_from_db()
    assert seeker.cross_city_role == "" and not seeker.is_superuser


def test_invitation_to_another_address_reused_or_from_another_city_is_refused(client, city_a, city_b):
    admin = _member(city_a, Membership.Role.CITY_ADMIN, totp=True)
    _invitation, token = invitation_send(
        actor=admin, city=city_a, email="victim@example.test", name="V", role="city_admin"
    )
    attacker = _member(city_a, Membership.Role.JOB_SEEKER, email="Victim@example.test.attacker.test")
    client.force_login(attacker)
    url = reverse("accounts:invitation-accept", kwargs={"city_slug": city_a.slug, "token": token})
    assert client.post(url).status_code == 403
    other_city = reverse("accounts:invitation-accept", kwargs={"city_slug": city_b.slug, "token": token})
    assert client.post(other_city).status_code == 404
    assert client.get(url[:-2] + "x/").status_code == 404
    with city_context(city_a):
        assert not Membership.objects.filter(user=attacker, role="city_admin").exists()


def test_staff_and_partner_cannot_invite_or_remove(client, city_a):
    for role in (Membership.Role.STAFF, Membership.Role.PARTNER, Membership.Role.JOB_SEEKER, Membership.Role.EMPLOYER):
        user = _member(city_a, role, totp=True)
        client.force_login(user)
        response = client.post(
            reverse("accounts:invitation-list"), {"name": "X", "email": "x@example.test", "role": "city_admin"}
        )
        assert response.status_code == 403, role
        with city_context(city_a):
            assert not Invitation.objects.exists()


# --- MFA ---------------------------------------------------------------------------------------------
def _password_login(client, email):
    EmailAddress.objects.get_or_create(user=User.objects.get(email=email), email=email, verified=True, primary=True)
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


@pytest.mark.parametrize("role", ["staff", "city_admin", "partner"])
def test_password_alone_opens_no_page_for_mfa_roles(client, city_a, seekers, role):
    ani, _ = seekers
    user = _member(city_a, role, totp=True)
    response = _password_login(client, user.email)
    assert _location_view(response) == "mfa_authenticate"
    for url in (
        reverse("jobseekers:list"),
        reverse("jobseekers:functioning", kwargs={"pk": ani.pk}),
        reverse("accounts:member-list"),
        reverse("accounts:profile"),
        reverse("admin:index"),
    ):
        assert client.get(url).status_code == 302, url
    assert "_auth_user_id" not in client.session
    assert _accesses(city_a, ani) == 0


def test_staff_cannot_switch_off_their_only_totp(client, city_a):
    from allauth.mfa.models import Authenticator

    def try_deactivate(role):
        user = _member(city_a, role, totp=True)
        client.force_login(user)
        reauth = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks first
        assert reauth.status_code == 302, reauth.status_code
        client.post(reverse("mfa_deactivate_totp"))
        return Authenticator.objects.filter(user=user, type="totp").exists()

    assert try_deactivate(Membership.Role.JOB_SEEKER) is False  # control: the same requests work for them
    for role in (Membership.Role.STAFF, Membership.Role.CITY_ADMIN, Membership.Role.PARTNER):
        assert try_deactivate(role) is True, role


def test_superuser_password_only_session_does_not_open_the_admin(client, city_a):
    admin = _superuser()
    response = _password_login(client, admin.email)
    assert _location_view(response) == "mfa_authenticate"
    assert client.get(reverse("admin:index")).status_code == 302


# --- APEKSI analyst ---------------------------------------------------------------------------------
def test_apeksi_analyst_sees_no_personal_data(client, city_a, seekers):
    ani, _ = seekers
    analyst = UserFactory(cross_city_role=User.CrossCityRole.APEKSI_ANALYST)
    give_totp(analyst)
    client.force_login(analyst)
    for url in (
        reverse("jobseekers:list"),
        reverse("jobseekers:functioning", kwargs={"pk": ani.pk}),
        reverse("accounts:member-list"),
        reverse("accounts:audit-trail", kwargs={"model": "jobseekers.jobseeker", "pk": ani.pk}),
        reverse("accounts:city-admin-invite"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("admin:index")).status_code == 302
    assert b"Ani Alpha" not in client.get(reverse("dashboards:home-apeksi")).content


# --- Open redirects, CSRF, enumeration ----------------------------------------------------------
EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "\\\\evil.example", "https:evil.example"]


@pytest.mark.parametrize("evil", EVIL)
def test_no_open_redirects(client, city_a, city_b, evil):
    user = _member(city_a, Membership.Role.JOB_SEEKER)
    member_register(user=user, city=city_b, role=Membership.Role.JOB_SEEKER)
    client.force_login(user)
    responses = [
        client.post(reverse("accounts:choose-city") + "?next=" + evil, {"city": city_a.pk}),
        client.post(reverse("accounts:choose-city"), {"city": city_a.pk, "next": evil}),
        client.post(reverse("session-keepalive"), {"next": evil}),
        client.post(reverse("display-preferences"), {"text_size": "normal", "contrast": "normal", "next": evil}),
        client.get(reverse("admin:login") + "?next=" + evil),
    ]
    for response in responses:
        location = response.get("Location", "")
        assert "evil.example" not in location.split("?")[0], location
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    anonymous = Client()
    response = anonymous.post(reverse("account_login") + "?next=" + evil, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in anonymous.session  # signed in, then sent ...
    assert "evil.example" not in response["Location"].split("?")[0], response["Location"]  # ... home, not away


def test_post_endpoints_need_csrf(city_a, city_b):
    admin = _member(city_a, Membership.Role.CITY_ADMIN, totp=True)
    member_register(user=admin, city=city_b, role=Membership.Role.JOB_SEEKER)
    staff = _member(city_a, Membership.Role.STAFF, totp=True)
    with city_context(city_a):
        membership = Membership.objects.get(user=staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    session = client.session
    session[ACTIVE_CITY_SESSION_KEY] = city_a.pk
    session.save()
    for url, data in (
        (reverse("accounts:member-remove", kwargs={"pk": membership.pk}), {}),
        (reverse("accounts:invitation-list"), {"name": "X", "email": "x@example.test", "role": "city_admin"}),
        (reverse("accounts:invitation-revoke", kwargs={"pk": 1}), {}),
        (reverse("accounts:choose-city"), {"city": city_b.pk}),
        (reverse("accounts:profile"), {"name": "X", "language": "en"}),
        (reverse("session-keepalive"), {}),
        (reverse("display-preferences"), {"text_size": "large", "contrast": "high"}),
        (reverse("account_logout"), {}),
        (reverse("mfa_deactivate_totp"), {}),
    ):
        assert client.post(url, data).status_code == 403, url
    # logging out by GET (a link or an <img> on another site) does not log out
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    # accepting an invitation is a POST with CSRF too
    _invitation, token = invitation_send(actor=admin, city=city_a, email=admin.email, name="A", role="staff")
    url = reverse("accounts:invitation-accept", kwargs={"city_slug": city_a.slug, "token": token})
    assert client.post(url).status_code == 403


def test_signup_and_password_reset_do_not_tell_whether_an_address_exists(client, city_a):
    existing = _member(city_a, Membership.Role.JOB_SEEKER, email="ada@example.test")
    EmailAddress.objects.create(user=existing, email=existing.email, verified=True, primary=True)

    def signup(email):
        return Client().post(
            reverse("account_signup"),
            {
                "name": "X",
                "email": email,
                "role": "job_seeker",
                "city": city_a.pk,
                "password1": "Sangat-rahasia-2026",
                "password2": "Sangat-rahasia-2026",
            },
        )

    a, b = signup("ada@example.test"), signup("tidak-ada@example.test")
    assert (a.status_code, a.get("Location")) == (b.status_code, b.get("Location"))

    def reset(email):
        return Client().post(reverse("account_reset_password"), {"email": email})

    a, b = reset("ada@example.test"), reset("tidak-ada2@example.test")
    assert (a.status_code, a.get("Location")) == (b.status_code, b.get("Location"))
