"""Every write of the employers app.

Services are keyword-only and atomic and run inside the caller's city context (views run in the
request's city; tasks in ``CityTask``'s). Refusals a user can cause raise ``EmployerError`` with a
translated message to show as is; invalid field values raise ``ValidationError`` from
``full_clean()``.

Who may do what, beyond the permission table on the views:

- an **employer member** acts only on their own organisation (``EmployerMember``);
- **city staff** verify organisations, publish vacancies, record verified quota reports and the
  services log;
- vacancy status changes follow ``models.VACANCY_TRANSITIONS``; a vacancy of an unverified
  employer is never published.
"""

from __future__ import annotations

import datetime
import re
from html import unescape

import nh3
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from cities.calendar import city_today
from cities.tenancy import require_city_id
from employers import signals
from employers.models import (
    VACANCY_TRANSITIONS,
    Employer,
    EmployerMember,
    EmployerService,
    Interest,
    PublishedVacancy,
    QuotaReport,
    Vacancy,
    VacancyAccommodation,
    VacancySkill,
    Workplace,
)
from reference.models import Skill


class EmployerError(Exception):
    """A refusal to show the user: ``str(error)`` is the translated message."""


# --- Sanitising -------------------------------------------------------------------------------------
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "h3", "h4", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """``html`` reduced to an allow-list (paragraphs, emphasis, lists, level-3/4 headings, links).

    nh3 (ammonia) drops every other tag, removes the content of ``script``/``style``, every
    attribute not listed (so ``onclick``, ``onerror``, ``style``...) and ``javascript:`` URLs, and
    adds ``rel="noopener noreferrer nofollow"`` to links.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def html_to_text(html: str) -> str:
    """Plain text of sanitised HTML (for search and feeds)."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html or ""))).strip()


# --- Who the actor is here ----------------------------------------------------------------------------
def _roles(actor: User) -> set[str]:
    return set(Membership.objects.filter(user_id=actor.pk, city_id=require_city_id()).values_list("role", flat=True))


def _is_staff(actor: User | None) -> bool:
    return actor is not None and Membership.Role.STAFF in _roles(actor)


def employer_of(user: User) -> Employer | None:
    """The organisation ``user`` belongs to in the current city, or ``None``."""
    member = EmployerMember.objects.select_related("employer").filter(user_id=user.pk).first()
    return member.employer if member else None


def _is_member(actor: User | None, employer: Employer) -> bool:
    return actor is not None and EmployerMember.objects.filter(user_id=actor.pk, employer_id=employer.pk).exists()


def _require_member_or_staff(actor: User, employer: Employer) -> None:
    if not (_is_member(actor, employer) or _is_staff(actor)):
        raise EmployerError(_("Only the organisation's members or city staff may do this."))


# --- Organisations ------------------------------------------------------------------------------------
EMPLOYER_FIELDS = (
    "legal_name",
    "nib",
    "sector",
    "industry",
    "size",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
)


@transaction.atomic
def employer_register(*, actor: User, **fields) -> Employer:
    """Register an organisation and make ``actor`` (who holds the employer role here) its first member.

    The organisation starts unverified. Raises ``EmployerError`` when ``actor`` is not an employer
    member of this city or already belongs to an organisation here.
    """
    if Membership.Role.EMPLOYER not in _roles(actor):
        raise EmployerError(_("Only employer accounts may register an organisation."))
    if EmployerMember.objects.filter(user_id=actor.pk).exists():
        raise EmployerError(_("You already belong to an organisation in this city."))
    employer = Employer(**{name: value for name, value in fields.items() if name in EMPLOYER_FIELDS})
    employer.full_clean()
    employer.save()
    member = EmployerMember(employer=employer, user=actor)
    member.full_clean(exclude=["city"])
    member.save()
    return employer


@transaction.atomic
def employer_update(*, actor: User, employer: Employer, **fields) -> Employer:
    """Change an organisation's details (a member or staff).

    A new legal name or NIB from a member needs verification again (the verification vouched for
    the old ones): the verification is cleared, the verified values and the time of the change are
    kept (``verified_details``, ``details_changed_at``) and the organisation appears in the staff's
    re-verification queue. Its published vacancies stay published under the new name until staff
    decide (verify again, or close them); new ones cannot be published meanwhile. A change made by
    staff needs no re-verification.
    """
    _require_member_or_staff(actor, employer)
    before = {"legal_name": employer.legal_name, "nib": employer.nib}
    for name, value in fields.items():
        if name in EMPLOYER_FIELDS:
            setattr(employer, name, value)
    changed = (employer.legal_name, employer.nib) != (before["legal_name"], before["nib"])
    if changed and employer.is_verified and not _is_staff(actor):
        # Back to the staff's re-verification queue, with what staff had verified to compare.
        employer.verified_details = {**before, "verified_at": employer.verified_at.isoformat()}
        employer.details_changed_at = timezone.now()
        employer.verified_at = None
        employer.verified_by = None
    employer.full_clean()
    employer.save()
    PublishedVacancy.objects.filter(portal_city_id=employer.city_id, vacancy_id__in=_published_ids(employer)).update(
        employer_name=employer.legal_name
    )
    return employer


