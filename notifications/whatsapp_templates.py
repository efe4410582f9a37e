"""The WhatsApp message templates, one per notification kind, in ``id`` and ``en``.

Outside the 24-hour customer-service window WhatsApp delivers only templates that Meta approved
beforehand. Each city (or the operator, for the portal's one WhatsApp Business number) creates these
in WhatsApp Manager with exactly these names, in the languages ``id`` (Indonesian) and ``en``
(English), category Utility, with a body whose ``{{1}}``, ``{{2}}``... are the parameters below in
this order. ``template_body`` gives the body text to paste: the kind's easy-read wording
(``notifications.kinds``) with the numbered placeholders; docs/notifications.md lists them all.

A kind without a template here (the account-claim code: a one-time code needs an Authentication
template with a copy-code button, which the portal does not send) goes by SMS outside the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from notifications.kinds import get_kind

# Meta refuses a template body that starts or ends with a parameter: each body is framed by this.
FRAME = _("IJC Portal: %(text)s (from your Inclusive Job Center)")
# The languages a template exists in; a message in another language uses the first.
TEMPLATE_LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Template:
    name: str  # the template's name in WhatsApp Manager
    parameters: tuple[str, ...]  # context names, in the order of {{1}}, {{2}}, ...


TEMPLATES: dict[str, Template] = {
    "vacancy_match": Template("ijc_vacancy_match", ("vacancy_title", "employer_name", "url")),
    "referral_proposed": Template("ijc_referral_proposed", ("vacancy_title", "url")),
    "referral_confirmed": Template("ijc_referral_confirmed", ("vacancy_title", "url")),
    "interview_scheduled": Template(
        "ijc_interview_scheduled", ("vacancy_title", "starts_at", "place", "accommodation", "url")
    ),
    "interview_changed": Template("ijc_interview_changed", ("starts_at", "place", "accommodation", "url")),
    "interview_cancelled": Template("ijc_interview_cancelled", ("vacancy_title", "starts_at", "url")),
    "offer_made": Template("ijc_offer_made", ("employer_name", "vacancy_title", "url")),
    "placement_confirmed": Template("ijc_placement_confirmed", ("vacancy_title", "starts_on", "url")),
    "followup_due": Template("ijc_followup_due", ("person_name", "due_on", "url")),
    "assessment_shared": Template("ijc_assessment_shared", ("workplace_name", "url")),
    "data_request_received": Template(
        "ijc_data_request_received", ("person_name", "request_type", "deadline_at", "url")
    ),
    "consent_withdrawn": Template("ijc_consent_withdrawn", ("person_name", "consent_type", "url")),
    "webhook_paused": Template("ijc_webhook_paused", ("endpoint_url", "failures", "url")),
}


def template_for(kind_code: str) -> Template | None:
    return TEMPLATES.get(kind_code)


def template_language(language: str) -> str:
    return language if language in TEMPLATE_LANGUAGES else TEMPLATE_LANGUAGES[0]


def parameter_text(value) -> str:
    """A template parameter as WhatsApp takes it: no new lines or tabs, no run of spaces, never empty."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text[:1024] or "-"


def template_body(kind_code: str, language: str) -> str:
    """The body to create in WhatsApp Manager: the kind's easy-read wording in ``language`` with
    ``{{n}}`` for the n-th parameter, in ``FRAME``."""
    template = TEMPLATES[kind_code]
    numbered = {name: f"{{{{{index}}}}}" for index, name in enumerate(template.parameters, start=1)}
    with translation.override(language):
        return str(FRAME) % {"text": str(get_kind(kind_code).easy) % numbered}
