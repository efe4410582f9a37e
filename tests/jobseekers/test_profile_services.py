"""NIK rules, the WG flag, disclosure defaults, consent withdrawal, case transitions, duplicates, anonymising."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cities.tenancy import city_context
from jobseekers import selectors, services
from jobseekers.models import CaseStatus, ConsentRecord, ConsentText, FunctioningAnswer, JobSeeker
from jobseekers.nik import mask_nik, parse_nik, validate_nik
from jobseekers.services import jobseeker_anonymise
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# 33.72.05 (Kota Surakarta, a district), born 7 January 1990, a woman (07 + 40 = 47), serial 0001.
WOMAN = "3372054701900001"
MAN = "3372050701900002"


def code(exc) -> str:
    return exc.value.error_list[0].code


class TestNIK:
    def test_a_well_formed_nik_parses(self):
        parts = parse_nik(WOMAN)
        assert (parts.region, parts.day, parts.month, parts.year2, parts.is_female, parts.serial) == (
            "337205",
            7,
            1,
            90,
            True,
            "0001",
        )

    def test_spaces_between_groups_are_allowed(self):
        assert parse_nik("3372 0547 0190 0001").day == 7

    @pytest.mark.parametrize("value", ["337205470190000", "33720547019000011", "33720547019000a1", ""])
    def test_exactly_16_digits(self, value):
        with pytest.raises(ValidationError) as exc:
            parse_nik(value)
        assert code(exc) == "length"

    @pytest.mark.parametrize("value", ["0972054701900001", "3300054701900001", "3372004701900001"])
    def test_region_code_of_6_digits_with_a_province_and_no_zero_part(self, value):
        with pytest.raises(ValidationError) as exc:
            parse_nik(value)
        assert code(exc) == "region"

    @pytest.mark.parametrize(
        "ddmmyy",
        ["000190", "320190", "400190", "720190", "071390", "070090", "300290", "700290", "310490"],
    )
    def test_birth_date_must_exist_with_day_plus_40_for_women(self, ddmmyy):
        with pytest.raises(ValidationError) as exc:
            parse_nik(f"337205{ddmmyy}0001")
        assert code(exc) == "birth_date"

    def test_29_february_is_valid_in_a_leap_year_and_women_have_69(self):
        assert parse_nik("3372052902000001").day == 29
        assert parse_nik("3372056902000001").is_female

    def test_serial_0000_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            parse_nik("3372054701900000")
        assert code(exc) == "serial"

    def test_consistent_with_birth_date_and_gender(self):
        validate_nik(WOMAN, birth_date=datetime.date(1990, 1, 7), gender="female")
        validate_nik(MAN, birth_date=datetime.date(1990, 1, 7), gender="male")
        with pytest.raises(ValidationError) as exc:
            validate_nik(WOMAN, birth_date=datetime.date(1990, 1, 8))
        assert code(exc) == "birth_date_mismatch"
        with pytest.raises(ValidationError) as exc:
            validate_nik(WOMAN, gender="male")
        assert code(exc) == "gender_mismatch"
        with pytest.raises(ValidationError) as exc:
            validate_nik(MAN, gender="female")
        assert code(exc) == "gender_mismatch"

    def test_masked_display(self):
        assert mask_nik(WOMAN) == "3372 •••• •••• 0001"

    def test_unique_within_a_city_not_across(self, city_a, city_b):
        with city_context(city_a):
            services.jobseeker_register(actor=None, name="Siti", channel="self", nik=WOMAN)
            with pytest.raises(ValidationError) as exc:
                services.jobseeker_register(actor=None, name="Sari", channel="self", nik=WOMAN)
            assert "nik" in exc.value.message_dict
        with city_context(city_b):
            services.jobseeker_register(actor=None, name="Siti", channel="self", nik=WOMAN)

    def test_the_model_checks_nik_against_birth_date_and_gender(self, city_a):
        with city_context(city_a), pytest.raises(ValidationError) as exc:
            services.jobseeker_register(
                actor=None, name="Siti", channel="self", nik=WOMAN, gender="male", birth_date=datetime.date(1990, 1, 7)
            )
        assert "nik" in exc.value.message_dict


class TestWGFlag:
    def test_a_lot_or_cannot_in_any_domain_is_true(self):
        assert services.wg_disability({"seeing": 3}) is True
        assert services.wg_disability({"hearing": 4, "seeing": 7}) is True

    def test_all_six_no_or_some_is_false(self):
        codes = dict.fromkeys(["seeing", "hearing", "mobility", "cognition", "self_care", "communication"], 2)
        assert services.wg_disability(codes) is False

    def test_missing_refused_or_unknown_without_cut_off_is_none(self):
        assert services.wg_disability({"seeing": 1}) is None
        codes = dict.fromkeys(["seeing", "hearing", "mobility", "cognition", "self_care"], 1) | {"communication": 9}
        assert services.wg_disability(codes) is None

    def test_recording_answers_stores_the_flag(self, city_a):
        with city_context(city_a):
            seeker = services.jobseeker_register(actor=None, name="Siti", channel="self")
            services.functioning_record(job_seeker=seeker, answers={"mobility": FunctioningAnswer.Code.A_LOT})
            assert JobSeeker.objects.get(pk=seeker.pk).wg_disability is True


class TestDisclosureAndConsent:
    def test_nothing_is_shared_or_matched_by_default(self, city_a):
        with city_context(city_a):
            seeker = services.jobseeker_register(actor=None, name="Siti", channel="self")
            assert seeker.disclosures() == {"functioning": False, "ragam": False, "needs": False, "documents": False}
            assert not (seeker.matching_allowed or seeker.sharing_allowed or seeker.notifications_allowed)

    def test_published_texts_exist_for_every_purpose_in_both_languages(self):
        texts = ConsentText.objects.filter(version=1)
        assert sorted(texts.values_list("purpose", flat=True)) == [
            "matching",
            "notifications",
            "sharing",
            "specific_data",
        ]
        assert all(t.text_id and t.text_en for t in texts)

    def test_assisted_consent_records_version_channel_assistant_and_guardian(self, city_a):
        staff = UserFactory()
        with city_context(city_a):
            seeker = services.jobseeker_register(
                actor=staff,
                name="Budi",
                channel="staff",
                consents={"matching": True, "sharing": True, "notifications": False},
                consent_channel="in_person",
                guardian_name="Ibu Budi",
                guardian_relation="ibu",
            )
            assert seeker.registered_by == staff
            assert seeker.matching_allowed and seeker.sharing_allowed and not seeker.notifications_allowed
            record = seeker.consents.get(text__purpose="matching")
            assert (record.text.version, record.channel, record.assisted_by, record.guardian_name) == (
                1,
                "in_person",
                staff,
                "Ibu Budi",
            )
            assert record.recorded_at is not None

    def test_withdrawal_takes_effect_at_once_and_is_recorded(self, city_a):
        with city_context(city_a):
            seeker = services.jobseeker_register(
                actor=None, name="Siti", channel="self", consents={"matching": True, "sharing": True}
            )
            services.consent_withdraw(actor=None, job_seeker=seeker, purpose="matching")
            services.consent_withdraw(actor=None, job_seeker=seeker, purpose="sharing")
            fresh = JobSeeker.objects.get(pk=seeker.pk)
            assert not fresh.matching_allowed and not fresh.sharing_allowed
            assert not JobSeeker.objects.filter(matching_allowed=True).exists()
            latest = selectors.consents_latest(fresh)
            assert latest["matching"].decision == ConsentRecord.Decision.WITHDRAWN
            assert fresh.consents.count() == 4  # two given, two withdrawn: nothing overwritten


class TestCase:
    def test_allowed_and_refused_transitions(self, city_a):
        with city_context(city_a):
            seeker = services.jobseeker_register(actor=None, name="Siti", channel="self")
            with pytest.raises(ValidationError):
                services.case_status_change(actor=None, job_seeker=seeker, status=CaseStatus.PLACED)
            for status in ("active", "job_ready", "referred", "placed", "closed", "active"):
                services.case_status_change(actor=None, job_seeker=seeker, status=status)
            assert seeker.status == "active"


class TestDuplicates:
    def test_same_nik_or_same_name_and_birth_date(self, city_a, city_b):
        born = datetime.date(1990, 1, 7)
        with city_context(city_a):
            siti = services.jobseeker_register(
                actor=None, name="Siti Aminah", channel="self", nik=WOMAN, birth_date=born
            )
            assert list(selectors.jobseeker_duplicates(nik=WOMAN)) == [siti]
            assert list(selectors.jobseeker_duplicates(name="siti aminah", birth_date=born)) == [siti]
            assert not selectors.jobseeker_duplicates(name="Siti Aminah", birth_date=datetime.date(1991, 1, 7)).exists()
            assert not selectors.jobseeker_duplicates(nik=WOMAN, exclude_pk=siti.pk).exists()
        with city_context(city_b):
            assert not selectors.jobseeker_duplicates(nik=WOMAN).exists()


class TestAnonymise:
    def test_identity_gone_statistics_unchanged(self, city_a):
        from jobseekers.models import Education

        with city_context(city_a):
            seeker = services.jobseeker_register(
                actor=None,
                name="Siti",
                channel="self",
                nik=WOMAN,
                gender="female",
                birth_date=datetime.date(1990, 1, 7),
                phone="081234567890",
                ragam=["fisik"],
                referral_source="walk_in",
                consents={"matching": True},
            )
            services.functioning_record(job_seeker=seeker, answers={"mobility": 3})
            Education.objects.create(job_seeker=seeker, level="sma", institution="SMA 1", major="IPA")
            services.counselling_note_add(actor=None, job_seeker=seeker, met_on=datetime.date.today(), text="Rahasia")

            def stats():
                return (
                    JobSeeker.objects.filter(gender="female", ragam__contains=["fisik"], wg_disability=True).count(),
                    JobSeeker.objects.filter(referral_source="walk_in").count(),
                    Education.objects.filter(level="sma").count(),
                    FunctioningAnswer.objects.filter(domain="mobility", code=3).count(),
                )

            before = stats()
            jobseeker_anonymise(actor=None, job_seeker=seeker)
            fresh = JobSeeker.objects.get(pk=seeker.pk)
            assert stats() == before == (1, 1, 1, 1)
            assert (fresh.name, fresh.nik, fresh.phone, fresh.birth_date, fresh.user) == ("—", "", "", None, None)
            assert not fresh.notes.exists() and not fresh.matching_allowed and fresh.anonymised_at
            assert Education.objects.get().institution == ""


def test_the_admin_form_shows_no_sensitive_group():
    from django.contrib import admin

    from jobseekers.models import JobSeeker

    fields = set(admin.site._registry[JobSeeker].fields)
    sensitive = {
        "wg_disability",
        "ragam",
        "assistive_devices",
        "assistive_devices_text",
        "communication_needs",
        "accommodations",
        "accommodations_text",
        "kpd_number",
        "share_functioning",
        "share_ragam",
        "share_needs",
        "share_documents",
    }
    assert not fields & sensitive