def _published_ids(employer: Employer) -> list[int]:
    return list(employer.vacancies.filter(status=Vacancy.Status.PUBLISHED).values_list("pk", flat=True))


@transaction.atomic
def employer_verify(*, actor: User, employer: Employer) -> Employer:
    """City staff confirm the organisation exists (NIB checked in OSS, or a government office).

    Also the answer to the re-verification queue (``selectors.reverification_queue``): it clears a
    pending change of details and starts the period after which verification is due again.
    """
    if not _is_staff(actor):
        raise EmployerError(_("Only city staff verify employers."))
    employer.verified_at = timezone.now()
    employer.verified_by = actor
    employer.details_changed_at = None
    employer.verified_details = {}
    employer.save(update_fields=["verified_at", "verified_by", "details_changed_at", "verified_details"])
    return employer


# --- Quota ---------------------------------------------------------------------------------------------
@transaction.atomic
def quota_report_record(
    *,
    actor: User,
    employer: Employer,
    year: int,
    headcount: int,
    employees_with_disabilities: int,
    source: str,
    reported_on: datetime.date | None = None,
) -> QuotaReport:
    """Add a quota report (history: one or more per year). Members may record ``wlkp`` or ``self``;
    only staff record ``verified``. Raises ``ValidationError`` when employees with disabilities
    exceed the headcount."""
    _require_member_or_staff(actor, employer)
    if source == QuotaReport.Source.VERIFIED and not _is_staff(actor):
        raise EmployerError(_("Only city staff may record a verified report."))
    report = QuotaReport(
        employer=employer,
        year=year,
        headcount=headcount,
        employees_with_disabilities=employees_with_disabilities,
        source=source,
        reported_on=reported_on or timezone.localdate(),
        recorded_by=actor,
    )
    if report.employees_with_disabilities > report.headcount:
        raise ValidationError(
            {"employees_with_disabilities": _("This cannot be more than the total number of employees.")}
        )
    report.full_clean(exclude=["city"])
    report.save()
    return report


# --- Workplaces ----------------------------------------------------------------------------------------
@transaction.atomic
def workplace_save(*, actor: User, employer: Employer, workplace: Workplace | None = None, **fields) -> Workplace:
    """Create (``workplace=None``) or change a site of ``employer`` with its declared features."""
    _require_member_or_staff(actor, employer)
    workplace = workplace or Workplace(employer=employer)
    if workplace.employer_id != employer.pk:
        raise EmployerError(_("This site belongs to another organisation."))
    for name in ("name", "address", "features", "notes"):
        if name in fields:
            setattr(workplace, name, fields[name])
    workplace.full_clean(exclude=["city"])
    workplace.save()
    return workplace


# --- Vacancies -----------------------------------------------------------------------------------------
VACANCY_FIELDS = (
    "title",
    "occupation",
    "description",
    "essential_tasks",
    "education_level",
    "skills",
    "experience",
    "experience_years",
    "openings",
    "employment_type",
    "arrangement",
    "working_hours",
    "wage_min",
    "wage_max",
    "wage_negotiable",
    "workplace",
    "deadline",
    "accommodations_other",
    "recruitment_options",
    "reserved_for_pwd",
)


