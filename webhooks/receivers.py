"""Connect webhooks to the signals of the apps below it and turn each change into an event.

webhooks sits above employers and placements (ARCHITECTURE.md), which therefore cannot call it:
they send ``employers.signals.vacancy_published``, ``placements.signals.placement_made`` and
``placements.signals.followup_recorded`` from their services, inside the transaction of the change,
and these receivers call ``webhooks.services.emit`` there — so the delivery rows commit or roll
back with the change. Connected in ``WebhooksConfig.ready()``.

The ``data`` of each event holds ids, names, dates and outcomes only: no job seeker name or NIK,
no health, disability or accommodation details, no wage (UU 27/2022; the receiving system asks
the API, with its own permissions and audit, for anything more).
"""

from __future__ import annotations

from employers.jobposting import job_posting, public_url
from webhooks.models import Event
from webhooks.services import emit


def _vacancy_ref(vacancy) -> dict:
    return {"id": vacancy.pk, "title": vacancy.title, "url": public_url(vacancy)}


def _employer_ref(employer) -> dict:
    return {"id": employer.pk, "name": employer.legal_name}


def vacancy_published(sender, vacancy, **kwargs) -> None:
    """``vacancy.published``: ``data = {"vacancy": {id, title, url, published_at, deadline},
    "employer": {id, name}, "job_posting": <schema.org JobPosting>}``."""

    def data() -> dict:
        return {
            "vacancy": {
                **_vacancy_ref(vacancy),
                "published_at": vacancy.published_at.isoformat(),
                "deadline": vacancy.deadline.isoformat() if vacancy.deadline else None,
            },
            "employer": _employer_ref(vacancy.employer),
            "job_posting": job_posting(vacancy),
        }

    emit(
        Event.VACANCY_PUBLISHED,
        key=f"{vacancy.pk}:{vacancy.published_at.isoformat()}",
        data=data,
        occurred_at=vacancy.published_at,
    )


def placement_made(sender, placement, **kwargs) -> None:
    """``placement.made``: ``data = {"placement": {id, referral_id, start_date, contract_type,
    recorded_at}, "vacancy": {id, title, url}, "employer": {id, name}}``."""

    def data() -> dict:
        referral = placement.referral
        vacancy = referral.vacancy
        return {
            "placement": {
                "id": placement.pk,
                "referral_id": referral.pk,
                "start_date": placement.start_date.isoformat(),
                "contract_type": placement.contract_type,
                "recorded_at": placement.created_at.isoformat(),
            },
            "vacancy": _vacancy_ref(vacancy),
            "employer": _employer_ref(vacancy.employer),
        }

    emit(Event.PLACEMENT_MADE, key=str(placement.pk), data=data, occurred_at=placement.created_at)


def followup_recorded(sender, followup, **kwargs) -> None:
    """``followup.recorded``: ``data = {"followup": {id, placement_id, months, due_on, done_at,
    still_employed}, "placement": {id, outcome, closed_at}, "vacancy": {...}, "employer": {...}}``.
    The reason for leaving is not sent (one of its values is "health")."""

    def data() -> dict:
        placement = followup.placement
        vacancy = placement.referral.vacancy
        return {
            "followup": {
                "id": followup.pk,
                "placement_id": placement.pk,
                "months": followup.months,
                "due_on": followup.due_on.isoformat(),
                "done_at": followup.done_at.isoformat(),
                "still_employed": followup.still_employed,
            },
            "placement": {
                "id": placement.pk,
                "outcome": placement.outcome,
                "closed_at": placement.closed_at.isoformat() if placement.closed_at else None,
            },
            "vacancy": _vacancy_ref(vacancy),
            "employer": _employer_ref(vacancy.employer),
        }

    emit(Event.FOLLOWUP_RECORDED, key=str(followup.pk), data=data, occurred_at=followup.done_at)


def connect() -> None:
    from employers import signals as employer_signals
    from placements import signals as placement_signals

    employer_signals.vacancy_published.connect(vacancy_published, dispatch_uid="webhooks.vacancy_published")
    placement_signals.placement_made.connect(placement_made, dispatch_uid="webhooks.placement_made")
    placement_signals.followup_recorded.connect(followup_recorded, dispatch_uid="webhooks.followup_recorded")
