"""The city's letterhead (kop surat) and signatory on its official documents (docs/letterhead.md).

- ``logo_prepare(upload)``: a PNG or JPEG of at most 500 KB, checked by its content with Pillow
  (whatever the name or the browser says), scaled to at most ``LOGO_MAX_PX`` and written again
  without metadata. SVG is refused: it can carry scripts and links, and WeasyPrint would fetch them.
- ``nip_check(value)``: the 18 digits of a civil servant's NIP (birth date, appointment month,
  gender digit, serial).
- ``LetterheadForm`` / ``letterhead_save``: the city admin's page (``cities.change_letterhead``).
- ``current_letterhead()``: the request city's letterhead or ``None``, read in the city's context
  (row-level security: never another city's). ``letterhead_context()`` is what the shared templates
  ``components/letterhead.html`` and ``components/signature.html`` take.
"""

from __future__ import annotations

import datetime
import io

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cities.models import CityLetterhead
from cities.tenancy import current_city_id

LOGO_MAX_BYTES = 500 * 1024
LOGO_MAX_PX = 600  # longest side kept: enough for a 3 cm logo printed at 300 dpi
LOGO_MAX_PIXELS = 25_000_000  # refused before decoding (a decompression bomb)
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def logo_prepare(upload) -> tuple[bytes, str]:
    """Check an uploaded logo; return ``(bytes, content type)`` of the cleaned image.

    Raises ``ValidationError`` (code ``size``, ``type`` or ``pixels``) with a message for the form."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is larger than 500 KB."), code="size")
    try:
        with Image.open(upload, formats=list(LOGO_TYPES)) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ValidationError(_("The logo has too many pixels; send a smaller one."), code="pixels")
            pil_format = image.format
            image.load()
            image.thumbnail((LOGO_MAX_PX, LOGO_MAX_PX))
            if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # No exif=, icc_profile= or pnginfo=: none of the original metadata is written.
            image.save(out, format=pil_format, **({"quality": 90} if pil_format == "JPEG" else {"optimize": True}))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(_("Upload the logo as a PNG or JPEG image."), code="type") from None
    finally:
        upload.seek(0)
    return out.getvalue(), LOGO_TYPES[pil_format]


def nip_check(value: str) -> str:
    """The NIP of a civil servant: 18 digits = birth date (YYYYMMDD), appointment (YYYYMM), gender
    (1 man, 2 woman), serial (3). Returns the digits; raises ``ValidationError`` (code ``nip``)."""
    value = value.strip()
    message = _("A NIP is 18 digits: birth date, appointment month, 1 or 2 for gender, then 3 digits.")
    if len(value) != 18 or not value.isdigit():
        raise ValidationError(message, code="nip")
    try:
        datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
        datetime.date(int(value[8:12]), int(value[12:14]), 1)
    except ValueError:
        raise ValidationError(message, code="nip") from None
    if value[14] not in "12":
        raise ValidationError(message, code="nip")
    return value


class LetterheadForm(forms.ModelForm):
    """The letterhead and signatory; the logo is a separate upload (kept when none is sent)."""

    logo_upload = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("PNG or JPEG, at most 500 KB. Leave empty to keep the current logo."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)

    class Meta:
        model = CityLetterhead
        fields = [
            "office_name",
            "address",
            "phone",
            "email",
            "website",
            "signatory_name",
            "signatory_nip",
            "signatory_position",
        ]
        widgets = {
            "office_name": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"signatory_nip": gettext_lazy("18 digits, without spaces.")}

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        return logo_prepare(upload) if upload else None

    def clean_signatory_nip(self) -> str:
        value = self.cleaned_data.get("signatory_nip", "").strip()
        return nip_check(value) if value else ""

    def clean(self):
        data = super().clean()
        signatory = [data.get("signatory_name"), data.get("signatory_position")]
        if any(signatory) and not all(signatory):
            field = "signatory_position" if data.get("signatory_name") else "signatory_name"
            self.add_error(field, _("Give the signatory's name and position together."))
        return data


@transaction.atomic
def letterhead_save(*, actor, form: LetterheadForm) -> CityLetterhead:
    """Save the current city's letterhead from a valid form: the new logo replaces the old one,
    ``remove_logo`` drops it, no upload keeps it."""
    letterhead = form.save(commit=False)
    logo = form.cleaned_data.get("logo_upload")
    if logo:
        letterhead.logo, letterhead.logo_content_type = logo
    elif form.cleaned_data.get("remove_logo"):
        letterhead.logo, letterhead.logo_content_type = None, ""
    letterhead.updated_by = actor
    letterhead.save()
    return letterhead


def current_letterhead() -> CityLetterhead | None:
    """The current city's letterhead, ``None`` outside a city or before the city admin set one."""
    if current_city_id() is None:
        return None
    return CityLetterhead.objects.first()


def letterhead_context() -> dict:
    """``{"letterhead": ...}`` for the shared templates (``None`` when there is none)."""
    return {"letterhead": current_letterhead()}
