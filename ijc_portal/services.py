"""Writes of the portal's own public pages (HackSoft style: views call these, never the mailer)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from cities.models import City

logger = logging.getLogger(__name__)


class BarrierReportNotSentError(RuntimeError):
    """The mail server refused or could not be reached; the report was not delivered."""


def barrier_report_send(
    *,
    location: str,
    description: str,
    assistive_technology: str = "",
    city: City | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
) -> None:
    """Email an accessibility-barrier report to ``settings.ACCESSIBILITY_CONTACT_EMAIL``.

    Written in Indonesian (the language of the people who act on it) whatever the reporter's
    language; ``Reply-To`` is the reporter's address when given. Raises
    ``BarrierReportNotSentError`` when the mail cannot be sent, so the page can say so and keep
    what the person wrote.
    """
    context = {
        "location": location,
        "description": description,
        "assistive_technology": assistive_technology,
        "city": city,
        "name": name,
        "email": email,
        "phone": phone,
    }
    with translation.override("id"):
        subject = render_to_string("emails/barrier_report_subject.txt", context).strip()
        body = render_to_string("emails/barrier_report.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[settings.ACCESSIBILITY_CONTACT_EMAIL],
        reply_to=[email] if email else None,
    )
    try:
        message.send()
    except OSError as error:  # smtplib.SMTPException is an OSError
        logger.exception("Accessibility barrier report could not be sent")
        raise BarrierReportNotSentError(str(error)) from error
