"""The kinds of notification: their wording (full and easy read) in one place, in ``en`` and ``id``.

Each kind has a subject, a full plain-text body and an "easy read" short text (one idea per
sentence, under 320 characters, fit for SMS/WhatsApp). All wording is plain text: no information is
only in an image, a colour or the layout. Strings are gettext msgids (English); the Indonesian comes
from the catalogue. ``%(name)s`` placeholders are filled from the notification's ``context``; every
name in ``required`` must be there, or ``notify`` raises ``ValueError`` before anything is written.

Values ending in ``_at`` are ISO 8601 datetimes; they are shown in the city's time zone, in the
recipient's language. Sources of rules are given on each kind.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from notifications.models import Channel

EMAIL, INBOX, SMS, WHATSAPP = Channel.EMAIL, Channel.INBOX, Channel.SMS, Channel.WHATSAPP
ALL_CHANNELS = (EMAIL, INBOX, SMS, WHATSAPP)
JOB_SEEKER, EMPLOYER, STAFF, CITY_ADMIN, PARTNER = (
    Membership.Role.JOB_SEEKER,
    Membership.Role.EMPLOYER,
    Membership.Role.STAFF,
    Membership.Role.CITY_ADMIN,
    Membership.Role.PARTNER,
)


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # lazy string: the name on the preferences page
    audience: object  # lazy string: who gets it
    subject: object
    body: object
    easy: object
    required: tuple[str, ...]
    default_channels: tuple[str, ...]  # empty: only people who opted in get it
    allowed_channels: tuple[str, ...] = ALL_CHANNELS
    # The city roles (``accounts.Membership.Role``) of the people it is sent to: the preferences page
    # shows a kind only to someone holding one of them in some city.
    roles: tuple[str, ...] = ()
    # Placeholders whose value is an English msgid (a choice's label): translated into the
    # recipient's language when the message is rendered.
    translated: tuple[str, ...] = ()
    # Shown on the preferences page. ``False`` for a message nobody can opt out of because it is
    # sent before the person has an account (the code to take over a profile made at the desk).
    listed: bool = True


KINDS: dict[str, Kind] = {}


def _register(kind: Kind) -> None:
    unknown = set(kind.roles) - set(Membership.Role.values)
    if not kind.roles or unknown:
        raise ValueError(f"Notification kind {kind.code!r} needs its audience roles (Membership.Role), not {unknown}.")
    KINDS[kind.code] = kind


def kinds_for_roles(roles) -> list[Kind]:
    """The kinds sent to someone holding any of ``roles`` (city roles), in declaration order."""
    roles = set(roles)
    return [kind for kind in KINDS.values() if kind.listed and roles & set(kind.roles)]


_register(
    Kind(
        "vacancy_match",
        _("A new vacancy that matches you"),
        _("Job seekers who opted in"),
        _("New vacancy: %(vacancy_title)s"),
        _(
            "A new vacancy may suit you: %(vacancy_title)s at %(employer_name)s.\n\n"
            "Read it and tell your job center whether you are interested:\n%(url)s\n\n"
            "You get this message because you asked to hear about matching vacancies. "
            "You can stop it on your notification settings page."
        ),
        _("New job for you: %(vacancy_title)s at %(employer_name)s. Look: %(url)s"),
        ("vacancy_title", "employer_name", "url"),
        (),  # opt-in only (the person chooses it on the preferences page)
        roles=(JOB_SEEKER,),
    )
)
_register(
    Kind(
        "referral_proposed",
        _("A referral is proposed"),
        _("Job seekers"),
        _("Referral proposed: %(vacancy_title)s"),
        _(
            "The job center proposes a referral for the vacancy %(vacancy_title)s at %(employer_name)s.\n\n"
            "Nothing is decided yet. Read the proposal and answer here:\n%(url)s"
        ),
        _("The job center suggests you for a job: %(vacancy_title)s. Please answer: %(url)s"),
        ("vacancy_title", "employer_name", "url"),
        (EMAIL, INBOX),
        roles=(JOB_SEEKER,),
    )
)
_register(
    Kind(
        "referral_confirmed",
        _("A referral is confirmed"),
        _("Employers"),
        _("Referral confirmed: %(vacancy_title)s"),
        _(
            "The referral for the vacancy %(vacancy_title)s at %(employer_name)s is confirmed.\n\n"
            "The next step is on this page:\n%(url)s"
        ),
        _("Your referral for %(vacancy_title)s is confirmed. Next step: %(url)s"),
        ("vacancy_title", "employer_name", "url"),
        (EMAIL, INBOX),
        roles=(EMPLOYER,),
    )
)
_register(
    Kind(
        "interview_scheduled",
        _("An interview is scheduled"),
        _("Job seekers and employers"),
        _("Interview on %(starts_at)s"),
        _(
            "An interview is scheduled for the vacancy %(vacancy_title)s at %(employer_name)s.\n\n"
            "When: %(starts_at)s\nWhere: %(place)s\n"
            "Accommodation asked for (not yet confirmed by the employer): %(accommodation)s\n\n"
            "If the time or the accommodation does not work for you, tell the job center:\n%(url)s"
        ),
        _(
            "Interview for %(vacancy_title)s on %(starts_at)s at %(place)s. Support asked for: %(accommodation)s. "
            "%(url)s"
        ),
        ("vacancy_title", "employer_name", "starts_at", "place", "accommodation", "url"),
        (EMAIL, INBOX, SMS),
        roles=(JOB_SEEKER, EMPLOYER),
    )
)
_register(
    Kind(
        "interview_changed",
        _("An interview is changed"),
        _("Job seekers and employers"),
        _("Interview changed: now %(starts_at)s"),
        _(
            "The interview for the vacancy %(vacancy_title)s at %(employer_name)s has changed.\n\n"
            "New time: %(starts_at)s\nWhere: %(place)s\n"
            "Accommodation asked for (not yet confirmed by the employer): %(accommodation)s\n\n"
            "If this does not work for you, tell the job center:\n%(url)s"
        ),
        _("Interview changed. New time: %(starts_at)s at %(place)s. Support asked for: %(accommodation)s. %(url)s"),
        ("vacancy_title", "employer_name", "starts_at", "place", "accommodation", "url"),
        (EMAIL, INBOX, SMS),
        roles=(JOB_SEEKER, EMPLOYER),
    )
)
_register(
    Kind(
        "interview_cancelled",
        _("An interview is called off"),
        _("Job seekers and employers"),
        _("Interview called off: %(vacancy_title)s"),
        _(
            "The interview for the vacancy %(vacancy_title)s at %(employer_name)s on %(starts_at)s is called off. "
            "Do not go to it.\n\nThe reason and what happens next are on this page:\n%(url)s"
        ),
        _("The interview for %(vacancy_title)s on %(starts_at)s is called off. Do not go. %(url)s"),
        ("vacancy_title", "employer_name", "starts_at", "url"),
        (EMAIL, INBOX, SMS),
        roles=(JOB_SEEKER, EMPLOYER),
    )
)
_register(
    Kind(
        "offer_made",
        _("A job offer"),
        _("Job seekers"),
        _("Job offer: %(vacancy_title)s"),
        _(
            "%(employer_name)s offers you the job %(vacancy_title)s.\n\n"
            "Take your time. You can ask the job center for help before you answer:\n%(url)s"
        ),
        _("Good news: %(employer_name)s offers you the job %(vacancy_title)s. See: %(url)s"),
        ("vacancy_title", "employer_name", "url"),
        (EMAIL, INBOX, SMS),
        roles=(JOB_SEEKER,),
    )
)
_register(
    Kind(
        "placement_confirmed",
        _("A placement is confirmed"),
        _("Job seekers"),
        _("Placement confirmed: %(vacancy_title)s"),
        _(
            "The placement in the job %(vacancy_title)s at %(employer_name)s is confirmed. "
            "Work starts on %(starts_on)s.\n\nDetails and follow-up dates:\n%(url)s"
        ),
        _("You start work as %(vacancy_title)s on %(starts_on)s. Details: %(url)s"),
        ("vacancy_title", "employer_name", "starts_on", "url"),
        (EMAIL, INBOX),
        roles=(JOB_SEEKER,),
    )
)
_register(
    Kind(
        "followup_due",
        _("A follow-up is due"),
        _("Staff"),
        _("Follow-up due: %(person_name)s"),
        _(
            "A follow-up with %(person_name)s (placement: %(vacancy_title)s) is due on %(due_on)s.\n\n"
            "Record it here:\n%(url)s"
        ),
        _("Follow-up with %(person_name)s due on %(due_on)s. %(url)s"),
        ("person_name", "vacancy_title", "due_on", "url"),
        (EMAIL, INBOX),
        roles=(STAFF,),
    )
)
_register(
    Kind(
        "assessment_shared",
        _("An accessibility assessment report is shared"),
        _("Employers"),
        _("Accessibility assessment report: %(workplace_name)s"),
        _(
            "The job center has shared the accessibility assessment report of %(workplace_name)s with you.\n\n"
            "Read the report and the suggested improvements here:\n%(url)s"
        ),
        _("Your workplace report for %(workplace_name)s is ready. Read it: %(url)s"),
        ("workplace_name", "url"),
        (EMAIL, INBOX),
        roles=(EMPLOYER,),
    )
)
_register(
    Kind(
        "data_request_received",
        _("A personal data request is received"),
        _("Staff"),
        _("Personal data request: answer by %(deadline_at)s"),
        _(
            "%(person_name)s has made a request about their personal data: %(request_type)s.\n\n"
            "Received: %(received_at)s\nAct on it by: %(deadline_at)s (3 x 24 hours, UU 27/2022 on personal data "
            "protection).\n\nOpen the request:\n%(url)s"
        ),
        _("Data request from %(person_name)s (%(request_type)s). Act by %(deadline_at)s. %(url)s"),
        ("person_name", "request_type", "received_at", "url"),
        (EMAIL, INBOX),
        roles=(STAFF,),
        translated=("request_type",),
    )
)
_register(
    Kind(
        "consent_withdrawn",
        _("Consent is withdrawn"),
        _("Staff"),
        _("Consent withdrawn: %(person_name)s"),
        _(
            "%(person_name)s has withdrawn consent: %(consent_type)s, on %(withdrawn_at)s.\n\n"
            "Stop the processing it covered within 3 x 24 hours (UU 27/2022 on personal data protection). "
            "Details:\n%(url)s"
        ),
        _("%(person_name)s withdrew consent (%(consent_type)s). Act within 3 x 24 hours. %(url)s"),
        ("person_name", "consent_type", "withdrawn_at", "url"),
        (EMAIL, INBOX),
        roles=(STAFF,),
        translated=("consent_type",),
    )
)
_register(
    Kind(
        "webhook_paused",
        _("A webhook endpoint is paused after failures"),
        _("City admins"),
        _("Webhook paused: %(endpoint_url)s"),
        _(
            "The portal stopped sending events to the webhook endpoint %(endpoint_url)s on %(paused_at)s, "
            "because its last %(failures)s deliveries failed.\n\nLast error: %(last_error)s\n\n"
            "Events are kept and will be sent when the endpoint is resumed. Check the receiving system, "
            "then resume the endpoint here:\n%(url)s"
        ),
        _("Webhook %(endpoint_url)s is paused after %(failures)s failures. Check it: %(url)s"),
        ("endpoint_url", "failures", "paused_at", "last_error", "url"),
        (EMAIL, INBOX),
        (EMAIL, INBOX),
        roles=(CITY_ADMIN,),
    )
)
_register(
    Kind(
        "account_claim_code",
        _("A code to take over your account"),
        _("People registered at the job center without an account"),
        _("Your code to take over your IJC Portal account"),
        _(
            "Hello %(person_name)s,\n\nThe job center registered you on the IJC Portal. You can now take over "
            "your own account and see your profile.\n\nYour code: %(claim_code)s\nIt works once, until "
            "%(expires_at)s.\n\nOpen this link to take over your account:\n%(url)s\n\nOr, on the portal's "
            'sign-in page, choose "Registered at the job center? Take over your account" and enter your '
            "phone number or email address and this code.\n\nDo not give this code to anyone. If you did not "
            "ask the job center for it, ignore this message."
        ),
        _(
            "Your IJC Portal account code: %(claim_code)s (valid until %(expires_at)s). Open %(url)s to take "
            "over your account. Do not give this code to anyone."
        ),
        ("person_name", "claim_code", "expires_at", "url"),
        (),  # sent only on the channel staff choose (jobseekers.services.claim_code_send)
        roles=(JOB_SEEKER,),
        listed=False,
    )
)

# The deadline for acting on a data-subject request or a withdrawal: 3 x 24 hours (UU 27/2022, DOMAIN.md).
DATA_REQUEST_DEADLINE = datetime.timedelta(hours=72)

DIGEST_SUBJECT = _("Your messages from the IJC Portal (%(count)s)")
DIGEST_INTRO = _("You reached your daily limit of messages, so these were kept for this summary:")


def get_kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}; known: {', '.join(sorted(KINDS))}.") from None


def prepare_context(kind: Kind, context: dict) -> dict:
    """Check ``context`` against ``kind.required`` and add derived values (the 3 x 24 h deadline).

    Returns a new JSON-serialisable dict; raises ``ValueError`` naming what is missing.
    """
    missing = [name for name in kind.required if context.get(name) in (None, "")]
    if missing:
        raise ValueError(f"Notification kind {kind.code!r} needs {', '.join(missing)} in its context.")
    prepared = dict(context)
    if kind.code == "data_request_received" and not prepared.get("deadline_at"):
        received = parse_datetime(str(prepared["received_at"]))
        if received is None:
            raise ValueError("received_at must be an ISO 8601 datetime.")
        prepared["deadline_at"] = (received + DATA_REQUEST_DEADLINE).isoformat()
    return prepared


def _display(context: dict, tz: zoneinfo.ZoneInfo, translated: tuple[str, ...] = ()) -> dict:
    shown = {}
    for name, value in context.items():
        if name in translated and isinstance(value, str) and value:
            value = translation.gettext(value)
        elif name.endswith("_at") and isinstance(value, str) and (moment := parse_datetime(value)) is not None:
            if moment.tzinfo is not None:
                moment = moment.astimezone(tz)
            value = f"{formats.date_format(moment, 'DATETIME_FORMAT')} ({tz.key})"
        shown[name] = value
    return shown


def display_values(kind: Kind, context: dict, *, language: str, timezone_name: str = "Asia/Jakarta") -> dict:
    """The placeholders' values as ``render`` shows them in ``language`` (datetimes on the city's clock,
    translated labels): the parameters of a WhatsApp template."""
    with translation.override(language):
        return _display(context, zoneinfo.ZoneInfo(timezone_name), kind.translated)


def render(kind: Kind, context: dict, *, language: str, timezone_name: str = "Asia/Jakarta") -> tuple[str, str, str]:
    """``(subject, body, short)`` of ``kind`` in ``language``: plain text, datetimes in ``timezone_name``,
    the values named in ``kind.translated`` (English msgids such as a choice's label) translated."""
    with translation.override(language):
        values = _display(context, zoneinfo.ZoneInfo(timezone_name), kind.translated)
        subject = str(kind.subject) % values
        body = str(kind.body) % values
        short = str(kind.easy) % values
    return subject[:200], body, short[:320]
