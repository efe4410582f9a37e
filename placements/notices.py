"""The notifications placements sends that need more than one ``notify`` call: new matching vacancies
and interviews changed or called off.

Each function runs **inside the caller's transaction** (``placements.services``): the outbox rows
commit or roll back with the change (``notifications.services.notify``, docs/notifications.md).

- ``vacancy_matches(rows)``: after suggestions are written, each job seeker who opted in hears once
  per (vacancy, person) about a vacancy published in the last ``NEW_VACANCY_DAYS`` days (kind
  ``vacancy_match``). "Opted in" is both the consent to receive notifications
  (``JobSeeker.notifications_allowed``, UU 27/2022 art. 20) and channels chosen for the kind on the
  notification settings page (the kind has no default channel).
- ``interview_notices(...)``: a new interview is ``interview_scheduled``; one that replaces an
  interview still to come is ``interview_changed``, and the unsent messages about the replaced
  one (an SMS held for quiet hours, an email waiting for a retry) are cancelled.
- ``referral_moved(...)``: a referral leaving the ``interview`` stage as rejected or withdrawn
  calls off the interview still to come: its unsent messages are cancelled and the other side is
  told (``interview_cancelled``; not the person who made the move).
- ``person_told(...)``: the person hears of what happened to them by the channel they chose
  (``JobSeeker.contact_channel``: SMS, WhatsApp, phone call, email, visit or letter), with or
  without an account, once per event (``dedupe_key``), through
  ``notifications.services.person_message_send``: a referral confirmed for them, an interview and
  its confirmed accommodations, their request sent on or declined (with the reason). The
  notifications app may not import jobseekers, so the person is passed as plain values.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.services import cancel, notify, opted_in

# A vacancy counts as new for ``vacancy_match`` for this long after it was published.
NEW_VACANCY_DAYS = 14

logger = logging.getLogger(__name__)

# What the person is told of (``person_told``'s ``kind``), each once per event.
PERSON_KINDS = frozenset(
    {
        "referral_confirmed_for_person",
        "interview_scheduled",
        "interview_accommodations_confirmed",
        "referral_request_sent_on",
        "referral_request_declined",
    }
)


def _url(name: str, **kwargs) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, kwargs=kwargs or None)


def person_url(referral) -> str:
    """The job seeker's page of ``referral`` (absolute: it goes into emails)."""
    return _url("placements:my-referral", pk=referral.pk)


def employer_url(referral) -> str:
    """The employer's candidate page of ``referral`` (absolute)."""
    return _url("placements:employer-referral", pk=referral.pk)


def followup_url(followup) -> str:
    """The staff's page to record ``followup`` (absolute)."""
    return _url("placements:followup", pk=followup.pk)


def vacancy_matches(rows) -> int:
    """Notify opted-in job seekers of the new vacancies in ``rows`` (``MatchSuggestion``, saved or not).

    Idempotent per (vacancy, person): key ``vacancy-match:<vacancy>:<user>``; pairs already
    notified are skipped with one query. Returns how many people were notified (rows written).
    Queries: 3 to filter, then about 4 per notified pair (only opted-in people).
    """
    from employers.models import Vacancy
    from jobseekers.models import JobSeeker
    from notifications.models import Channel, Notification

    pairs = {(row.vacancy_id, row.job_seeker_id) for row in rows}
    if not pairs:
        return 0
    users = dict(
        JobSeeker.objects.filter(
            pk__in={seeker for _vacancy, seeker in pairs},
            user__isnull=False,
            notifications_allowed=True,
            anonymised_at__isnull=True,
        ).values_list("pk", "user_id")
    )
    wanted = opted_in("vacancy_match", set(users.values()))
    pairs = {(vacancy, users[seeker]) for vacancy, seeker in pairs if users.get(seeker) in wanted}
    if not pairs:
        return 0
    since = timezone.now() - datetime.timedelta(days=NEW_VACANCY_DAYS)
    vacancies = Vacancy.objects.filter(
        pk__in={vacancy for vacancy, _user in pairs}, status=Vacancy.Status.PUBLISHED, published_at__gte=since
    ).select_related("employer")
    vacancies = {vacancy.pk: vacancy for vacancy in vacancies}
    keys = {(vacancy, user): f"vacancy-match:{vacancy}:{user}" for vacancy, user in pairs if vacancy in vacancies}
    done = set(
        # channel__in lets the unique (city, channel, idempotency_key) index answer it.
        Notification.objects.filter(
            channel__in=Channel.values, kind="vacancy_match", idempotency_key__in=keys.values()
        ).values_list("idempotency_key", flat=True)
    )
    from accounts.models import User

    people = User.objects.in_bulk({user for _vacancy, user in keys})
    url = _url("placements:my-matches")
    notified = 0
    for (vacancy_id, user_id), key in sorted(keys.items()):
        if key in done or user_id not in people:
            continue
        vacancy = vacancies[vacancy_id]
        written = notify(
            recipient=people[user_id],
            kind="vacancy_match",
            context={"vacancy_title": vacancy.title, "employer_name": vacancy.employer.legal_name, "url": url},
            idempotency_key=key,
        )
        notified += bool(written)
    return notified


def _interview_context(referral, interview) -> dict:
    return {
        "vacancy_title": referral.vacancy.title,
        "employer_name": referral.vacancy.employer.legal_name,
        "starts_at": interview.starts_at.isoformat(),
        "place": interview.place,
        "accommodation": ", ".join(interview.get_accommodation_labels()) or "-",
    }


