"""Demo employers for `make run` (``python manage.py load_demo``): clearly fake organisations with
sites, quota reports, services and vacancies in each status, written through the services.

Development only (the command refuses otherwise). Idempotent: an organisation whose NIB already
exists in the city is left as it is, with everything under it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from accounts.models import Membership, User
from accounts.services import member_register
from cities.calendar import city_today
from cities.models import City
from employers import services
from employers.models import Employer, EmployerMember, Vacancy
from reference.models import AccommodationType, Occupation, Skill


@dataclass
class DemoVacancy:
    title: str
    status: str  # draft, submitted or published
    occupation_prefix: str  # a KBJI 2014 code prefix; the first unit group under it is used
    skills: tuple[str, ...] = ()  # ESCO labels, used when the reference data is loaded
    years: int | None = None
    arrangement: str = "on_site"
    employment_type: str = "permanent"
    wage: tuple[int | None, int | None] = (None, None)
    reserved: bool = False
    accommodations: int = 2  # how many catalogue entries (the first ones by code)
    recruitment: tuple[str, ...] = ("extra_time", "form_help")


@dataclass
class DemoEmployer:
    legal_name: str
    nib: str
    sector: str
    size: str
    address: str
    site: str
    features: list[str]
    reports: tuple[tuple[int, int, int], ...]  # (year, headcount, employees with disabilities)
    verified: bool = True
    login: bool = False  # the city's demo employer login is its member
    vacancies: tuple[DemoVacancy, ...] = ()
    services: tuple[tuple[str, int], ...] = ()  # (kind, participants)
    extra: dict = field(default_factory=dict)


def _employers(city: City) -> list[DemoEmployer]:
    place = city.name
    return [
        DemoEmployer(
            legal_name=f"PT Contoh Karya {place} (demo)",
            nib="9" + city.code.replace(".", "").ljust(6, "0") + "000001",
            sector="private",
            size="medium",
            address=f"Jl. Contoh Raya 1, {place}",
            site="Kantor dan gudang",
            features=["step_free", "toilet", "parking"],
            reports=((2025, 80, 0), (2026, 95, 1)),
            login=True,
            vacancies=(
                DemoVacancy(
                    "Staf administrasi gudang (demo)",
                    "published",
                    "41",
                    skills=("use a computer", "manage time"),
                    years=1,
                    wage=(2_800_000, 3_400_000),
                ),
                DemoVacancy(
                    "Operator input data, kerja dari rumah (demo)",
                    "published",
                    "41",
                    skills=("use a computer",),
                    arrangement="remote",
                    employment_type="fixed_term",
                    wage=(2_500_000, None),
                    reserved=True,
                    recruitment=("remote_interview", "extra_time"),
                ),
                DemoVacancy(
                    "Petugas layanan pelanggan (demo)", "submitted", "42", years=2, wage=(3_000_000, 3_500_000)
                ),
                DemoVacancy("Penjahit (demo)", "draft", "75", wage=(None, None)),
            ),
            services=(("awareness", 18), ("accommodation", 6)),
        ),
        DemoEmployer(
            legal_name=f"Perumda Contoh Air Minum {place} (demo)",
            nib="",
            sector="bumd",
            size="large",
            address=f"Jl. Contoh Sumber 7, {place}",
            site="Kantor pelayanan",
            features=["step_free", "lift", "toilet", "guiding_blocks", "signage"],
            reports=((2026, 420, 6),),
            vacancies=(
                DemoVacancy(
                    "Petugas pencatat meter (demo)",
                    "published",
                    "43",
                    skills=("work in teams",),
                    years=None,
                    wage=(3_200_000, 3_800_000),
                    recruitment=("sign_interpreter", "accessible_venue"),
                ),
            ),
            services=(("quota_advice", 2),),
        ),
        DemoEmployer(
            legal_name=f"CV Contoh Baru {place} (demo)",
            nib="9" + city.code.replace(".", "").ljust(6, "0") + "000003",
            sector="private",
            size="small",
            address=f"Jl. Contoh Pasar 3, {place}",
            site="Toko",
            features=["quiet_space"],
            reports=(),
            verified=False,  # waits for verification; its submitted vacancy cannot be published yet
            vacancies=(DemoVacancy("Kasir toko (demo)", "submitted", "52", wage=(None, None)),),
        ),
    ]


def _occupation(prefix: str) -> Occupation | None:
    return (
        Occupation.objects.filter(level=Occupation.Level.UNIT_GROUP, code__startswith=prefix)
        .exclude(title_id="")
        .order_by("code")
        .first()
    )


def _member(city: City, email: str) -> User:
    """A member account for a demo organisation that has no demo login (it cannot sign in)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, name="Contoh Bagian SDM (demo)")
    member_register(user=user, city=city, role=Membership.Role.EMPLOYER)
    return user


