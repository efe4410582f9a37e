"""The wording of the messages to a person registered at the desk (``notifications.person_messages``).

Plain words, one idea per sentence, no information only in the layout. Each kind has a subject, a
full text (the email and the printed letter) and a short text (SMS, WhatsApp, the script staff read
on a call), at most ``SHORT_LIMIT`` characters. Strings are gettext msgids (English); the Indonesian
comes from the catalogue. A date and time is shown on the city's clock with its zone (WIB, WITA or WIT;
Keppres 41/1987).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

SHORT_LIMIT = 320  # two SMS segments of plain GSM-7 text (160 each)


@dataclass(frozen=True)
class PersonKind:
    code: str
    subject: object
    body: object
    short: object
    required: tuple[str, ...]


PERSON_KINDS: dict[str, PersonKind] = {
    kind.code: kind
    for kind in (
        PersonKind(
            "referral_confirmed_for_person",
            _("You are put forward for the job %(vacancy_title)s"),
            _(
                "Hello %(person_name)s,\n\nThe job center has put you forward for the job %(vacancy_title)s at "
                "%(employer_name)s.\nThe employer will look at your application.\nWe will tell you the next "
                "step.\n\nIf you have a question, contact the job center.\n\n%(signature)s"
            ),
            _(
                "Hello %(person_name)s. You are put forward for the job %(vacancy_title)s at %(employer_name)s. "
                "We will tell you the next step. %(signature)s"
            ),
            ("vacancy_title", "employer_name"),
        ),
        PersonKind(
            "interview_scheduled",
            _("Job interview: %(vacancy_title)s"),
            _(
                "Hello %(person_name)s,\n\nYou are invited to a job interview.\nJob: %(vacancy_title)s at "
                "%(employer_name)s.\nWhen: %(interview_when)s.\nWhere: %(interview_place)s.\n"
                "%(accommodations_asked_sentence)s\n\nIf you cannot come, contact the job center.\n\n%(signature)s"
            ),
            _(
                "Hello %(person_name)s. Job interview for %(vacancy_title)s at %(employer_name)s on "
                "%(interview_when)s at %(interview_place)s. %(accommodations_asked_sentence)s %(signature)s"
            ),
            ("vacancy_title", "employer_name", "interview_at"),
        ),
        PersonKind(
            "interview_accommodations_confirmed",
            _("Your adjustments for the interview are ready"),
            _(
                "Hello %(person_name)s,\n\n%(employer_name)s agreed to the adjustments for your interview for "
                "%(vacancy_title)s.\n%(accommodations_sentence)s\n\nIf something is missing, contact the job "
                "center.\n\n%(signature)s"
            ),
            _(
                "Hello %(person_name)s. %(employer_name)s agreed to your adjustments for the interview for "
                "%(vacancy_title)s. %(accommodations_sentence)s %(signature)s"
            ),
            ("vacancy_title", "employer_name"),
        ),
        PersonKind(
            "referral_request_sent_on",
            _("Your request was sent to the employer"),
            _(
                "Hello %(person_name)s,\n\nYou asked to apply for the job %(vacancy_title)s.\nThe job center "
                "sent your request to %(employer_name)s.\nWe will tell you the next step.\n\n%(signature)s"
            ),
            _(
                "Hello %(person_name)s. The job center sent your request for the job %(vacancy_title)s to "
                "%(employer_name)s. We will tell you the next step. %(signature)s"
            ),
            ("vacancy_title", "employer_name"),
        ),
        PersonKind(
            "referral_request_declined",
            _("Your request for %(vacancy_title)s was not sent on"),
            _(
                "Hello %(person_name)s,\n\nYou asked to apply for the job %(vacancy_title)s at "
                "%(employer_name)s.\nThe job center did not send your request to the employer.\n"
                "%(reason_sentence)s\n\nCome to the job center or call us. We will look for other jobs with "
                "you.\n\n%(signature)s"
            ),
            _(
                "Hello %(person_name)s. The job center did not send your request for %(vacancy_title)s. "
                "%(reason_sentence)s Contact us to look for other jobs. %(signature)s"
            ),
            ("vacancy_title", "employer_name"),
        ),
    )
}

ACCOMMODATIONS_SENTENCE = _("Adjustments ready for you: %(accommodations)s.")
# Before the employer has confirmed them, adjustments are only asked for: never called ready or agreed.
ACCOMMODATIONS_ASKED_SENTENCE = _(
    "Adjustments asked for: %(accommodations)s. The employer has not confirmed them yet; we will tell you when they do."
)
REASON_SENTENCE = _("Reason: %(reason)s.")
PLACE_UNKNOWN = _("the job center will tell you the place")
SIGNATURE = _("Inclusive Job Center, %(city)s")
WHEN = _("%(date)s at %(time)s %(zone)s")
NO_NAME = _("there")  # "Hello there" when the name is empty


def get_person_kind(code: str) -> PersonKind:
    try:
        return PERSON_KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown person message kind {code!r}; known: {', '.join(sorted(PERSON_KINDS))}.") from None


def when_text(value: str, timezone_name: str) -> str:
    """``value`` (ISO 8601) on the city's clock in the active language: "Senin, 14 Desember 2026 pukul
    09.00 WIB". A naive value is taken as the city's time. ``ValueError`` when it is not a datetime."""
    moment = parse_datetime(str(value))
    if moment is None:
        raise ValueError("interview_at must be an ISO 8601 datetime.")
    tz = zoneinfo.ZoneInfo(timezone_name)
    local = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
    zone = local.tzname() or timezone_name
    if zone.startswith(("+", "-")):
        zone = timezone_name
    separator = "." if translation.get_language().startswith("id") else ":"
    return str(WHEN) % {
        "date": formats.date_format(local, "l, j F Y"),
        "time": f"{local:%H}{separator}{local:%M}",
        "zone": zone,
    }


