"""Writes of the placements app: suggestions, referrals, interviews, placements, follow-ups.

Every function is keyword-only and atomic. Referral moves go through ``_move`` only, which checks
``REFERRAL_TRANSITIONS`` (from, to, kind of actor), saves, and appends a ``ReferralEvent``.
Errors: ``PlacementError`` (a message for the user) for an illegal move or a rule broken.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from cities.tenancy import require_city_id
from employers.models import EmployerMember, Vacancy
from jobseekers.models import DISCLOSURE_GROUPS, JobSeeker
from placements import notices, signals
from placements.matching import engine
from placements.matching.profiles import eligible_seekers, load_seekers, load_vacancies, open_vacancies
from placements.models import (
    REFERRAL_TRANSITIONS,
    CityMatchRun,
    FollowUp,
    Interview,
    MatchSuggestion,
    Placement,
    PlacementSettings,
    Referral,
    ReferralEvent,
)

SUGGESTIONS_PER_VACANCY = 50
SUGGESTIONS_PER_SEEKER = 10
VACANCY_BLOCK = 128  # vacancies scored at once in the nightly run: P x 128 float32 arrays


class PlacementError(Exception):
    """A rule of the referral workflow was broken; ``str(error)`` is a message for the user."""


# --- Matching ------------------------------------------------------------------------------------


def _suggestion(sm, vm, scores, i, j, now, row=None) -> MatchSuggestion:
    explained = engine.explain(sm, vm, scores, i, j, row=row)
    return MatchSuggestion(
        vacancy_id=int(vm.ids[j]),
        job_seeker_id=int(sm.ids[i if row is None else row]),
        score=Decimal(str(round(float(scores.total[i, j]), 2))),
        components=explained["components"],
        reasons=explained["reasons"],
        computed_at=now,
    )


@transaction.atomic
def suggestions_for_vacancy(*, vacancy_id: int) -> int:
    """Replace a vacancy's suggestions with its best ``SUGGESTIONS_PER_VACANCY`` job seekers; returns the count.

    A vacancy that is not published loses its suggestions. Atomic: readers see the old or the new set.
    """
    MatchSuggestion.objects.filter(vacancy_id=vacancy_id).delete()
    vacancies = load_vacancies(open_vacancies().filter(pk=vacancy_id))
    seekers = load_seekers()
    if not vacancies or not seekers:
        return 0
    sm = engine.SeekerMatrix(seekers)
    vm = engine.VacancyMatrix(vacancies, sm)
    scores = engine.score(sm, vm)
    now = timezone.now()
    rows = [
        _suggestion(sm, vm, scores, int(i), 0, now)
        for i in engine.top_indexes(scores.total[:, 0], SUGGESTIONS_PER_VACANCY)
    ]
    MatchSuggestion.objects.bulk_create(rows)
    notices.vacancy_matches(rows)
    return len(rows)


@transaction.atomic
def suggestions_for_job_seeker(*, job_seeker_id: int) -> int:
    """Replace a person's suggestions with their best ``SUGGESTIONS_PER_SEEKER`` open vacancies.

    A person who opted out, withdrew matching consent, was anonymised or whose case is closed or
    placed loses every suggestion (and appears in no other list: the selectors filter too).
    """
    MatchSuggestion.objects.filter(job_seeker_id=job_seeker_id).delete()
    seekers = load_seekers(eligible_seekers().filter(pk=job_seeker_id))
    vacancies = load_vacancies()
    if not seekers or not vacancies:
        return 0
    sm = engine.SeekerMatrix(seekers)
    vm = engine.VacancyMatrix(vacancies, sm)
    scores = engine.score(sm, vm)
    now = timezone.now()
    best = engine.top_indexes(scores.total[0], SUGGESTIONS_PER_SEEKER)
    rows = [_suggestion(sm, vm, scores, 0, int(j), now) for j in best]
    MatchSuggestion.objects.bulk_create(rows)
    return len(rows)


def rank_city(
    seekers: list,
    vacancies: list,
    *,
    per_vacancy: int = SUGGESTIONS_PER_VACANCY,
    per_seeker: int = SUGGESTIONS_PER_SEEKER,
):
    """Score all pairs block by block; returns ``(sm, vm, picked)``, ``picked[(row, col)] = (score, explanation)``.

    Keeps each vacancy's best ``per_vacancy`` and each person's best ``per_seeker`` (a running top-k
    over the blocks, vectorised), so memory stays at ``P x VACANCY_BLOCK``. Explanations are built
    only for the kept pairs, from the block's arrays.
    """
    import numpy as np

    sm = engine.SeekerMatrix(seekers)
    vm = engine.VacancyMatrix(vacancies, sm)
    p_count = len(sm)
    per_seeker = max(1, per_seeker)
    best_score = np.full((p_count, per_seeker), -1.0, dtype=np.float32)
    best_col = np.full((p_count, per_seeker), -1, dtype=np.int64)
    picked: dict[tuple[int, int], tuple[float, dict]] = {}
    limit = min(per_vacancy, p_count)
    for start in range(0, len(vm), VACANCY_BLOCK):
        block = _slice_vacancies(vm, start, start + VACANCY_BLOCK)
        scores = engine.score(sm, block)
        width = scores.total.shape[1]
        top = (
            np.argpartition(-scores.total, limit - 1, axis=0)[:limit]
            if limit < p_count
            else np.tile(np.arange(p_count)[:, None], (1, width))
        )
        for jj in range(width):
            for i in top[:, jj].tolist():
                picked[(i, start + jj)] = (float(scores.total[i, jj]), engine.explain(sm, block, scores, i, jj))
        cols = np.broadcast_to(np.arange(start, start + width), scores.total.shape)
        merged_score = np.concatenate([best_score, scores.total], axis=1)
        merged_col = np.concatenate([best_col, cols], axis=1)
        keep = np.argpartition(-merged_score, per_seeker - 1, axis=1)[:, :per_seeker]
        best_score = np.take_along_axis(merged_score, keep, axis=1)
        best_col = np.take_along_axis(merged_col, keep, axis=1)
    # Each person's best vacancies not yet explained: score just those rows, block by block.
    rows, ks = np.nonzero(best_col >= 0)
    missing = [(i, int(best_col[i, k])) for i, k in zip(rows.tolist(), ks.tolist(), strict=True)]
    missing = [pair for pair in missing if pair not in picked]
    by_block: dict[int, list[tuple[int, int]]] = {}
    for i, j in missing:
        by_block.setdefault(j // VACANCY_BLOCK, []).append((i, j))
    for b, pairs in by_block.items():
        start = b * VACANCY_BLOCK
        block = _slice_vacancies(vm, start, start + VACANCY_BLOCK)
        row_ids = sorted({i for i, _j in pairs})
        position = {i: n for n, i in enumerate(row_ids)}
        scores = engine.score(sm, block, rows=np.array(row_ids))
        for i, j in pairs:
            n, jj = position[i], j - start
            picked[(i, j)] = (float(scores.total[n, jj]), engine.explain(sm, block, scores, n, jj, row=i))
    return sm, vm, picked


def _slice_vacancies(vm: engine.VacancyMatrix, start: int, stop: int) -> engine.VacancyMatrix:
    """A view of vacancies ``start:stop`` of ``vm`` (same vocabularies, no copy of profiles' work)."""
    part = object.__new__(engine.VacancyMatrix)
    for name, value in vars(vm).items():
        if name == "index":
            continue
        setattr(part, name, value[start:stop])
    return part


@transaction.atomic
def suggestions_for_city() -> tuple[int, int]:
    """Re-match the whole current city: every open vacancy against every eligible person.

    Replaces all of the city's suggestions in one transaction. Returns ``(vacancies, suggestions)``.
    """
    seekers = load_seekers()
    vacancies = load_vacancies()
    MatchSuggestion.objects.all().delete()
    if not seekers or not vacancies:
        return len(vacancies), 0
    sm, vm, picked = rank_city(seekers, vacancies)
    now = timezone.now()
    rows = [
        MatchSuggestion(
            vacancy_id=int(vm.ids[j]),
            job_seeker_id=int(sm.ids[i]),
            score=Decimal(str(round(value, 2))),
            components=explained["components"],
            reasons=explained["reasons"],
            computed_at=now,
        )
        for (i, j), (value, explained) in picked.items()
    ]
    MatchSuggestion.objects.bulk_create(rows, batch_size=2000)
    notices.vacancy_matches(rows)
    return len(vacancies), len(rows)


def city_match_run_claim(*, run_on: datetime.date) -> CityMatchRun | None:
    """Claim the nightly run of the current city for ``run_on``; ``None`` when already claimed.

    The unique key ``(city, run_on)`` makes a double beat (two schedulers, a retried dispatch) fire
    the city's job once: the second insert violates the key (it waits for the first to commit).
    """
    from django.db import IntegrityError

    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the caller's transaction usable
            return CityMatchRun.objects.create(run_on=run_on)
    except IntegrityError:
        return None


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


def may_move(actor: User | None, referral: Referral, to: str) -> bool:
    allowed = REFERRAL_TRANSITIONS.get((referral.status, to), frozenset())
    return bool(allowed & actor_kinds(actor, referral))


def _move(*, actor: User, referral: Referral, to: str, note: str = "") -> Referral:
    allowed = REFERRAL_TRANSITIONS.get((referral.status, to))
    if allowed is None:
        raise PlacementError(
            _("A referral cannot go from “%(from)s” to “%(to)s”.")
            % {"from": referral.get_status_display(), "to": Referral.Status(to).label}
        )
    kinds = allowed & actor_kinds(actor, referral)
    if not kinds:
        raise PlacementError(_("You may not make this change to the referral."))
    previous = referral.status
    referral.status = to
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, from_status=previous, to_status=to, actor=actor, actor_kind=sorted(kinds)[0], note=note
    )
    notices.referral_moved(actor=actor, referral=referral, previous=previous)
    if to == Referral.Status.CONFIRMED:
        _case_to_referred(actor=actor, job_seeker=referral.job_seeker)
    elif to in CLOSED_WITHOUT_HIRE:
        _case_back_from_referral(actor=actor, job_seeker=referral.job_seeker)
    return referral


