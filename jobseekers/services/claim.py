"""Taking over one's own profile: a person registered without an account (at the desk, by a partner,
by an import) gets a one-time code and link from staff, and with either creates the login of the
profile that already exists — never a second person.

1. ``claim_code_send`` (staff, on the case page): a 6-digit code and a link token, sent by SMS,
   WhatsApp or email to the phone or email on the profile (``notifications.services.notify_address``,
   kind ``account_claim_code``, through the outbox in the same transaction). Only HMAC-SHA256 digests
   (key: ``SECRET_KEY``) are stored; the code is valid ``CLAIM_CODE_VALID_FOR`` (72 hours), once; a
   new code voids the previous one (its unsent message is cancelled).
2. ``claim_code_check`` (the person: phone number or email, and the code) or ``claim_link_check``
   (the link): the usable ``ClaimCode``, or ``ClaimError`` saying why not. A wrong code counts
   against every usable code sent to that address; the ``CLAIM_CODE_MAX_FAILURES``-th voids it.
   Attempts per address are limited (``CLAIM_ATTEMPTS_PER_HOUR``, in the cache).
3. ``claim_complete``: the account (email and password: the portal signs in by email, allauth's
   ``ACCOUNT_LOGIN_METHODS``), linked to the existing ``JobSeeker`` (``user``), the job-seeker
   membership of the city (``accounts.services.member_register``: not ``member_sign_up``, whose
   signal makes a self-service profile), the code used and any other code of the person voided.

Each step is in the city's audit trail on the job seeker: the code sent (by whom, which channel),
each wrong code, the account taken over (``accounts.AuditLogEntry``, ``additional_data.account_claim``).
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, Membership, User
from cities.models import City
from cities.phones import normalise_phone
from cities.tenancy import require_city_id
from jobseekers.models import ClaimCode, JobSeeker

CLAIM_CODE_VALID_FOR = datetime.timedelta(hours=72)
CLAIM_CODE_MAX_FAILURES = 5
CLAIM_ATTEMPTS_PER_HOUR = 10
# Codes older than this are not compared any more (a person typing a months-old code is told it is wrong).
CLAIM_LOOKBACK = datetime.timedelta(days=30)
CHANNELS = ("sms", "whatsapp", "email")
NOTIFICATION_KIND = "account_claim_code"


class ClaimError(Exception):
    """A refusal to show the person: ``str(error)`` is the translated message, ``reason`` a code."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _digest(purpose: str, value: str) -> str:
    return salted_hmac(f"jobseekers.claim.{purpose}", value, algorithm="sha256").hexdigest()


def _code_digest(salt: str, code: str) -> str:
    return _digest("code", f"{salt}:{code}")


def _token_digest(token: str) -> str:
    return _digest("link", token)


def _phone(job_seeker: JobSeeker) -> str:
    try:
        return normalise_phone(job_seeker.phone)
    except ValidationError:
        return ""


def claim_channels(job_seeker: JobSeeker) -> dict[str, str]:
    """The channels a code can go by for ``job_seeker``, each with its address: SMS and WhatsApp to the
    profile's phone (when it is a number), email to its email; in that order."""
    phone = _phone(job_seeker)
    channels = {"sms": phone, "whatsapp": phone} if phone else {}
    if job_seeker.email:
        channels["email"] = job_seeker.email.strip().lower()
    return channels


def _audit(job_seeker: JobSeeker, event: str, *, actor=None, **details) -> None:
    AuditLogEntry.objects.log_create(
        job_seeker,
        force_log=True,
        action=AuditLogEntry.Action.UPDATE,
        actor=actor,
        changes={"account_claim": ["", event]},
        additional_data={"account_claim": event, **details},
    )


def _cancel_message(code: ClaimCode) -> None:
    from notifications.services import cancel

    cancel(idempotency_key=f"claim-code:{code.pk}")


def _void(codes, reason: str, now: datetime.datetime) -> None:
    for code in codes:
        code.voided_at = now
        code.void_reason = reason
        code.save(update_fields=["voided_at", "void_reason"])
        _cancel_message(code)


def _usable(queryset, now):
    return queryset.filter(used_at=None, voided_at=None, expires_at__gt=now)


