"""A person registered at the desk (no account) takes over their own profile with a code or a link
(jobseekers.services.claim, jobseekers.views.claim): one code by the chosen channel, stored hashed,
single use, 72 hours, 5 wrong codes void it, a new code voids the previous one; the account is
linked to the existing profile (never a second person) with the city's job-seeker membership."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import AuditLogEntry, Membership, User
from cities.tenancy import city_context
from jobseekers import services
from jobseekers.models import ClaimCode, ConsentRecord, CounsellingNote, DisclosureRecord, JobSeeker
from notifications import channels
from notifications.models import Notification
from notifications.services import relay_pending
from tests import personas

pytestmark = pytest.mark.django_db

PHONE = "+6281234567890"
PASSWORD = "Lembah-hijau-2026"


@pytest.fixture(autouse=True)
def _text_outbox(settings):
    settings.NOTIFICATIONS_TEXT_BACKEND = "locmem"
    channels.text_outbox.clear()
    cache.clear()
    yield
    channels.text_outbox.clear()


@pytest.fixture
def walk_in(city_a, staff_a):
    """Agus, registered at the desk with a phone only, with a consent, a disclosure choice and a note."""
    seeker = personas.walk_in(city_a, phone=PHONE, language="id")
    with city_context(city_a):
        services.consent_record(
            actor=staff_a,
            job_seeker=seeker,
            purpose="matching",
            decision=ConsentRecord.Decision.GIVEN,
            channel="in_person",
            basis="read_aloud",
            assisted_by=staff_a,
        )
        DisclosureRecord.objects.create(job_seeker=seeker, channel="in_person", recorded_by=staff_a, share_needs=True)
        CounsellingNote.objects.create(job_seeker=seeker, author=staff_a, met_on=datetime.date(2026, 12, 1), text="x")
    return seeker


def _send(city, staff, seeker, channel="sms"):
    with city_context(city):
        return services.claim_code_send(actor=staff, job_seeker=seeker, channel=channel)


def _relay(city):
    """Relay the city's due messages at 12:00 WIB tomorrow (outside the quiet hours)."""
    noon = (timezone.now() + datetime.timedelta(days=1)).replace(hour=5, minute=0, second=0, microsecond=0)
    with city_context(city):
        return relay_pending(now=noon)


def _indonesian(msgid: str) -> str:
    with translation.override("id"):
        return translation.gettext(msgid)


def _enter_code(client, city, code, address="0812-3456-7890"):
    return client.post(reverse("jobseekers:claim", kwargs={"city_slug": city.slug}), {"address": address, "code": code})