def _context(referral: Referral, url: str = "") -> dict:
    return {
        "vacancy_title": referral.vacancy.title,
        "employer_name": referral.vacancy.employer.legal_name,
        "url": url or "/",
    }


def _notify(user, kind: str, context: dict, key: str) -> None:
    if user is None:
        return
    from notifications.services import notify

    notify(recipient=user, kind=kind, context=context, idempotency_key=f"{key}:{user.pk}"[:180])


def _employer_users(referral: Referral) -> list[User]:
    return [
        m.user for m in EmployerMember.objects.filter(employer_id=referral.vacancy.employer_id).select_related("user")
    ]


# --- Referrals -------------------------------------------------------------------------------------


@transaction.atomic
def referral_propose(*, actor: User, job_seeker: JobSeeker, vacancy: Vacancy, note: str = "") -> Referral:
    """Propose ``job_seeker`` for ``vacancy`` (staff; or the person, for a vacancy suggested to them).

    The disclosure choices start from the person's defaults (``JobSeeker.share_*``). Raises
    ``PlacementError`` for an unpublished vacancy, an open referral for the pair, or a person
    proposing a vacancy that was not suggested to them. A human decides: UU 27/2022 art. 10.
    """
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise PlacementError(_("Only a published vacancy can receive referrals."))
    is_person = job_seeker.user_id is not None and job_seeker.user_id == actor.pk
    is_staff = Membership.objects.filter(
        user_id=actor.pk, city_id=require_city_id(), role=Membership.Role.STAFF
    ).exists()
    if not is_staff:
        suggested = MatchSuggestion.objects.filter(job_seeker=job_seeker, vacancy=vacancy).exists()
        if not (is_person and suggested):
            raise PlacementError(_("You may propose a referral only for a vacancy suggested to you."))
    if (
        Referral.objects.filter(job_seeker=job_seeker, vacancy=vacancy)
        .exclude(status__in=[Referral.Status.DECLINED, Referral.Status.REJECTED, Referral.Status.WITHDRAWN])
        .exists()
    ):
        raise PlacementError(_("This person already has an open referral for this vacancy."))
    suggestion = MatchSuggestion.objects.filter(job_seeker=job_seeker, vacancy=vacancy).first()
    referral = Referral(
        job_seeker=job_seeker,
        vacancy=vacancy,
        proposed_by=actor,
        note=note,
        score=suggestion.score if suggestion else None,
        disclosed=[group for group, shared in job_seeker.disclosures().items() if shared],
    )
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral,
        to_status=Referral.Status.PROPOSED,
        actor=actor,
        actor_kind="staff" if is_staff else "person",
        note=note,
    )
    if not is_person:
        _notify(
            job_seeker.user,
            "referral_proposed",
            _context(referral, notices.person_url(referral)),
            f"referral-proposed:{referral.pk}",
        )
    return referral