def load_demo_employers(city: City, *, employer_user: User | None, staff: User) -> int:
    """Create the demo employers of ``city`` (run inside its city context); returns how many were
    new. ``employer_user`` (the demo employer login, or ``None``) becomes the first one's member."""
    created = 0
    today = city_today(city)
    for demo in _employers(city):
        query = {"nib": demo.nib} if demo.nib else {"legal_name": demo.legal_name}
        if Employer.objects.filter(**query).exists():
            continue
        details = {
            "legal_name": demo.legal_name,
            "nib": demo.nib,
            "sector": demo.sector,
            "size": demo.size,
            "address": demo.address,
            "contact_name": "Contoh Bagian SDM (demo)",
            "contact_email": f"sdm.{demo.nib or 'perumda'}.{city.slug}@demo.ijc.test",
        }
        if demo.login and employer_user and not EmployerMember.objects.filter(user_id=employer_user.pk).exists():
            actor = employer_user
        else:
            actor = _member(city, details["contact_email"])
        employer = services.employer_register(actor=actor, **details)
        created += 1
        if demo.verified:
            services.employer_verify(actor=staff, employer=employer)
        site = services.workplace_save(
            actor=actor, employer=employer, name=demo.site, address=demo.address, features=demo.features, notes=""
        )
        for year, headcount, pwd in demo.reports:
            services.quota_report_record(
                actor=staff if demo.verified else actor,
                employer=employer,
                year=year,
                headcount=headcount,
                employees_with_disabilities=pwd,
                source="verified" if demo.verified else "self",
                reported_on=datetime.date(year, 1, 31),
            )
        for kind, participants in demo.services:
            services.employer_service_record(
                actor=staff,
                employer=employer,
                kind=kind,
                date=today - datetime.timedelta(days=30),
                participants=participants,
            )
        accommodations = list(AccommodationType.objects.order_by("code"))
        for item in demo.vacancies:
            vacancy = services.vacancy_save(
                actor=actor,
                employer=employer,
                accommodations=accommodations[: item.accommodations],
                esco_skills=list(Skill.objects.filter(label_en__in=item.skills)),
                title=item.title,
                occupation=_occupation(item.occupation_prefix),
                description=(
                    "<p>Lowongan contoh untuk mencoba portal. Tim kami terbuka bagi penyandang disabilitas.</p>"
                    "<ul><li>Pelatihan di tempat kerja</li><li>Jam kerja dapat disesuaikan</li></ul>"
                ),
                essential_tasks="Mencatat data harian.\nMelayani pertanyaan rekan kerja dan pelanggan.",
                education_level="sma",
                experience_years=item.years,
                openings=2,
                employment_type=item.employment_type,
                arrangement=item.arrangement,
                working_hours="Senin-Jumat 08.00-16.00",
                wage_min=item.wage[0],
                wage_max=item.wage[1],
                wage_negotiable=item.wage == (None, None),
                workplace=site,
                deadline=today + datetime.timedelta(days=60),
                recruitment_options=list(item.recruitment),
                reserved_for_pwd=item.reserved,
            )
            if item.status in (Vacancy.Status.SUBMITTED, Vacancy.Status.PUBLISHED):
                vacancy = services.vacancy_submit(actor=actor, vacancy=vacancy)
            if item.status == Vacancy.Status.PUBLISHED:
                services.vacancy_publish(actor=staff, vacancy=vacancy)
    return created
