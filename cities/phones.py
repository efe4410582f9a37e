"""Phone numbers as people write them, stored in E.164 (``+6281234567890``): forms, the API and imports.

``phonenumbers`` (Google's libphonenumber metadata) reads the number with Indonesia as the default
region, so each of ``0812-3456-7890``, ``0812.3456.7890``, ``+62 812 3456 7890``, ``62812 3456 7890``,
``81234567890`` (a spreadsheet dropped the leading 0 of a number cell) and the landline
``(0631) 21234`` becomes one E.164 string; a number that cannot exist (too short, too long, an
unknown prefix) is refused with a message that says why. A number with a ``+`` and another
country code is kept when valid there. Stored numbers written before this rule (as typed) are
shown as they are.
"""

from __future__ import annotations

import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "ID"
EXAMPLES = _("for example 0812 3456 7890, +62 812 3456 7890 or, for a landline, (0271) 123456")


def normalise_phone(value: str) -> str:
    """``value`` in E.164, ``""`` when empty; ``ValidationError`` (code ``phone``) when it cannot be a number."""
    text = (value or "").strip()
    if not text:
        return ""
    if re.search(r"[/,;&]|\b(dan|atau|and|or)\b", text, re.IGNORECASE) and len(re.findall(r"\d", text)) >= 14:
        raise ValidationError(_("Write one phone number only, %(examples)s.") % {"examples": EXAMPLES}, code="phone")
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("This is not a phone number: write digits only, %(examples)s.") % {"examples": EXAMPLES},
            code="phone",
        ) from error
    if not phonenumbers.is_valid_number(number):
        length = _length(number)
        if length < 0:
            message = _("This phone number is too short: write the whole number, %(examples)s.")
        elif length > 0:
            message = _("This phone number is too long: write one number, %(examples)s.")
        else:
            message = _("No phone number can start like this: check the number, %(examples)s.")
        raise ValidationError(message % {"examples": EXAMPLES}, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _length(number: phonenumbers.PhoneNumber) -> int:
    """-1 when an invalid number is too short, 1 too long, 0 otherwise. An Indonesian number is held
    against the lengths of its kind (mobile numbers start with 8 after the 0, landlines with the
    area code): any length of 7 to 17 digits is "possible" for some Indonesian number."""
    if number.country_code == phonenumbers.country_code_for_region(REGION):
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(REGION)
        digits = phonenumbers.national_significant_number(number)
        lengths = (metadata.mobile if digits.startswith("8") else metadata.fixed_line).possible_length
        return -1 if len(digits) < min(lengths) else (1 if len(digits) > max(lengths) else 0)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason in (phonenumbers.ValidationResult.TOO_SHORT, phonenumbers.ValidationResult.INVALID_LENGTH):
        return -1
    return 1 if reason == phonenumbers.ValidationResult.TOO_LONG else 0


def display_phone(value: str) -> str:
    """A stored number as people read it: ``+6281234567890`` → ``0812-3456-7890``, a foreign number in
    international format; text that is not E.164 (stored before the rule) unchanged."""
    if not value or not value.startswith("+"):
        return value or ""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return value
    national = phonenumbers.region_code_for_number(number) == REGION
    style = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


class PhoneField(forms.CharField):
    """A form field for a phone number: shown as people read it, cleaned to E.164 (``normalise_phone``)."""

    def __init__(self, **kwargs):
        kwargs["max_length"] = 40  # as typed, with spaces and brackets; the E.164 result has at most 16
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update(autocomplete="tel", inputmode="tel")

    def prepare_value(self, value):
        return display_phone(value) if isinstance(value, str) else value

    def clean(self, value):
        return normalise_phone(super().clean(value))