@transaction.atomic
def referral_confirm(*, actor: User, referral: Referral, disclosed: list[str]) -> Referral:
    """The person confirms and chooses what the employer may see (``DISCLOSURE_GROUPS``).

    Needs the person's consent to sharing with employers (UU 27/2022 art. 20): ``PlacementError``
    without it. Moves the person's case to ``referred`` (``_case_to_referred``) in this transaction.
    """
    unknown = set(disclosed) - set(DISCLOSURE_GROUPS)
    if unknown:
        raise PlacementError(_("Unknown information group."))
    if not referral.job_seeker.sharing_allowed:
        raise PlacementError(_("Give your consent to sharing your profile with employers first."))
    referral.disclosed = [g for g in DISCLOSURE_GROUPS if g in disclosed]
    _move(actor=actor, referral=referral, to=Referral.Status.CONFIRMED)
    for user in _employer_users(referral):
        _notify(
            user,
            "referral_confirmed",
            _context(referral, notices.employer_url(referral)),
            f"referral-confirmed:{referral.pk}",
        )
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, note: str = "") -> Referral:
    return _move(actor=actor, referral=referral, to=Referral.Status.DECLINED, note=note)


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, note: str = "") -> Referral:
    return _move(actor=actor, referral=referral, to=Referral.Status.WITHDRAWN, note=note)


