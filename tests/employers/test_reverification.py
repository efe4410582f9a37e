"""The re-verification queue: a member's new legal name or NIB takes the verification away and puts
the organisation in front of staff with what they had verified; old verifications fall due again."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from cities.tenancy import city_context
from employers import selectors, services
from employers.models import Employer
from tests.employers.conftest import ORG, make_member, vacancy_fields

pytestmark = pytest.mark.django_db


def test_a_members_new_name_clears_the_verification_and_queues_it(city_a, published_vacancy, employer_user, staff_user):
    with city_context(city_a):
        employer = published_vacancy.employer
        verified_at = employer.verified_at
        services.employer_update(actor=employer_user, employer=employer, legal_name="PT Maju Baru")
        employer.refresh_from_db()
        assert not employer.is_verified and employer.details_changed_at is not None
        assert employer.verified_details == {
            "legal_name": "PT Maju Bersama",
            "nib": "1234567890123",
            "verified_at": verified_at.isoformat(),
        }
        # A second change keeps what staff verified, not the intermediate name.
        services.employer_update(actor=employer_user, employer=employer, legal_name="PT Maju Baru Sekali")
        employer.refresh_from_db()
        assert employer.verified_details["legal_name"] == "PT Maju Bersama"
        (row,) = selectors.reverification_queue()
        assert (row.pk, row.reason, row.published_count) == (employer.pk, "details_changed", 1)
        # Nothing new is published meanwhile.
        draft = services.vacancy_save(actor=employer_user, employer=employer, **vacancy_fields(title="Kasir"))
        services.vacancy_submit(actor=employer_user, vacancy=draft)
        with pytest.raises(services.EmployerError):
            services.vacancy_publish(actor=staff_user, vacancy=draft)
        services.employer_verify(actor=staff_user, employer=employer)
        employer.refresh_from_db()
        assert employer.details_changed_at is None and employer.verified_details == {}
        assert not selectors.reverification_queue().exists()


def test_changes_that_need_no_reverification(city_a, verified_organisation, employer_user, staff_user):
    with city_context(city_a):
        services.employer_update(actor=employer_user, employer=verified_organisation, contact_phone="0411 123")
        services.employer_update(actor=staff_user, employer=verified_organisation, legal_name="PT Nama Resmi")
        verified_organisation.refresh_from_db()
        assert verified_organisation.is_verified and verified_organisation.details_changed_at is None
        assert not selectors.reverification_queue().exists()


def test_an_old_verification_falls_due(city_a, verified_organisation, staff_user, settings):
    settings.EMPLOYERS_REVERIFY_AFTER_DAYS = 30
    with city_context(city_a):
        now = timezone.now()
        Employer.objects.filter(pk=verified_organisation.pk).update(verified_at=now - datetime.timedelta(days=29))
        assert not selectors.reverification_queue(now=now).exists()
        Employer.objects.filter(pk=verified_organisation.pk).update(verified_at=now - datetime.timedelta(days=31))
        (row,) = selectors.reverification_queue(now=now)
        assert row.reason == "due" and row.published_count == 0
        assert row.since.date() == (now - datetime.timedelta(days=1)).date()


def test_the_queue_page_lists_and_verifies_again(client, city_a, city_b, published_vacancy, employer_user, staff_user):
    with city_context(city_a):
        services.employer_update(actor=employer_user, employer=published_vacancy.employer, nib="5555555555555")
        never = make_member(city_a, Membership.Role.EMPLOYER)
        services.employer_register(actor=never, **{**ORG, "nib": "7777777777777", "legal_name": "PT Belum"})
    client.force_login(staff_user)
    url = reverse("employers:staff-reverify-list")
    page = client.get(url).content.decode()
    assert "The legal name or NIB changed after verification" in page
    assert "5555555555555" in page and "1234567890123" in page  # now and as verified
    assert "PT Belum" not in page  # never verified: the employers list, not this queue
    detail = client.get(reverse("employers:staff-employer", kwargs={"pk": published_vacancy.employer_id}))
    assert "To verify again: the legal name or NIB changed on" in detail.content.decode()
    response = client.post(
        reverse("employers:staff-employer-verify", kwargs={"pk": published_vacancy.employer_id}), {"back": "queue"}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "No employer needs to be verified again." in client.get(url).content.decode()
    # Another city's staff see their own (empty) queue, never city A's.
    staff_b = make_member(city_b, Membership.Role.STAFF, mfa=True)
    client.force_login(staff_b)
    assert "PT Maju" not in client.get(url).content.decode()


def test_the_queue_is_one_query(city_a, staff_user, django_assert_num_queries):
    with city_context(city_a):
        for n in range(5):
            user = make_member(city_a, Membership.Role.EMPLOYER)
            org = services.employer_register(actor=user, **{**ORG, "nib": f"{n}" * 13, "legal_name": f"PT {n}"})
            services.employer_verify(actor=staff_user, employer=org)
            services.employer_update(actor=user, employer=org, legal_name=f"PT Baru {n}")
        with django_assert_num_queries(1):
            rows = list(selectors.reverification_queue())
        assert len(rows) == 5