@transaction.atomic
def claim_code_send(*, actor, job_seeker: JobSeeker, channel: str) -> tuple[ClaimCode, str, str]:
    """Send ``job_seeker`` (current city, no account yet) a new code and link by ``channel``; returns
    the row, the code and the link token (for tests; nowhere else are they kept in clear).

    Raises ``ClaimError`` when the profile already has an account or is anonymised, or has no
    address for ``channel``.
    """
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    if job_seeker.user_id is not None:
        raise ClaimError(_("This person already has an account: they sign in with it."), "claimed")
    if job_seeker.anonymised_at is not None:
        raise ClaimError(_("This profile was deleted at the person's request."), "anonymised")
    channels = claim_channels(job_seeker)
    if channel not in CHANNELS or channel not in channels:
        raise ClaimError(
            _("The profile has no phone number or email for this channel. Add it to the profile first."), "channel"
        )
    now = timezone.now()
    _void(_usable(job_seeker.claim_codes.all(), now), ClaimCode.VoidReason.REPLACED, now)
    code = f"{secrets.randbelow(10**6):06d}"
    token = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    row = ClaimCode.objects.create(
        job_seeker=job_seeker,
        channel=channel,
        address=channels[channel],
        salt=salt,
        code_hash=_code_digest(salt, code),
        token_hash=_token_digest(token),
        created_at=now,
        created_by=actor,
        expires_at=now + CLAIM_CODE_VALID_FOR,
    )
    city = City.objects.get(pk=require_city_id())
    path = reverse("jobseekers:claim-link", kwargs={"city_slug": city.slug, "token": token})
    from notifications.services import notify_address

    notify_address(
        address=row.address,
        channel=channel,
        kind=NOTIFICATION_KIND,
        context={
            "person_name": job_seeker.name,
            "claim_code": code,
            "expires_at": row.expires_at.isoformat(),
            "url": f"{settings.PORTAL_BASE_URL}{path}",
        },
        idempotency_key=f"claim-code:{row.pk}",
        language=job_seeker.language,
    )
    _audit(job_seeker, "code_sent", actor=actor, channel=channel, claim_code=row.pk)
    return row, code, token


def normalise_address(text: str) -> str:
    """An email address (lower-cased) or a phone number in E.164, as codes are sent to;
    ``ClaimError`` when ``text`` is neither."""
    text = (text or "").strip()
    if "@" in text:
        return text.lower()
    try:
        phone = normalise_phone(text)
    except ValidationError as error:
        raise ClaimError(error.messages[0], "address") from error
    if not phone:
        raise ClaimError(_("Write the phone number or the email address the code was sent to."), "address")
    return phone


def _rate_limited(address: str) -> bool:
    """Count one attempt for ``address`` in this city; ``True`` past ``CLAIM_ATTEMPTS_PER_HOUR`` this hour."""
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"jobseekers:claim:{require_city_id()}:{_digest('rate', address)[:32]}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > CLAIM_ATTEMPTS_PER_HOUR


def _refusal(code: ClaimCode, now: datetime.datetime) -> ClaimError | None:
    """Why ``code`` (whose secret matched) cannot be used, or ``None``."""
    status = code.status(now)
    if status == "used":
        return ClaimError(
            _(
                "This code was already used. Sign in with the account made with it, or ask the job center "
                "for a new code."
            ),
            "used",
        )
    if status == "void" and code.void_reason == ClaimCode.VoidReason.FAILURES:
        return ClaimError(
            _("This code no longer works: a wrong code was entered too many times. Ask the job center for a new code."),
            "failures",
        )
    if status == "void" and code.void_reason == ClaimCode.VoidReason.REPLACED:
        return ClaimError(_("A newer code was sent after this one. Use the code in the latest message."), "replaced")
    if status == "void" or code.job_seeker.user_id is not None:
        return ClaimError(
            _(
                "This profile already has an account. Sign in with it; if you forgot the password, choose "
                '"Forgot your password?" on the sign-in page.'
            ),
            "claimed",
        )
    if status == "expired":
        return ClaimError(
            _("This code has expired (it works for 72 hours). Ask the job center for a new code."), "expired"
        )
    return None