@transaction.atomic
def referral_reject(*, actor: User, referral: Referral, reason: str, note: str = "") -> Referral:
    """Not selected (or the offer declined), with a coded reason (``Referral.RejectionReason``)."""
    if reason not in Referral.RejectionReason.values:
        raise PlacementError(_("Choose a reason."))
    referral.rejection_reason = reason
    referral.rejection_note = note
    return _move(actor=actor, referral=referral, to=Referral.Status.REJECTED, note=note)


@transaction.atomic
def interview_schedule(
    *,
    actor: User,
    referral: Referral,
    starts_at: datetime.datetime,
    place: str,
    accommodations: list[str],
    accommodation_note: str = "",
) -> Interview:
    """Schedule (or re-schedule) an interview with the accommodations asked; the employer confirms them.

    A confirmed referral moves to ``interview``; one already there gets another interview.
    """
    if referral.status == Referral.Status.CONFIRMED:
        _move(actor=actor, referral=referral, to=Referral.Status.INTERVIEW)
    elif referral.status != Referral.Status.INTERVIEW or not ({"employer", "staff"} & actor_kinds(actor, referral)):
        raise PlacementError(_("An interview can be scheduled only for a confirmed referral."))
    interview = Interview(
        referral=referral,
        starts_at=starts_at,
        place=place,
        accommodations=accommodations,
        accommodation_note=accommodation_note,
        scheduled_by=actor,
    )
    interview.full_clean()
    interview.save()
    notices.interview_notices(referral=referral, interview=interview)  # scheduled, or changed (old ones cancelled)
    return interview