@transaction.atomic
def vacancy_save(
    *,
    actor: User,
    employer: Employer,
    vacancy: Vacancy | None = None,
    accommodations=None,
    esco_skills=None,
    **fields,
) -> Vacancy:
    """Create a draft (``vacancy=None``) or change a draft of ``employer``.

    ``description`` is sanitised (``sanitize_html``); ``accommodations`` is an iterable of
    ``reference.AccommodationType``, ``esco_skills`` one of ``reference.Skill`` (the skills the job
    needs, compared by matching with the job seekers' skills); ``None`` leaves either as it is.
    ``experience_years`` is whole years (0-50) or ``None`` (none asked). Only drafts change: a
    submitted vacancy is withdrawn to draft first, a published one is closed and posted again.
    """
    _require_member_or_staff(actor, employer)
    if vacancy is None:
        vacancy = Vacancy(employer=employer, created_by=actor)
    elif vacancy.employer_id != employer.pk:
        raise EmployerError(_("This vacancy belongs to another organisation."))
    if vacancy.status != Vacancy.Status.DRAFT:
        raise EmployerError(_("Only a draft can be changed. Withdraw it to a draft first."))
    for name in VACANCY_FIELDS:
        if name in fields:
            setattr(vacancy, name, fields[name])
    vacancy.description = sanitize_html(vacancy.description)
    if vacancy.workplace is not None and vacancy.workplace.employer_id != employer.pk:
        raise EmployerError(_("Choose one of your organisation's sites."))
    if vacancy.wage_min is not None and vacancy.wage_max is not None and vacancy.wage_min > vacancy.wage_max:
        raise ValidationError({"wage_max": _("The highest wage must not be lower than the lowest wage.")})
    if vacancy.wage_min is None and vacancy.wage_max is None and not vacancy.wage_negotiable:
        raise ValidationError({"wage_min": _("Give a wage range, or say that the wage is negotiable.")})
    if not vacancy.description:
        raise ValidationError({"description": _("Describe the job.")})
    vacancy_deadline_check(vacancy.deadline, city_today(require_city_id()))
    vacancy.full_clean(exclude=["city", "employer", "created_by"])
    vacancy.save()
    if accommodations is not None:
        _replace_links(VacancyAccommodation, vacancy, "accommodation_id", {item.pk for item in accommodations})
    if esco_skills is not None:
        _replace_links(VacancySkill, vacancy, "skill_id", {item.pk for item in esco_skills})
    return vacancy


def vacancy_deadline_check(deadline: datetime.date | None, published_on: datetime.date) -> None:
    """The application deadline is on or after the day of publication (a draft: today, the earliest it
    can be published), on the city's calendar: ``ValidationError`` on ``deadline``. The database checks
    the published vacancy's row too (``vacancy_deadline_on_or_after_publication``)."""
    if deadline is not None and deadline < published_on:
        raise ValidationError(
            {
                "deadline": ValidationError(
                    _(
                        "The application deadline %(deadline)s is before the day of publication (%(date)s). "
                        "Give a later deadline."
                    ),
                    code="deadline_before_publication",
                    params={"deadline": deadline.strftime("%d/%m/%Y"), "date": published_on.strftime("%d/%m/%Y")},
                )
            }
        )


def _replace_links(model, vacancy: Vacancy, column: str, wanted: set[int]) -> None:
    """Make ``vacancy``'s rows of the through table ``model`` point at exactly the ids ``wanted``."""
    current = set(model.objects.filter(vacancy=vacancy).values_list(column, flat=True))
    model.objects.filter(vacancy=vacancy, **{f"{column}__in": current - wanted}).delete()
    model.objects.bulk_create([model(vacancy=vacancy, **{column: pk}) for pk in sorted(wanted - current)])


def actor_kinds(actor: User | None, vacancy: Vacancy) -> set[str]:
    """The kinds ``actor`` acts as on ``vacancy``: ``employer`` (a member of its organisation),
    ``staff``; ``None`` is the ``system`` (the deadline task)."""
    if actor is None:
        return {"system"}
    kinds = set()
    if _is_member(actor, vacancy.employer):
        kinds.add("employer")
    if _is_staff(actor):
        kinds.add("staff")
    return kinds


def may_transition(actor: User | None, vacancy: Vacancy, to: str) -> bool:
    allowed = VACANCY_TRANSITIONS.get((vacancy.status, to), frozenset())
    return bool(allowed & actor_kinds(actor, vacancy))


@transaction.atomic
def vacancy_transition(*, actor: User | None, vacancy: Vacancy, to: str, note: str = "") -> Vacancy:
    """Move ``vacancy`` to status ``to`` following ``VACANCY_TRANSITIONS`` (``actor=None``: the system).

    Publishing needs a verified employer and keeps the public index (``PublishedVacancy``) in
    step: a published vacancy is in it, any other status is not. Raises ``EmployerError`` for a
    transition that does not exist or that this actor may not make, and ``ValidationError`` (on
    ``deadline``) for publishing a vacancy whose application deadline has passed.
    """
    vacancy = Vacancy.objects.select_for_update().select_related("employer").get(pk=vacancy.pk)
    previous = vacancy.status
    if (vacancy.status, to) not in VACANCY_TRANSITIONS:
        raise EmployerError(_("A vacancy cannot go from this status to that one."))
    if not may_transition(actor, vacancy, to):
        raise EmployerError(_("You may not change this vacancy's status."))
    now = timezone.now()
    if to == Vacancy.Status.PUBLISHED:
        if not vacancy.employer.is_verified:
            raise EmployerError(_("The employer must be verified before its vacancies are published."))
        vacancy_deadline_check(vacancy.deadline, city_today(vacancy.city_id, now))
        vacancy.published_at = now
        vacancy.published_by = actor
    elif to == Vacancy.Status.SUBMITTED:
        vacancy.submitted_at = now
        vacancy.review_note = ""
    elif to == Vacancy.Status.DRAFT:
        vacancy.review_note = note
    else:
        vacancy.ended_at = now
    vacancy.status = to
    vacancy.save()
    if to == Vacancy.Status.PUBLISHED:
        index_vacancy(vacancy)
        signals.vacancy_published.send(sender=Vacancy, vacancy=vacancy, actor=actor)
    else:
        PublishedVacancy.objects.filter(portal_city_id=vacancy.city_id, vacancy_id=vacancy.pk).delete()
    signals.vacancy_status_changed.send(sender=Vacancy, vacancy=vacancy, actor=actor, previous=previous)
    return vacancy