def _parties(referral) -> list[tuple[object, str]]:
    """``(user, url)`` of the person (their referral page) and of each employer member (the candidate page)."""
    from employers.models import EmployerMember

    parties = []
    if referral.job_seeker.user_id:
        parties.append((referral.job_seeker.user, person_url(referral)))
    members = EmployerMember.objects.filter(employer_id=referral.vacancy.employer_id).select_related("user")
    parties += [(member.user, employer_url(referral)) for member in members]
    return parties


def person_interview_key(interview) -> str:
    """The ``dedupe_key`` of the message telling the person of ``interview`` by their channel."""
    return f"person-interview-scheduled:{interview.pk}"


def _cancel_interview(interview, parties) -> int:
    count = 0
    for user, _page in parties:
        for event in ("interview-scheduled", "interview-changed"):
            count += cancel(idempotency_key=f"{event}:{interview.pk}:{user.pk}")
    # The unsent message by the person's own channel (its outbox rows carry ``person:<dedupe key>``,
    # notifications.person_messages).
    count += cancel(idempotency_key=f"person:{person_interview_key(interview)}")
    return count


def _upcoming(referral, *, exclude=None):
    interviews = referral.interviews.filter(starts_at__gt=timezone.now())
    if exclude is not None:
        interviews = interviews.exclude(pk=exclude.pk)
    return interviews.order_by("-starts_at", "-pk").first()


def interview_notices(*, referral, interview) -> None:
    """Tell the person and the employer about ``interview`` (just saved): ``interview_changed`` when
    it replaces an interview of the referral still to come (whose unsent messages are cancelled),
    else ``interview_scheduled``. Keys: ``interview-<scheduled|changed>:<interview>:<user>``."""
    replaced = _upcoming(referral, exclude=interview)
    parties = _parties(referral)
    if replaced is not None:
        _cancel_interview(replaced, parties)
    event, kind = (
        ("interview-changed", "interview_changed") if replaced else ("interview-scheduled", "interview_scheduled")
    )
    context = _interview_context(referral, interview)
    for user, url in parties:
        notify(
            recipient=user,
            kind=kind,
            context={**context, "url": url},
            idempotency_key=f"{event}:{interview.pk}:{user.pk}",
        )


def referral_moved(*, actor, referral, previous: str) -> None:
    """After a referral move: leaving ``interview`` as rejected or withdrawn calls off the interview
    still to come (unsent messages cancelled; ``interview_cancelled`` to everyone but ``actor``)."""
    from placements.models import Referral

    if previous != Referral.Status.INTERVIEW or referral.status not in (
        Referral.Status.REJECTED,
        Referral.Status.WITHDRAWN,
    ):
        return
    interview = _upcoming(referral)
    if interview is None:
        return
    parties = _parties(referral)
    _cancel_interview(interview, parties)
    context = _interview_context(referral, interview)
    for user, url in parties:
        if user.pk == getattr(actor, "pk", None):
            continue
        notify(
            recipient=user,
            kind="interview_cancelled",
            context={**context, "url": url},
            idempotency_key=f"interview-cancelled:{interview.pk}:{user.pk}",
        )


def person_told(
    *, actor, referral, kind: str, dedupe_key: str, interview=None, reason: str = "", to_inbox: bool = True
) -> bool:
    """Tell the person of ``referral`` what happened (``kind`` of ``PERSON_KINDS``) by their chosen
    channel, in their language, inside the caller's transaction; ``dedupe_key`` makes it once per
    event. The context: person_name, vacancy_title, employer_name and, for an interview,
    interview_at (ISO), interview_place and accommodations (labels, the confirmed ones when the
    employer confirmed them), and reason for a declined request.

    A person with an account also finds it in their inbox, unless ``to_inbox`` is false (an event
    ``interview_notices`` already put there, with the link to their page). An anonymised person is
    told nothing. Returns whether a message was handed to
    ``notifications.services.person_message_send`` (``False`` while that service is missing: the
    event is logged instead).
    """
    from notifications import services as notification_services

    if kind not in PERSON_KINDS:
        raise ValueError(f"Unknown person message {kind!r}.")
    person = referral.job_seeker
    if person.anonymised_at:
        return False
    context = {
        "person_name": person.name,
        "vacancy_title": referral.vacancy.title,
        "employer_name": referral.vacancy.employer.legal_name,
    }
    if interview is not None:
        from django.utils import translation

        with translation.override(person.language or "id"):  # the labels in the person's language
            labels = interview.get_accommodation_labels()
        context |= {
            "interview_at": interview.starts_at.isoformat(),
            "interview_place": interview.place,
            "accommodations": labels,
        }
    if reason:
        context["reason"] = reason
    send = getattr(notification_services, "person_message_send", None)
    if send is None:
        logger.warning("person_message_send is not available: %s for referral %s not sent", kind, referral.pk)
        return False
    send(
        actor=actor,
        kind=kind,
        job_seeker_id=person.pk,
        channel=person.contact_channel,
        name=person.name,
        phone=person.phone,
        email=person.email,
        user=person.user if to_inbox else None,
        language=person.language or "id",
        context=context,
        dedupe_key=dedupe_key,
    )
    return True
