"""The one rule for a job seeker's birth date (forms, imports, services): in the past, and an age of
``MIN_AGE``-``MAX_AGE`` on the day it is entered, on the city's calendar."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

# A job seeker's age on the day a birth date is entered: at least the working age of BPS labour
# statistics (Sakernas: 15 years and over), at most an age nobody registering for work has.
MIN_AGE = 15
MAX_AGE = 100


def validate_birth_date(value: datetime.date, *, today: datetime.date | None = None) -> None:
    """A job seeker's birth date is not in the future and gives an age of ``MIN_AGE``-``MAX_AGE``.

    ``today`` defaults to today's date (``TIME_ZONE``). Raises ``ValidationError`` with code
    ``future``, ``too_young`` or ``too_old`` and a message that says which.
    """
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(
            _("The birth date %(date)s is in the future."), code="future", params={"date": value.strftime("%d/%m/%Y")}
        )
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < MIN_AGE:
        raise ValidationError(
            _(
                "With this birth date the person is %(age)s years old; job seekers are at least %(min)s "
                "(the working age). Check the year."
            ),
            code="too_young",
            params={"age": age, "min": MIN_AGE},
        )
    if age > MAX_AGE:
        raise ValidationError(
            _("With this birth date the person is %(age)s years old. Check the year."),
            code="too_old",
            params={"age": age},
        )


def birth_date_to_check(person) -> bool:
    """Whether ``JobSeeker.clean`` checks ``person``'s birth date: a new person, a changed date (the
    stored one is kept by ``JobSeeker.from_db``), or a stored one on or after the day of registration
    (an old row the database check would refuse on saving). A person registered long ago is not
    refused an unrelated change for being older now."""
    from cities.calendar import CROSS_CITY_ZONE

    if person.birth_date is None:
        return False
    if person._state.adding or person.birth_date != getattr(person, "_stored_birth_date", None):
        return True
    return bool(person.created_at and person.birth_date >= person.created_at.astimezone(CROSS_CITY_ZONE).date())
