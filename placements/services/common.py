"""What the placements services share: their error and the notices they send to one user.

``PlacementError`` carries a message for the user (an illegal move, a rule broken); the pages show
it, the API answers it with a 409 ``conflict``.
"""

from __future__ import annotations

from accounts.models import User
from employers.models import EmployerMember
from placements.models import Referral


class PlacementError(Exception):
    """A rule of the referral workflow was broken; ``str(error)`` is a message for the user."""


def referral_context(referral: Referral, url: str = "") -> dict:
    """The context of a referral's notices: the vacancy, the employer and the page to open."""
    return {
        "vacancy_title": referral.vacancy.title,
        "employer_name": referral.vacancy.employer.legal_name,
        "url": url or "/",
    }


def notify_user(user, kind: str, context: dict, key: str) -> None:
    """Notify ``user`` (nobody when ``None``) through ``notifications.services.notify``, once per ``key``."""
    if user is None:
        return
    from notifications.services import notify

    notify(recipient=user, kind=kind, context=context, idempotency_key=f"{key}:{user.pk}"[:180])


def employer_users(referral: Referral) -> list[User]:
    """The members of the referral's employer."""
    return [
        m.user for m in EmployerMember.objects.filter(employer_id=referral.vacancy.employer_id).select_related("user")
    ]