def _choose_password(client, city, email="agus@contoh.id"):
    return client.post(
        reverse("jobseekers:claim-account", kwargs={"city_slug": city.slug}),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _claim_events(city, seeker) -> list[str]:
    with city_context(city):
        return [
            (entry.additional_data or {}).get("account_claim")
            for entry in AuditLogEntry.objects.filter(object_pk=str(seeker.pk)).order_by("pk")
            if (entry.additional_data or {}).get("account_claim")
        ]


class TestSending:
    def test_the_code_goes_once_by_sms_in_indonesian_and_only_its_digest_is_stored(self, city_a, staff_a, walk_in):
        row, code, token = _send(city_a, staff_a, walk_in, "sms")
        with city_context(city_a):
            (message,) = Notification.objects.filter(kind="account_claim_code")
        assert (message.channel, message.address, message.recipient_id) == ("sms", PHONE, None)
        assert message.language == "id"
        assert code not in row.code_hash and token not in row.token_hash and len(row.code_hash) == 64
        result = _relay(city_a)
        assert result.sent == 1
        (sent,) = channels.text_outbox
        assert (sent.channel, sent.to) == ("sms", PHONE)
        assert code in sent.text and token in sent.text
        assert "Jangan berikan kode ini kepada siapa pun" in sent.text
        assert row.expires_at - row.created_at == datetime.timedelta(hours=72)
        assert _claim_events(city_a, walk_in) == ["code_sent"]

    def test_by_whatsapp_and_by_email(self, city_a, staff_a, walk_in):
        with city_context(city_a):
            JobSeeker.objects.filter(pk=walk_in.pk).update(email="Agus@Contoh.id")
            walk_in.refresh_from_db()
        _send(city_a, staff_a, walk_in, "whatsapp")
        _row, code, _token = _send(city_a, staff_a, walk_in, "email")
        _relay(city_a)
        assert [m.channel for m in channels.text_outbox] == []  # the WhatsApp message was replaced before sending
        assert mail.outbox[-1].to == ["agus@contoh.id"]
        assert code in mail.outbox[-1].body
        assert "kode" in mail.outbox[-1].subject.lower()

    def test_a_new_code_voids_the_previous_one(self, client, city_a, staff_a, walk_in):
        first, old_code, _token = _send(city_a, staff_a, walk_in)
        second, _code, _token = _send(city_a, staff_a, walk_in)
        with city_context(city_a):
            first.refresh_from_db()
        assert first.void_reason == ClaimCode.VoidReason.REPLACED and second.status() == "usable"
        with city_context(city_a):
            statuses = dict(Notification.objects.values_list("idempotency_key", "status"))
        assert statuses[f"claim-code:{first.pk}"] == Notification.Status.CANCELLED
        response = _enter_code(client, city_a, old_code)
        assert _indonesian("A newer code was sent after this one. Use the code in the latest message.") in (
            response.content.decode()
        )

    def test_a_profile_with_an_account_gets_no_code(self, city_a, staff_a, seeker_a):
        with pytest.raises(services.ClaimError) as refused:
            _send(city_a, staff_a, seeker_a.record)
        assert refused.value.reason == "claimed"

    def test_a_channel_without_an_address_is_refused(self, city_a, staff_a, walk_in):
        with pytest.raises(services.ClaimError):
            _send(city_a, staff_a, walk_in, "email")

    def test_the_case_page_offers_the_code_and_sends_it(self, client, city_a, staff_a, walk_in):
        client.force_login(staff_a)
        page = client.get(reverse("jobseekers:case", kwargs={"pk": walk_in.pk})).content.decode()
        assert _indonesian("Send an account code") in page
        assert reverse("jobseekers:claim-code-send", kwargs={"pk": walk_in.pk}) in page
        response = client.post(reverse("jobseekers:claim-code-send", kwargs={"pk": walk_in.pk}), {"channel": "sms"})
        assert response.status_code == 302
        with city_context(city_a):
            assert ClaimCode.objects.filter(job_seeker=walk_in, channel="sms").count() == 1
            assert Notification.objects.filter(kind="account_claim_code", channel="sms").count() == 1
        followed = client.get(response["Location"]).content.decode()
        assert "0812-3456-7890" in followed

    def test_no_channel_chosen_is_refused_without_a_500(self, client, city_a, staff_a, walk_in):
        client.force_login(staff_a)
        response = client.post(reverse("jobseekers:claim-code-send", kwargs={"pk": walk_in.pk}), {"channel": "fax"})
        assert response.status_code == 302
        with city_context(city_a):
            assert not ClaimCode.objects.exists()

    def test_staff_of_another_city_get_404(self, client, city_a, staff_b, walk_in):
        client.force_login(staff_b)
        response = client.post(reverse("jobseekers:claim-code-send", kwargs={"pk": walk_in.pk}), {"channel": "sms"})
        assert response.status_code == 404
        with city_context(city_a):
            assert not ClaimCode.objects.exists()

    def test_a_profile_with_an_account_has_no_send_block(self, client, city_a, staff_a, seeker_a):
        client.force_login(staff_a)
        page = client.get(reverse("jobseekers:case", kwargs={"pk": seeker_a.record.pk})).content.decode()
        assert reverse("jobseekers:claim-code-send", kwargs={"pk": seeker_a.record.pk}) not in page


class TestClaiming:
    def _assert_claimed(self, client, city, seeker, before):
        with city_context(city):
            assert JobSeeker.objects.count() == before  # no second person
            seeker.refresh_from_db()
            user = User.objects.get(email="agus@contoh.id")
            assert seeker.user_id == user.pk
            assert Membership.objects.filter(user=user, city=city, role=Membership.Role.JOB_SEEKER).exists()
            # Everything recorded on the person's behalf stays with the profile.
            assert ConsentRecord.objects.filter(job_seeker=seeker).count() == 1
            assert DisclosureRecord.objects.filter(job_seeker=seeker).count() == 1
            assert CounsellingNote.objects.filter(job_seeker=seeker).count() == 1
        assert user.name == seeker.name and str(user.phone) == PHONE
        assert user.check_password(PASSWORD)
        return user

    def test_by_code(self, client, city_a, staff_a, walk_in):
        _row, code, _token = _send(city_a, staff_a, walk_in)
        with city_context(city_a):
            before = JobSeeker.objects.count()
        response = _enter_code(client, city_a, f"{code[:3]} {code[3:]}", address="62 812 3456 7890")
        assert response["Location"] == reverse("jobseekers:claim-account", kwargs={"city_slug": city_a.slug})
        page = client.get(response["Location"]).content.decode()
        assert walk_in.name in page
        response = _choose_password(client, city_a)
        assert response["Location"] == reverse("jobseekers:my-profile")
        user = self._assert_claimed(client, city_a, walk_in, before)
        assert client.get(reverse("jobseekers:my-profile")).status_code == 200  # signed in, on their profile
        assert mail.outbox[-1].to == ["agus@contoh.id"]  # confirm the new address for next time
        assert _claim_events(city_a, walk_in) == ["code_sent", "claimed"]
        from allauth.account.models import EmailAddress

        assert not EmailAddress.objects.get(user=user).verified

    def test_by_link(self, client, city_a, staff_a, walk_in):
        _row, _code, token = _send(city_a, staff_a, walk_in)
        with city_context(city_a):
            before = JobSeeker.objects.count()
        response = client.get(reverse("jobseekers:claim-link", kwargs={"city_slug": city_a.slug, "token": token}))
        assert response["Location"] == reverse("jobseekers:claim-account", kwargs={"city_slug": city_a.slug})
        response = _choose_password(client, city_a)
        assert response["Location"] == reverse("jobseekers:my-profile")
        self._assert_claimed(client, city_a, walk_in, before)

    def test_by_an_emailed_code_the_address_counts_as_verified(self, client, city_a, staff_a, walk_in):
        from allauth.account.models import EmailAddress

        with city_context(city_a):
            JobSeeker.objects.filter(pk=walk_in.pk).update(email="agus@contoh.id")
            walk_in.refresh_from_db()
        _row, code, _token = _send(city_a, staff_a, walk_in, "email")
        _enter_code(client, city_a, code, address="agus@contoh.id")
        _choose_password(client, city_a)
        user = User.objects.get(email="agus@contoh.id")
        assert EmailAddress.objects.get(user=user).verified

    def test_the_sign_up_signal_makes_no_second_profile(self, client, city_a, staff_a, walk_in):
        _row, code, _token = _send(city_a, staff_a, walk_in)
        _enter_code(client, city_a, code)
        _choose_password(client, city_a)
        user = User.objects.get(email="agus@contoh.id")
        with city_context(city_a):
            assert list(JobSeeker.objects.filter(user=user)) == [walk_in]

    def test_the_code_is_used_once(self, client, city_a, staff_a, walk_in):
        _row, code, token = _send(city_a, staff_a, walk_in)
        _enter_code(client, city_a, code)
        _choose_password(client, city_a)
        client.logout()
        response = _enter_code(client, city_a, code)
        assert response.status_code == 200
        assert (
            _indonesian(
                "This code was already used. Sign in with the account made with it, or ask the job center "
                "for a new code."
            )
            in response.content.decode()
        )
        link = client.get(reverse("jobseekers:claim-link", kwargs={"city_slug": city_a.slug, "token": token}))
        assert link.status_code == 410

    def test_five_wrong_codes_void_the_code(self, client, city_a, staff_a, walk_in):
        row, code, _token = _send(city_a, staff_a, walk_in)
        wrong = f"{(int(code) + 1) % 10**6:06d}"
        for _ in range(5):
            response = _enter_code(client, city_a, wrong)
            assert response.status_code == 200
            assert (
                _indonesian(
                    "The number or address and the code do not match a valid code. Check both and try again; "
                    "after 5 wrong codes the code stops working."
                )
                in response.content.decode()
            )
        with city_context(city_a):
            row.refresh_from_db()
        assert row.failed_attempts == 5 and row.void_reason == ClaimCode.VoidReason.FAILURES
        response = _enter_code(client, city_a, code)
        assert (
            _indonesian(
                "This code no longer works: a wrong code was entered too many times. Ask the job center for a new code."
            )
            in response.content.decode()
        )
        assert _claim_events(city_a, walk_in).count("wrong_code") == 5
        assert "code_void" in _claim_events(city_a, walk_in)

    def test_an_expired_code(self, client, city_a, staff_a, walk_in):
        row, code, token = _send(city_a, staff_a, walk_in)
        with city_context(city_a):
            ClaimCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        response = _enter_code(client, city_a, code)
        expired = _indonesian("This code has expired (it works for 72 hours). Ask the job center for a new code.")
        assert expired in response.content.decode()
        link = client.get(reverse("jobseekers:claim-link", kwargs={"city_slug": city_a.slug, "token": token}))
        assert link.status_code == 410 and expired in link.content.decode()

    def test_a_code_that_expires_before_the_password_page_is_sent(self, client, city_a, staff_a, walk_in):
        row, code, _token = _send(city_a, staff_a, walk_in)
        _enter_code(client, city_a, code)
        with city_context(city_a):
            ClaimCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        response = _choose_password(client, city_a)
        assert response.status_code == 410
        assert not User.objects.filter(email="agus@contoh.id").exists()

    def test_a_profile_claimed_meanwhile(self, client, city_a, staff_a, walk_in):
        _row, code, _token = _send(city_a, staff_a, walk_in)
        other = personas.member(city_a, Membership.Role.JOB_SEEKER, name="Orang lain")
        with city_context(city_a):
            JobSeeker.objects.filter(pk=walk_in.pk).update(user=other)
        response = _enter_code(client, city_a, code)
        assert (
            escape(
                _indonesian(
                    'This profile already has an account. Sign in with it; if you forgot the password, choose "Forgot '
                    'your password?" on the sign-in page.'
                )
            )
            in response.content.decode()
        )

    def test_an_email_another_account_uses(self, client, city_a, staff_a, walk_in):
        personas.member(city_a, Membership.Role.JOB_SEEKER, email="agus@contoh.id")
        _row, code, _token = _send(city_a, staff_a, walk_in)
        _enter_code(client, city_a, code)
        response = _choose_password(client, city_a, email="AGUS@contoh.id")
        assert response.status_code == 200
        assert (
            _indonesian(
                "An account with this email address exists already. Sign in with it, or use another email "
                "address here. The job center can help you."
            )
            in response.content.decode()
        )
        assert 'value="AGUS@contoh.id"' in response.content.decode()  # what was typed is kept
        with city_context(city_a):
            walk_in.refresh_from_db()
        assert walk_in.user_id is None

    def test_attempts_per_number_are_limited(self, client, city_a, staff_a, walk_in):
        _row, code, _token = _send(city_a, staff_a, walk_in)
        for _ in range(services.claim.CLAIM_ATTEMPTS_PER_HOUR):
            _enter_code(client, city_a, "000000" if code != "000000" else "111111")
        response = _enter_code(client, city_a, code, address="+62 812-3456-7890")  # the same number, written otherwise
        assert _indonesian("Too many tries with this number or address. Wait an hour, then try again.") in (
            response.content.decode()
        )

    def test_an_unknown_link_is_a_404(self, client, city_a):
        response = client.get(reverse("jobseekers:claim-link", kwargs={"city_slug": city_a.slug, "token": "x" * 43}))
        assert response.status_code == 404

    def test_the_password_page_needs_a_code_first(self, client, city_a):
        response = client.get(reverse("jobseekers:claim-account", kwargs={"city_slug": city_a.slug}))
        assert response["Location"] == reverse("jobseekers:claim", kwargs={"city_slug": city_a.slug})

    def test_bad_input_keeps_what_was_typed(self, client, city_a):
        response = _enter_code(client, city_a, "12ab", address="0812")
        assert response.status_code == 200
        assert 'value="0812"' in response.content.decode()

    def test_another_citys_page_does_not_find_the_code(self, client, city_a, city_b, staff_a, walk_in):
        _row, code, _token = _send(city_a, staff_a, walk_in)
        response = _enter_code(client, city_b, code)
        assert response.status_code == 200 and "claim-account" not in response.get("Location", "")
        with city_context(city_a):
            assert ClaimCode.objects.get().failed_attempts == 0


class TestLinks:
    def test_the_sign_in_page_links_to_the_claim(self, client, city_a):
        page = client.get(reverse("account_login")).content.decode()
        assert reverse("jobseekers:claim-start") in page
        assert _indonesian("Registered at the job center? Take over your account") in page

    def test_the_start_page_lists_the_cities(self, client, city_a, city_b):
        page = client.get(reverse("jobseekers:claim-start")).content.decode()
        assert reverse("jobseekers:claim", kwargs={"city_slug": city_a.slug}) in page
        assert reverse("jobseekers:claim", kwargs={"city_slug": city_b.slug}) in page

    def test_signed_in_people_go_home(self, client, seeker_a):
        client.force_login(seeker_a.user)
        assert client.get(reverse("jobseekers:claim-start"))["Location"] == reverse("dashboards:role-home")
