"""Reads of the placements app: suggestion lists, the employer's view of a candidate, work lists.

``candidate_for_employer`` is the one place that decides what an employer sees of a referred
person: the basic profile the person agreed to share with employers on a referral, plus only the
sensitive groups they disclosed on *this* referral (``Referral.disclosed``). The HTML page and the
API both render its output and nothing else.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from cities.tenancy import require_city_id
from employers.models import EmployerMember, Vacancy
from jobseekers.models import AssistiveDevice, CommunicationNeed, JobSeeker
from placements.matching.profiles import MATCHED_STATUSES
from placements.models import REFERRAL_TRANSITIONS, FollowUp, Interview, MatchSuggestion, PlacementSettings, Referral

EMPLOYER_VISIBLE_STATUSES = (
    Referral.Status.CONFIRMED,
    Referral.Status.INTERVIEW,
    Referral.Status.OFFERED,
    Referral.Status.PLACED,
    Referral.Status.REJECTED,
)


def suggestions_for_vacancy(vacancy: Vacancy) -> QuerySet[MatchSuggestion]:
    """The vacancy's suggestions, best first, for people still in matching (consent read live)."""
    return (
        MatchSuggestion.objects.filter(
            vacancy=vacancy,
            job_seeker__matching_allowed=True,
            job_seeker__anonymised_at__isnull=True,
            job_seeker__status__in=MATCHED_STATUSES,
        )
        .select_related("job_seeker")
        .order_by("-score", "pk")
    )


# --- "Within reach" --------------------------------------------------------------------------------
# The portal has no travel-time data and workplaces have a free-text address only, so reach is an
# explicit, documented text rule (docs/placements.md "Within reach"), never a guess from distance.
REACH_CHOICES = [
    ("", _("Anywhere")),
    ("kota", _("In the person's kota, or from home")),
    ("kecamatan", _("In the person's kecamatan or kelurahan, or from home")),
    ("remote", _("From home (remote) only")),
]
REACH_VALUES = frozenset(value for value, _label in REACH_CHOICES)


def _kota_word(city_name: str) -> str:
    """``"Kota Surakarta"`` → ``"surakarta"``: the word an address uses for the kota."""
    name = city_name.strip()
    return name[5:].strip() if name.lower().startswith("kota ") else name


def within_reach(
    suggestions: QuerySet[MatchSuggestion], reach: str, *, city_name: str = ""
) -> QuerySet[MatchSuggestion]:
    """Keep the suggestions whose workplace is within ``reach`` of the person (``REACH_CHOICES``).

    * ``"remote"``: the vacancy is done from home (``WorkArrangement.REMOTE``);
    * ``"kecamatan"``: remote, or the workplace address names the person's kecamatan or kelurahan
      (case-insensitive text match; a person with neither recorded matches only remote work);
    * ``"kota"``: as ``kecamatan``, or the address names the kota (``city_name`` without "Kota ");
    * ``""``: no filter.

    One SQL filter (``ILIKE`` against the joined columns), no query per row. Raises ``ValueError``
    for another value. Hybrid work counts as on site: the person still travels.
    """
    from employers.models import WorkArrangement

    if reach not in REACH_VALUES:
        raise ValueError(f"Unknown reach {reach!r}")
    if not reach:
        return suggestions
    address = "vacancy__workplace__address__icontains"
    keep = Q(vacancy__arrangement=WorkArrangement.REMOTE)
    if reach in ("kecamatan", "kota"):
        keep |= ~Q(job_seeker__kecamatan="") & Q(**{address: F("job_seeker__kecamatan")})
        keep |= ~Q(job_seeker__kelurahan="") & Q(**{address: F("job_seeker__kelurahan")})
    if reach == "kota" and _kota_word(city_name):
        keep |= Q(**{address: _kota_word(city_name)})
    return suggestions.filter(keep)


def suggestions_for_job_seeker(job_seeker: JobSeeker) -> QuerySet[MatchSuggestion]:
    """The person's suggested vacancies (published ones), best first; none once they opted out."""
    if not job_seeker.matching_allowed or job_seeker.anonymised_at:
        return MatchSuggestion.objects.none()
    return (
        MatchSuggestion.objects.filter(job_seeker=job_seeker, vacancy__status=Vacancy.Status.PUBLISHED)
        .select_related("vacancy__employer")
        .order_by("-score", "pk")
    )


