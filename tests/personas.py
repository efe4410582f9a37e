"""The suite's standard people, built with the app's own services (no pytest here).

Each builder creates one persona in its city (``member_register``/``member_sign_up`` open the city
context themselves; the tenant rows below are written inside ``city_context``) and returns the user,
or a small frozen dataclass with the records that come with the persona. The fixtures of
``tests/conftest.py`` (``staff_a``, ``seeker_a``, ``employer_a`` ...) and the test folders' own
worlds build on these functions, so every folder meets the same people.

Roles that sign in to staff pages (staff, city admin, partner, APEKSI) get a confirmed TOTP
authenticator unless ``mfa=False``, as the portal requires of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from accounts.models import Membership, User
from accounts.services import member_register, member_sign_up
from cities.tenancy import city_context
from tests.factories import UserFactory, give_totp

MFA_ROLES = frozenset({Membership.Role.STAFF, Membership.Role.CITY_ADMIN, Membership.Role.PARTNER})

# WG Short Set codes of a person with a seeing difficulty ("a lot of difficulty", code 3).
FUNCTIONING = {"seeing": 3, "hearing": 1, "mobility": 1, "cognition": 2, "self_care": 1, "communication": 1}


def member(city, role: str, *, mfa: bool | None = None, organisation: str = "", sign_up: bool = False, **user_fields):
    """A user with ``role`` in ``city``: ``member_sign_up`` (a job seeker's profile is made) when
    ``sign_up``, else ``member_register``; TOTP for the roles in ``MFA_ROLES`` unless ``mfa`` says."""
    user = UserFactory(**user_fields)
    if sign_up:
        member_sign_up(user=user, city=city, role=role)
    else:
        member_register(user=user, city=city, role=role, organisation=organisation)
    if mfa if mfa is not None else role in MFA_ROLES:
        give_totp(user)
    return user


def staff_officer(city, *, name: str = "Sari Petugas", mfa: bool | None = None, **user_fields) -> User:
    """A Disnaker/ULD officer of ``city``."""
    return member(city, Membership.Role.STAFF, mfa=mfa, name=name, **user_fields)


def city_admin(city, *, name: str = "Andi Admin Kota", mfa: bool | None = None, **user_fields) -> User:
    return member(city, Membership.Role.CITY_ADMIN, mfa=mfa, name=name, **user_fields)


@dataclass(frozen=True)
class Partner:
    """A member of a disability organisation (OPDis) and the people they registered (their caseload)."""

    user: User
    caseload: tuple = ()


def partner_member(
    city,
    *,
    name: str = "Yusuf Mitra",
    organisation: str = "Yayasan Contoh",
    mfa: bool | None = None,
    caseload: tuple[str, ...] = (),
    **user_fields,
) -> Partner:
    """A partner of ``city`` and, for each name in ``caseload``, a person they registered with the
    person's consent to matching and sharing (``jobseeker_register``, channel partner)."""
    from jobseekers.models import RegistrationChannel
    from jobseekers.services import jobseeker_register

    user = member(city, Membership.Role.PARTNER, mfa=mfa, organisation=organisation, name=name, **user_fields)
    people = []
    with city_context(city):
        for person in caseload:
            people.append(
                jobseeker_register(
                    actor=user,
                    name=person,
                    channel=RegistrationChannel.PARTNER,
                    consents={"matching": True, "sharing": True},
                    consent_channel="paper",
                    referral_source="opdis",
                )
            )
    return Partner(user=user, caseload=tuple(people))


@dataclass(frozen=True)
class Seeker:
    """A job seeker with an account (``user``) and their profile (``record``)."""

    user: User
    record: object


def job_seeker(
    city,
    *,
    name: str = "Rina Pencari",
    consents: tuple[str, ...] = ("specific_data", "matching", "sharing"),
    functioning: dict[str, int] | None = FUNCTIONING,
    **user_fields,
) -> Seeker:
    """A person who signed up in ``city`` (``member_sign_up`` makes the profile), gave ``consents``
    online and answered the Washington Group questions (``functioning_record``)."""
    from jobseekers.models import ConsentRecord, JobSeeker
    from jobseekers.services import consent_record, functioning_record

    user = member(city, Membership.Role.JOB_SEEKER, sign_up=True, name=name, **user_fields)
    with city_context(city):
        record = JobSeeker.objects.get(user=user)
        for purpose in consents:
            consent_record(
                actor=user, job_seeker=record, purpose=purpose, decision=ConsentRecord.Decision.GIVEN, channel="online"
            )
        if functioning is not None:
            record = functioning_record(job_seeker=record, answers=functioning)
        record.refresh_from_db()
    return Seeker(user=user, record=record)


def walk_in(city, name: str = "Agus Salim", **fields):
    """A person registered at the counter, without an account: the bare ``JobSeeker`` row with ``fields``."""
    from jobseekers.models import JobSeeker

    with city_context(city):
        return JobSeeker.objects.create(name=name, **fields)


@dataclass(frozen=True)
class EmployerPersona:
    """An employer user, their verified organisation, its workplace and a published vacancy."""

    user: User
    employer: object
    workplace: object
    vacancy: object
    extra: dict = field(default_factory=dict)


ORGANISATION = {
    "legal_name": "PT Sinar Nusantara",
    "nib": "8120000000001",
    "sector": "private",
    "size": "medium",
    "address": "Jl. Merdeka 1",
    "contact_name": "Bambang",
    "contact_email": "sdm@sinar.test",
}
WORKPLACE = {"name": "Kantor pusat", "address": "Jl. Merdeka 1", "features": ["step_free", "lift", "toilet"]}
VACANCY = {
    "title": "Staf administrasi",
    "description": "<p>Mengelola <strong>arsip</strong>.</p>",
    "essential_tasks": "Memasukkan data ke komputer.",
    "employment_type": "permanent",
    "arrangement": "on_site",
    "working_hours": "Senin-Jumat 08.00-16.00",
    "wage_min": 3_000_000,
    "wage_max": 4_000_000,
    "deadline": datetime.date(2099, 1, 31),
}


def employer(
    city,
    *,
    verifier: User,
    user: User | None = None,
    name: str = "Bambang Pemberi Kerja",
    organisation: dict | None = None,
    workplace: dict | None = None,
    vacancy: dict | None = None,
    interested: User | None = None,
) -> EmployerPersona:
    """An employer of ``city`` (``user``, or a new member named ``name``) whose organisation
    ``verifier`` (staff of the city) verified, with a workplace and a vacancy submitted by the
    employer and published by ``verifier`` (``employers.services``). ``organisation``, ``workplace``
    and ``vacancy`` replace the defaults above; with ``interested`` (a job seeker's user), that
    person's interest in the vacancy is in ``extra["interest"]``."""
    from employers import services

    user = user or member(city, Membership.Role.EMPLOYER, name=name)
    extra = {}
    with city_context(city):
        org = services.employer_register(actor=user, **(ORGANISATION if organisation is None else organisation))
        org = services.employer_verify(actor=verifier, employer=org)
        site = services.workplace_save(actor=user, employer=org, **(WORKPLACE if workplace is None else workplace))
        post = services.vacancy_save(
            actor=user, employer=org, workplace=site, **(VACANCY if vacancy is None else vacancy)
        )
        services.vacancy_submit(actor=user, vacancy=post)
        post = services.vacancy_publish(actor=verifier, vacancy=post)
        if interested is not None:
            extra["interest"] = services.interest_express(actor=interested, vacancy=post)
    return EmployerPersona(user=user, employer=org, workplace=site, vacancy=post, extra=extra)


def apeksi_analyst(*, name: str = "Dewi Analis APEKSI", mfa: bool = True, **user_fields) -> User:
    """A cross-city APEKSI analyst (no city membership)."""
    user = UserFactory(name=name, cross_city_role=User.CrossCityRole.APEKSI_ANALYST, **user_fields)
    if mfa:
        give_totp(user)
    return user


def apeksi_admin(*, name: str = "Dewi APEKSI", mfa: bool = True, **user_fields) -> User:
    """APEKSI's platform administrator (Django admin: superuser and staff)."""
    user = UserFactory(
        name=name, is_superuser=True, is_staff=True, cross_city_role=User.CrossCityRole.APEKSI_ADMIN, **user_fields
    )
    if mfa:
        give_totp(user)
    return user


def cast(
    city_a, city_b, *, other_city_key: str = "other_city_staff", apeksi_key: str = "apeksi_analyst"
) -> dict[str, User]:
    """One user of every kind, keyed by role: city A's job seeker (an account, no profile yet: the
    caller makes the ``JobSeeker`` row it needs), employer (no organisation yet), staff officer,
    city admin and partner, city B's staff officer under ``other_city_key`` and an APEKSI analyst
    under ``apeksi_key``."""
    return {
        Membership.Role.JOB_SEEKER: member(city_a, Membership.Role.JOB_SEEKER, name="Rina Pencari"),
        Membership.Role.EMPLOYER: member(city_a, Membership.Role.EMPLOYER, name="Bambang Pemberi Kerja"),
        Membership.Role.STAFF: staff_officer(city_a),
        Membership.Role.CITY_ADMIN: city_admin(city_a),
        Membership.Role.PARTNER: partner_member(city_a).user,
        other_city_key: staff_officer(city_b, name="Petugas Beta"),
        apeksi_key: apeksi_analyst(),
    }