def _values(context: dict, *, name: str, city_name: str, timezone_name: str, cap: int | None) -> dict[str, str]:
    def free(value) -> str:
        text = " ".join(str(value or "").split())
        return text if cap is None or len(text) <= cap else text[: cap - 1].rstrip() + "…"

    accommodations = [free(translation.gettext(str(label))) for label in context.get("accommodations") or [] if label]
    reason = free(context.get("reason"))
    place = free(context.get("interview_place"))
    return {
        "person_name": free(context.get("person_name") or name) or str(NO_NAME),
        "vacancy_title": free(context.get("vacancy_title")),
        "employer_name": free(context.get("employer_name")),
        "interview_when": when_text(context["interview_at"], timezone_name) if context.get("interview_at") else "",
        "interview_place": place or str(PLACE_UNKNOWN),
        "accommodations_sentence": (
            str(ACCOMMODATIONS_SENTENCE) % {"accommodations": ", ".join(accommodations)} if accommodations else ""
        ),
        "accommodations_asked_sentence": (
            str(ACCOMMODATIONS_ASKED_SENTENCE) % {"accommodations": ", ".join(accommodations)} if accommodations else ""
        ),
        "reason_sentence": str(REASON_SENTENCE) % {"reason": reason} if reason else "",
        "signature": str(SIGNATURE) % {"city": city_name},
    }


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    tidy, blank = [], False
    for line in lines:
        if not line:
            if not blank and tidy:
                tidy.append("")
            blank = True
            continue
        tidy.append(line)
        blank = False
    return "\n".join(tidy).strip()


def render_person_message(
    code: str, context: dict, *, name: str, language: str, city_name: str, timezone_name: str
) -> tuple[str, str, str]:
    """``(subject, body, short)`` of kind ``code`` in ``language``. ``short`` fits ``SHORT_LIMIT``: free
    text (names, titles, the place, the reason) is shortened first, then the end is cut.
    ``ValueError`` for an unknown kind or a missing value."""
    kind = get_person_kind(code)
    missing = [key for key in kind.required if context.get(key) in (None, "", [])]
    if missing:
        raise ValueError(f"Person message {code!r} needs {', '.join(missing)} in its context.")
    with translation.override(language):
        values = _values(context, name=name, city_name=city_name, timezone_name=timezone_name, cap=None)
        subject = _tidy(str(kind.subject) % values)[:200]
        body = _tidy(str(kind.body) % values)
        short = ""
        for cap in (None, 60, 40, 25):
            values = _values(context, name=name, city_name=city_name, timezone_name=timezone_name, cap=cap)
            short = " ".join((str(kind.short) % values).split())
            if len(short) <= SHORT_LIMIT:
                break
        if len(short) > SHORT_LIMIT:
            short = short[: SHORT_LIMIT - 1].rstrip() + "…"
    return subject, body, short


__all__ = ["PERSON_KINDS", "SHORT_LIMIT", "get_person_kind", "render_person_message", "when_text"]