def vacancy_submit(*, actor: User, vacancy: Vacancy) -> Vacancy:
    return vacancy_transition(actor=actor, vacancy=vacancy, to=Vacancy.Status.SUBMITTED)


def vacancy_publish(*, actor: User, vacancy: Vacancy) -> Vacancy:
    return vacancy_transition(actor=actor, vacancy=vacancy, to=Vacancy.Status.PUBLISHED)


def index_vacancy(vacancy: Vacancy) -> PublishedVacancy:
    """Write the public index row of a published vacancy (only what its public page shows)."""
    occupation = vacancy.occupation
    accommodation_ids = sorted(
        VacancyAccommodation.objects.filter(vacancy=vacancy).values_list("accommodation_id", flat=True)
    )
    words = [
        vacancy.title,
        vacancy.employer.legal_name,
        occupation.title_id if occupation else "",
        occupation.title_en if occupation else "",
        html_to_text(vacancy.description),
        vacancy.essential_tasks,
        vacancy.skills,
        *(
            label
            for labels in Skill.objects.filter(
                pk__in=VacancySkill.objects.filter(vacancy=vacancy).values("skill_id")
            ).values_list("label_en", "label_id")
            for label in labels
        ),
    ]
    row, _created = PublishedVacancy.objects.update_or_create(
        portal_city_id=vacancy.city_id,
        vacancy_id=vacancy.pk,
        defaults={
            "title": vacancy.title,
            "employer_name": vacancy.employer.legal_name,
            "occupation": occupation,
            "arrangement": vacancy.arrangement,
            "employment_type": vacancy.employment_type,
            "accommodation_ids": accommodation_ids,
            "reserved_for_pwd": vacancy.reserved_for_pwd,
            "wage_min": vacancy.wage_min,
            "wage_max": vacancy.wage_max,
            "wage_negotiable": vacancy.wage_negotiable,
            "deadline": vacancy.deadline,
            "published_at": vacancy.published_at,
            "search_text": " ".join(word for word in words if word).lower(),
        },
    )
    return row


def vacancies_expire(*, today: datetime.date | None = None) -> int:
    """Expire the current city's published vacancies whose deadline is before ``today`` (the
    city's date by default): the deadline day itself is still open. Returns how many expired."""
    today = today or city_today(require_city_id())
    due = Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED, deadline__lt=today).order_by("pk")
    count = 0
    for vacancy in due:
        vacancy_transition(actor=None, vacancy=vacancy, to=Vacancy.Status.EXPIRED)
        count += 1
    return count


# --- Services log and interest --------------------------------------------------------------------------
@transaction.atomic
def employer_service_record(*, actor: User, employer: Employer, **fields) -> EmployerService:
    """Log a service the IJC gave ``employer`` (staff only); ``staff`` defaults to ``actor``."""
    if not _is_staff(actor):
        raise EmployerError(_("Only city staff record services to employers."))
    fields.setdefault("staff", actor)
    service = EmployerService(employer=employer, **fields)
    service.full_clean(exclude=["city"])
    service.save()
    return service


@transaction.atomic
def interest_express(*, actor: User, vacancy: Vacancy, message: str = "") -> Interest:
    """A job seeker of this city says they are interested in a published vacancy; staff review it.

    Raises ``EmployerError`` for anyone but a job seeker here, a vacancy that is not published, or
    a second expression of interest in the same vacancy.
    """
    if Membership.Role.JOB_SEEKER not in _roles(actor):
        raise EmployerError(_("Only job seekers registered in this city can express interest."))
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise EmployerError(_("This vacancy is no longer open."))
    interest = Interest(vacancy=vacancy, user=actor, message=message.strip())
    interest.full_clean(exclude=["city", "vacancy", "user"])
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError as error:
        raise EmployerError(_("You have already expressed interest in this vacancy.")) from error
    return interest


@transaction.atomic
def interest_mark_reviewed(*, actor: User, interest: Interest) -> Interest:
    if not _is_staff(actor):
        raise EmployerError(_("Only city staff review expressions of interest."))
    interest.status = Interest.Status.REVIEWED
    interest.reviewed_by = actor
    interest.reviewed_at = timezone.now()
    interest.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return interest
