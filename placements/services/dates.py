"""The order of a referral's dates, on the city's own calendar (``cities.calendar``):

referral → interview (on or after the referral's day) → offer (on or after the latest interview's
day) → placement start (on or after the offer's day, or the referral's when no offer was recorded)
→ follow-ups (recorded on or after the start).

A placement that started before its offer or referral (recorded late, for a person already in the
job) is accepted only with a written reason (``Placement.backdated_reason``), shown with the
placement as "back-dated: <reason>". The rules that span rows live here; the database checks the
one on a single row (``placement_start_on_or_after_offer``).

Each check raises ``ValidationError``, keyed by the form field when there is one (the pages show it
on that field, the API answers 400 with it).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cities.calendar import city_today, city_zone
from placements.models import FollowUp, Referral


def _show(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def local_date(referral: Referral, moment: datetime.datetime) -> datetime.date:
    """``moment`` as a date on the clock of the referral's city."""
    return moment.astimezone(city_zone(referral.city_id)).date()


def referral_date(referral: Referral) -> datetime.date:
    """The day the referral was made, on its city's calendar."""
    return local_date(referral, referral.created_at)


def offer_date(referral: Referral) -> datetime.date | None:
    """The day of the referral's latest offer (its ``offered`` event), or ``None`` without one."""
    event = referral.events.filter(to_status=Referral.Status.OFFERED).order_by("-at", "-pk").first()
    return local_date(referral, event.at) if event else None


def check_interview_date(referral: Referral, starts_at: datetime.datetime) -> None:
    """An interview falls on or after the day of the referral."""
    made = referral_date(referral)
    if local_date(referral, starts_at) < made:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("The interview cannot be before the referral (made on %(date)s). Check the date."),
                    code="interview_before_referral",
                    params={"date": _show(made)},
                )
            }
        )


def check_offer_date(referral: Referral) -> None:
    """An offer is recorded on or after the day of the interview in force: the one scheduled last (a
    re-scheduled interview replaces the earlier date), not before it took place."""
    interview = referral.interviews.order_by("-pk").first()
    if interview is None:
        return
    day = local_date(referral, interview.starts_at)
    if day > city_today(referral.city_id):
        raise ValidationError(
            _("The interview is on %(date)s: record the offer after the interview."),
            code="offer_before_interview",
            params={"date": _show(day)},
        )


def earliest_start(referral: Referral, offered_on: datetime.date | None) -> datetime.date:
    """The first start date that is not back-dated: the offer's day, or the referral's without an offer."""
    made = referral_date(referral)
    return max(made, offered_on) if offered_on else made


def check_start_date(referral: Referral, start_date: datetime.date, backdated_reason: str) -> datetime.date | None:
    """A placement starts on or after its offer (or referral); an earlier start needs a written
    reason. Returns the offer's day (stored on the placement)."""
    offered_on = offer_date(referral)
    earliest = earliest_start(referral, offered_on)
    if start_date < earliest and not backdated_reason.strip():
        message = (
            _(
                "The start date is before the offer (%(date)s). If the person really started earlier, "
                "write why in the reason for the back-dated start."
            )
            if offered_on
            else _(
                "The start date is before the referral (%(date)s). If the person really started earlier, "
                "write why in the reason for the back-dated start."
            )
        )
        raise ValidationError(
            {"start_date": ValidationError(message, code="back_dated", params={"date": _show(earliest)})}
        )
    return offered_on


def check_followup_date(followup: FollowUp, today: datetime.date) -> None:
    """A follow-up is recorded on or after the placement's start date."""
    start = followup.placement.start_date
    if today < start:
        raise ValidationError(
            _("The placement starts on %(date)s: a follow-up can be recorded from that day on."),
            code="followup_before_start",
            params={"date": _show(start)},
        )