def claim_code_check(*, address: str, code: str) -> ClaimCode:
    """The usable code of the current city sent to ``address`` (phone in any common Indonesian form, or
    email) whose secret is ``code``; ``ClaimError`` otherwise. A wrong code is counted on every usable
    code sent to that address (the counts are kept even though this raises) and audited."""
    address = normalise_address(address)
    code = "".join((code or "").split())
    if _rate_limited(address):
        raise ClaimError(_("Too many tries with this number or address. Wait an hour, then try again."), "rate")
    if len(code) != 6 or not code.isdigit():
        raise ClaimError(_("The code has 6 digits. Copy it from the message you received."), "format")
    now = timezone.now()
    with transaction.atomic():
        candidates = list(
            ClaimCode.objects.select_for_update()
            .select_related("job_seeker")
            .filter(address=address, created_at__gte=now - CLAIM_LOOKBACK)
        )
        match = next((c for c in candidates if constant_time_compare(c.code_hash, _code_digest(c.salt, code))), None)
        if match is not None:
            refusal = _refusal(match, now)
            if refusal is None:
                return match
            _audit(match.job_seeker, "code_refused", reason=refusal.reason, claim_code=match.pk)
        else:
            for candidate in candidates:
                if candidate.status(now) != "usable":
                    continue
                candidate.failed_attempts += 1
                candidate.save(update_fields=["failed_attempts"])
                _audit(candidate.job_seeker, "wrong_code", claim_code=candidate.pk, attempts=candidate.failed_attempts)
                if candidate.failed_attempts >= CLAIM_CODE_MAX_FAILURES:
                    _void([candidate], ClaimCode.VoidReason.FAILURES, now)
                    _audit(candidate.job_seeker, "code_void", reason="failures", claim_code=candidate.pk)
            refusal = ClaimError(
                _(
                    "The number or address and the code do not match a valid code. Check both and try again; "
                    "after 5 wrong codes the code stops working."
                ),
                "wrong",
            )
    raise refusal


def claim_link_check(*, token: str) -> ClaimCode:
    """The code of the current city whose link token is ``token`` if it can still be used;
    ``ClaimError`` (reason ``unknown`` for a token that matches nothing) otherwise."""
    row = None
    if token and len(token) <= 100:
        row = ClaimCode.objects.select_related("job_seeker").filter(token_hash=_token_digest(token)).first()
    if row is None:
        raise ClaimError(
            _("This link is not valid. Check that you opened the whole link, or enter the code instead."), "unknown"
        )
    refusal = _refusal(row, timezone.now())
    if refusal is not None:
        raise refusal
    return row


def claim_usable(*, code_id: int) -> ClaimCode:
    """The usable code ``code_id`` of the current city (kept in the session between the code and the
    password page); ``ClaimError`` when it can no longer be used."""
    row = ClaimCode.objects.select_related("job_seeker").filter(pk=code_id).first()
    if row is None:
        raise ClaimError(_("Enter your code again."), "unknown")
    refusal = _refusal(row, timezone.now())
    if refusal is not None:
        raise refusal
    return row


@transaction.atomic
def claim_complete(*, claim_code: ClaimCode, email: str, password: str, language: str, by: str) -> tuple[User, bool]:
    """Create the person's login and link it to their existing profile (current city); returns the user
    and whether the email counts as verified (the code was sent to that very address).

    Single use: the code and the profile are locked and re-checked. ``by`` is ``code`` or ``link``
    (recorded in the trail). Raises ``ClaimError`` for an unusable code, a profile that has an account
    meanwhile, or an email another account uses. The password is validated by the caller's form.
    """
    from allauth.account.models import EmailAddress

    from accounts.services import member_register

    now = timezone.now()
    row = ClaimCode.objects.select_for_update().select_related("job_seeker").get(pk=claim_code.pk)
    job_seeker = JobSeeker.objects.select_for_update().get(pk=row.job_seeker_id)
    row.job_seeker = job_seeker
    refusal = _refusal(row, now)
    if refusal is not None:
        raise refusal
    if job_seeker.anonymised_at is not None:
        raise ClaimError(_("This profile was deleted at the person's request."), "anonymised")
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ClaimError(
            _(
                "An account with this email address exists already. Sign in with it, or use another email "
                "address here. The job center can help you."
            ),
            "email",
        )
    phone = _phone(job_seeker) if row.channel in ("sms", "whatsapp") else ""
    user = User.objects.create_user(email=email, password=password, name=job_seeker.name, language=language)
    if phone:
        user.phone = phone
        user.save(update_fields=["phone"])
    verified = row.channel == "email" and row.address == email
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    job_seeker.user = user
    fields = ["user"]
    if not job_seeker.email:
        job_seeker.email = email
        fields.append("email")
    job_seeker.save(update_fields=fields)
    member_register(user=user, city=City.objects.get(pk=row.city_id), role=Membership.Role.JOB_SEEKER)
    row.used_at = now
    row.used_by = user
    row.save(update_fields=["used_at", "used_by"])
    _void(_usable(job_seeker.claim_codes.exclude(pk=row.pk), now), ClaimCode.VoidReason.CLAIMED, now)
    _audit(job_seeker, "claimed", actor=user, claim_code=row.pk, channel=row.channel, by=by)
    return user, verified