def employer_referrals(user, vacancy: Vacancy | None = None) -> QuerySet[Referral]:
    """Referrals the user's organisation may see: confirmed by the person and later stages."""
    member = EmployerMember.objects.filter(user_id=user.pk).first()
    if member is None:
        return Referral.objects.none()
    qs = Referral.objects.filter(vacancy__employer_id=member.employer_id, status__in=EMPLOYER_VISIBLE_STATUSES)
    if vacancy is not None:
        qs = qs.filter(vacancy=vacancy)
    return qs.select_related("vacancy", "job_seeker").order_by("vacancy__title", "-updated_at", "pk")


def _labels(choices, codes) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(code, code)) for code in codes]


def candidate_for_employer(referral: Referral) -> dict:
    """What the employer may see of the referred person: a dict of plain values.

    Always: name, contact, education, experience, skills, preferred occupations (shared with
    employers under the person's sharing consent). Only when disclosed on this referral:
    ``functioning``, ``ragam``, ``needs``, ``documents``. Keys of undisclosed groups are absent.
    A referral the employer may not see (proposed, requested, not sent on, declined, withdrawn:
    not in ``EMPLOYER_VISIBLE_STATUSES``) raises ``ValueError``: nothing of it is built.
    """
    if referral.status not in EMPLOYER_VISIBLE_STATUSES:
        raise ValueError(f"Referral {referral.pk} is {referral.status}: the employer may not see it.")
    person = referral.job_seeker
    data: dict = {
        "referral": referral.pk,
        "status": referral.status,
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "education": [
            {"level": e.get_level_display(), "major": e.major, "institution": e.institution}
            for e in person.education.all()
        ],
        "experience": [
            {"job_title": x.job_title, "employer": x.employer_name, "from": x.start_year, "until": x.end_year}
            for x in person.experience.all()
        ],
        "skills": sorted(s.label() for s in person.skills.all()),  # in the reader's language
        "occupations": sorted(str(o) for o in person.occupations.all()),
    }
    disclosed = set(referral.disclosed)
    if "functioning" in disclosed:
        data["functioning"] = [
            {"domain": a.get_domain_display(), "answer": a.get_code_display()} for a in person.functioning.all()
        ]
    if "ragam" in disclosed:
        from reference.models import Ragam

        data["ragam"] = _labels(Ragam.choices, person.ragam)
    if "needs" in disclosed:
        data["needs"] = {
            "accommodations": sorted(
                a.text_id if get_language() == "id" else a.text_en for a in person.accommodations.all()
            ),
            "assistive_devices": _labels(AssistiveDevice.choices, person.assistive_devices),
            "communication": _labels(CommunicationNeed.choices, person.communication_needs),
            "other": person.accommodations_text,
        }
    if "documents" in disclosed:
        # The scans of signed consent forms are the center's proof, never a document for employers.
        data["documents"] = [
            {"kind": d.get_kind_display(), "title": d.title} for d in person.documents.all() if d.kind != "consent_form"
        ]
    return data


def audited_groups(referral: Referral) -> list[str]:
    """The sensitive groups ``candidate_for_employer`` shows (for ``accounts.audit.record_access``)."""
    mapping = {"functioning": "functioning", "ragam": "disability", "needs": "needs", "documents": "documents"}
    return sorted({mapping[g] for g in referral.disclosed if g in mapping})