@transaction.atomic
def interview_confirm(*, actor: User, interview: Interview) -> Interview:
    """The employer confirms the interview's accommodations (only a member of the organisation)."""
    if "employer" not in actor_kinds(actor, interview.referral):
        raise PlacementError(_("Only the employer confirms the interview's accommodations."))
    interview.confirmed_at = timezone.now()
    interview.confirmed_by = actor
    interview.save(update_fields=["confirmed_at", "confirmed_by"])
    ReferralEvent.objects.create(
        referral=interview.referral,
        from_status=interview.referral.status,
        to_status=interview.referral.status,
        actor=actor,
        actor_kind="employer",
        note=_("Interview accommodations confirmed"),
    )
    return interview


@transaction.atomic
def referral_offer(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """An offer after the interview; the latest interview's accommodations must be confirmed first."""
    interview = referral.interviews.order_by("-starts_at", "-pk").first()
    if interview and (interview.accommodations or interview.accommodation_note) and not interview.confirmed_at:
        raise PlacementError(_("The employer has not yet confirmed the interview's accommodations."))
    _move(actor=actor, referral=referral, to=Referral.Status.OFFERED, note=note)
    _notify(
        referral.job_seeker.user,
        "offer_made",
        _context(referral, notices.person_url(referral)),
        f"offer-made:{referral.pk}",
    )
    return referral


# --- The job seeker's case (jobseekers.CASE_TRANSITIONS) -------------------------------------------
# The forward path of a case (DOMAIN.md: registered → active → job-ready → referred → placed).
CASE_PATH = ("registered", "active", "job_ready", "referred", "placed")


def _case_to_placed(*, actor: User, job_seeker: JobSeeker) -> None:
    """Move the person's case forward to ``placed`` through ``jobseekers.services.case_status_change``.

    Each stage the case skipped (e.g. job-ready → referred → placed) is one allowed move, saved and
    written to the audit trail (auditlog on ``JobSeeker``), inside the caller's transaction. A closed
    case raises ``PlacementError``: reopening it is the staff's decision on the case page.
    """
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status == "closed":
        raise PlacementError(
            _("The person's case is closed. Reopen it on the case page before recording the placement.")
        )
    for status in CASE_PATH[CASE_PATH.index(job_seeker.status) + 1 :]:
        case_status_change(actor=actor, job_seeker=job_seeker, status=status)


#: A referral in one of these has reached the employer and is still open: it keeps the case "referred".
REFERRAL_WITH_EMPLOYER = ("confirmed", "interview", "offered")
#: A referral that ended without a hire.
CLOSED_WITHOUT_HIRE = ("declined", "rejected", "withdrawn")


def _case_to_referred(*, actor: User, job_seeker: JobSeeker) -> None:
    """When the person confirms a referral (it now goes to the employer), move their case forward to
    ``referred`` (DOMAIN.md's path, each skipped stage one allowed move of ``CASE_TRANSITIONS``, saved
    and audited by auditlog on ``JobSeeker``), inside the caller's transaction. A case already
    referred or placed stays; a closed case is left closed (reopening is the staff's decision; the
    person's confirmation is not refused for it). A proposal alone does not move the case: nothing
    has reached an employer and the person may still decline."""
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status not in CASE_PATH or CASE_PATH.index(job_seeker.status) >= CASE_PATH.index("referred"):
        return
    for status in CASE_PATH[CASE_PATH.index(job_seeker.status) + 1 : CASE_PATH.index("referred") + 1]:
        case_status_change(actor=actor, job_seeker=job_seeker, status=status)


def _case_back_from_referral(*, actor: User, job_seeker: JobSeeker) -> None:
    """After a referral ends without a hire (declined, rejected, withdrawn): when the case is
    ``referred`` and the person has no other referral still with an employer
    (``REFERRAL_WITH_EMPLOYER``), move it back to ``job_ready`` (the allowed move back,
    ``CASE_TRANSITIONS``), audited, in the caller's transaction. Any other status is left as staff
    set it."""
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status != "referred":
        return
    if Referral.objects.filter(job_seeker=job_seeker, status__in=REFERRAL_WITH_EMPLOYER).exists():
        return
    case_status_change(actor=actor, job_seeker=job_seeker, status="job_ready")


def _case_back_to_job_ready(*, actor: User, job_seeker: JobSeeker) -> None:
    """After a placement ends with the person out of work: placed → job-ready (the allowed move back,
    ``jobseekers.models.CASE_TRANSITIONS``), so they are matched again. A case staff already moved
    elsewhere (closed, for example) is left as it is."""
    from jobseekers.services import case_status_change

    job_seeker.refresh_from_db(fields=["status"])
    if job_seeker.status == "placed":
        case_status_change(actor=actor, job_seeker=job_seeker, status="job_ready")


def followup_months() -> list[int]:
    """The current city's follow-up schedule in force: months after the start date (default 1, 3, 6)."""
    settings_row = PlacementSettings.objects.first()
    return sorted(set(settings_row.followup_months)) if settings_row else [1, 3, 6]


FOLLOWUP_MONTHS_RANGE = (1, 24)  # the IJC follows a placement for at most two years


def followup_schedule_clean(months: list[int]) -> list[int]:
    """Check a follow-up schedule: whole months after the start date, each 1..24, ascending, no
    repeats, at least one. Returns the list; raises ``ValidationError`` (code ``empty``, ``range``,
    ``duplicate`` or ``order``) with a message for the form."""
    from django.core.exceptions import ValidationError

    low, high = FOLLOWUP_MONTHS_RANGE
    if not months:
        raise ValidationError(_("Give at least one follow-up month."), code="empty")
    outside = [m for m in months if not low <= m <= high]
    if outside:
        raise ValidationError(
            _("Each follow-up falls %(low)s to %(high)s months after the start; %(bad)s is outside."),
            code="range",
            params={"low": low, "high": high, "bad": outside[0]},
        )
    if len(set(months)) != len(months):
        raise ValidationError(_("Give each month once."), code="duplicate")
    if months != sorted(months):
        raise ValidationError(_("Give the months in ascending order, for example 1, 3, 6, 12."), code="order")
    return months


@transaction.atomic
def followup_schedule_save(*, actor: User, months: list[int]) -> PlacementSettings:
    """Set the current city's follow-up schedule (a city admin's decision; ``placements.configure_followups``).

    Validated by ``followup_schedule_clean`` (``ValidationError``). Applies to placements recorded
    from now on: ``placement_record`` writes each placement's follow-up rows from the schedule in
    force that day, so existing placements keep theirs. The change is in the audit trail (auditlog
    on ``PlacementSettings``: old and new months, who, when).
    """
    months = followup_schedule_clean(list(months))
    row = PlacementSettings.objects.select_for_update().first() or PlacementSettings()
    row.followup_months = months
    row.full_clean(exclude=["city"])
    row.save()
    return row


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def placement_record(
    *,
    actor: User,
    referral: Referral,
    start_date: datetime.date,
    wage: int,
    contract_type: str,
    accommodation_provided: str = "",
) -> Placement:
    """Record the hire: the referral becomes ``placed``, the person's case moves to ``placed``
    (``_case_to_placed``, audited) and follow-ups are scheduled from the city's schedule in force
    today (``followup_months``; a later change of the schedule does not move them). One transaction:
    ``PlacementError`` (closed case, illegal move) or ``ValidationError`` leaves nothing written."""
    _move(actor=actor, referral=referral, to=Referral.Status.PLACED)
    _case_to_placed(actor=actor, job_seeker=referral.job_seeker)
    placement = Placement(
        referral=referral,
        start_date=start_date,
        wage=wage,
        contract_type=contract_type,
        accommodation_provided=accommodation_provided,
        recorded_by=actor,
    )
    placement.full_clean()
    placement.save()
    FollowUp.objects.bulk_create(
        [FollowUp(placement=placement, months=m, due_on=add_months(start_date, m)) for m in followup_months()]
    )
    context = {**_context(referral, notices.person_url(referral)), "starts_on": start_date.isoformat()}
    _notify(referral.job_seeker.user, "placement_confirmed", context, f"placement:{placement.pk}")
    signals.placement_made.send(sender=Placement, placement=placement, actor=actor)
    return placement


@transaction.atomic
def followup_record(
    *,
    actor: User,
    followup: FollowUp,
    still_employed: bool,
    accommodation_working: bool | None,
    issues: str = "",
    next_step: str = "",
    left_reason: str = "",
) -> FollowUp:
    """Record a follow-up. Not employed any more closes the case as *left* (a coded reason needed);
    the last scheduled follow-up with the person still employed closes it as *retained*."""
    if followup.done_at:
        raise PlacementError(_("This follow-up is already recorded."))
    placement = followup.placement
    if placement.outcome != Placement.Outcome.ACTIVE:
        raise PlacementError(_("This placement is already closed."))
    followup.still_employed = still_employed
    followup.accommodation_working = accommodation_working
    followup.issues = issues
    followup.next_step = next_step
    followup.done_at = timezone.now()
    followup.done_by = actor
    followup.full_clean()
    followup.save()
    if not still_employed:
        if left_reason not in Placement.LeftReason.values:
            raise PlacementError(_("Choose why the person left the job."))
        placement_close(actor=actor, placement=placement, outcome=Placement.Outcome.LEFT, left_reason=left_reason)
    elif not placement.followups.filter(done_at__isnull=True).exists():
        placement_close(actor=actor, placement=placement, outcome=Placement.Outcome.RETAINED)
    signals.followup_recorded.send(sender=FollowUp, followup=followup, actor=actor)
    return followup


@transaction.atomic
def placement_close(*, actor: User, placement: Placement, outcome: str, left_reason: str = "") -> Placement:
    """Close a placement as retained or left (with a coded reason); open follow-ups are dropped.

    *Left* moves the person's case back to job-ready (``_case_back_to_job_ready``, audited), in the
    same transaction; *retained* leaves it ``placed`` (the person is in work).
    """
    if outcome == Placement.Outcome.LEFT and left_reason not in Placement.LeftReason.values:
        raise PlacementError(_("Choose why the person left the job."))
    placement.outcome = outcome
    placement.left_reason = left_reason if outcome == Placement.Outcome.LEFT else ""
    placement.closed_at = timezone.now()
    placement.full_clean()
    placement.save()
    placement.followups.filter(done_at__isnull=True).delete()
    if outcome == Placement.Outcome.LEFT:
        _case_back_to_job_ready(actor=actor, job_seeker=placement.referral.job_seeker)
    return placement


def followups_notify_due(*, today: datetime.date) -> int:
    """Notify the officer of each due, not yet notified follow-up (idempotent); returns the count."""
    count = 0
    due = FollowUp.objects.filter(done_at__isnull=True, notified_at__isnull=True, due_on__lte=today).select_related(
        "placement__referral__job_seeker", "placement__referral__vacancy", "placement__referral__proposed_by"
    )
    for followup in due:
        referral = followup.placement.referral
        officer = referral.job_seeker.assigned_officer or referral.proposed_by
        with transaction.atomic():
            _notify(
                officer,
                "followup_due",
                {
                    "person_name": referral.job_seeker.name,
                    "vacancy_title": referral.vacancy.title,
                    "due_on": followup.due_on.isoformat(),
                    "url": notices.followup_url(followup),
                },
                f"followup-due:{followup.pk}",
            )
            FollowUp.objects.filter(pk=followup.pk).update(notified_at=timezone.now())
        count += 1
    return count