def staff_today(*, today: datetime.date) -> dict:
    """Staff's work list: due follow-ups, requests from job seekers to decide (a count; the list is
    ``referral_requests``), referrals waiting for the person or the employer, new suggestions."""
    return {
        "followups": FollowUp.objects.filter(done_at__isnull=True, due_on__lte=today)
        .select_related("placement__referral__job_seeker", "placement__referral__vacancy")
        .order_by("due_on", "pk"),
        "requests": Referral.objects.filter(status=Referral.Status.REQUESTED).count(),
        "pending": Referral.objects.filter(status__in=[Referral.Status.PROPOSED, Referral.Status.CONFIRMED])
        .select_related("job_seeker", "vacancy")
        .order_by("updated_at", "pk"),
        "unconfirmed_interviews": Interview.objects.filter(
            confirmed_at__isnull=True, referral__status=Referral.Status.INTERVIEW
        )
        .exclude(accommodations=[])
        .select_related("referral__job_seeker", "referral__vacancy")
        .order_by("starts_at", "pk"),
        "vacancies": Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED)
        .select_related("employer")
        .order_by("-published_at", "pk"),
    }


def job_seeker_referrals(job_seeker: JobSeeker) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(job_seeker=job_seeker).select_related("vacancy__employer").order_by("-created_at", "pk")
    )


# --- Who the actor is -------------------------------------------------------------------------------


def actor_kinds(actor: User | None, referral: Referral) -> set[str]:
    """``person`` / ``staff`` / ``employer`` as the actor is, for this referral, in the current city."""
    if actor is None:
        return set()
    kinds = set()
    if referral.job_seeker.user_id and referral.job_seeker.user_id == actor.pk:
        kinds.add("person")
    roles = set(Membership.objects.filter(user_id=actor.pk, city_id=require_city_id()).values_list("role", flat=True))
    if Membership.Role.STAFF in roles:
        kinds.add("staff")
    if EmployerMember.objects.filter(user_id=actor.pk, employer_id=referral.vacancy.employer_id).exists():
        kinds.add("employer")
    return kinds


def transition_kinds(referral: Referral, to: str) -> frozenset[str] | None:
    """Who may move ``referral`` to ``to``: ``REFERRAL_TRANSITIONS`` (``None`` when there is no such
    move), narrowed by who proposed it. A referral the person asked for themselves
    (``Referral.is_self_request``) goes from ``proposed`` to ``requested`` (an officer decides it), not
    straight to ``confirmed`` by the person; one staff proposed is confirmed by the person (or by
    staff for them) and never ``requested``."""
    allowed = REFERRAL_TRANSITIONS.get((referral.status, to))
    if allowed is None or referral.status != Referral.Status.PROPOSED:
        return allowed
    if to == Referral.Status.REQUESTED and not referral.is_self_request:
        return frozenset()
    if to == Referral.Status.CONFIRMED and referral.is_self_request:
        return allowed - {"person"}
    return allowed


def may_move(actor: User | None, referral: Referral, to: str) -> bool:
    """Whether ``actor`` may move ``referral`` to ``to`` (``transition_kinds``), as the services check it."""
    allowed = transition_kinds(referral, to) or frozenset()
    return bool(allowed & actor_kinds(actor, referral))


# --- Requests from job seekers -----------------------------------------------------------------------


#: How many requests the list page shows at once (the oldest first; the page says how many wait in all).
REQUESTS_PAGE = 100


def referral_requests() -> QuerySet[Referral]:
    """The current city's referrals a person asked for and no officer has decided yet, oldest first
    (``updated_at``: the time of the request; a request is not saved again until it is decided)."""
    return (
        Referral.objects.filter(status=Referral.Status.REQUESTED)
        .select_related("job_seeker", "vacancy__employer")
        .order_by("updated_at", "pk")
    )


def suggestions_for_pairs(referrals) -> dict[tuple[int, int], MatchSuggestion]:
    """The match suggestion of each (person, vacancy) of ``referrals``, keyed by the pair: one query."""
    pairs = {(r.job_seeker_id, r.vacancy_id) for r in referrals}
    if not pairs:
        return {}
    found = MatchSuggestion.objects.filter(
        job_seeker_id__in={p for p, _v in pairs}, vacancy_id__in={v for _p, v in pairs}
    )
    return {(s.job_seeker_id, s.vacancy_id): s for s in found if (s.job_seeker_id, s.vacancy_id) in pairs}


def followup_months() -> list[int]:
    """The current city's follow-up schedule in force: months after the start date (default 1, 3, 6)."""
    settings_row = PlacementSettings.objects.first()
    return sorted(set(settings_row.followup_months)) if settings_row else [1, 3, 6]
