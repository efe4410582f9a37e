"""Photos of checklist items: checked by content and size, re-encoded without metadata.

``prepare(upload)`` is the only way a photo reaches ``services.item_result_record``: it sniffs the
content (``filetype``: JPEG, PNG or WebP, whatever the name or the browser says), refuses files over
``PHOTO_MAX_BYTES`` and images over ``PHOTO_MAX_PIXELS``, turns the image upright from its EXIF
orientation, and writes a new file with Pillow **without** EXIF (GPS position, camera serial,
time), XMP or text chunks. The stored name is random: an uploaded file name can carry personal data.
"""

from __future__ import annotations

import base64
import io
import uuid
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # 40 megapixels: any phone camera; larger is refused before decoding
PHOTO_TYPES = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}
REPORT_THUMBNAIL_PX = 640  # longest side of a photo embedded in the PDF report


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked photo ready to store: ``file`` (a ``ContentFile`` with a random name) and ``content_type``."""

    file: ContentFile
    content_type: str


def prepare(upload) -> PreparedPhoto:
    """Check and clean an uploaded photo. Raises ``ValidationError`` (a message for the form) for a
    file over 5 MB, a type other than JPEG/PNG/WebP (by content), an image Pillow cannot read, or
    one over 40 megapixels."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."), code="size")
    head = upload.read(261)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in PHOTO_TYPES:
        raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="type")
    pil_format, extension = PHOTO_TYPES[kind.mime]
    try:
        with Image.open(upload, formats=[pil_format]) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels; send a smaller one."), code="pixels")
            image.load()
            upright = ImageOps.exif_transpose(image)
            if pil_format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            options = {"quality": 90} if pil_format in ("JPEG", "WEBP") else {"optimize": True}
            # No exif=, xmp= or pnginfo=: Pillow writes none of the original metadata.
            upright.save(out, format=pil_format, **options)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(
            _("The photo cannot be read. Send a JPEG, PNG or WebP photo."), code="unreadable"
        ) from None
    finally:
        upload.seek(0)
    return PreparedPhoto(
        file=ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}"), content_type=kind.mime
    )


def thumbnail_data_uri(stored_file, *, size: int = REPORT_THUMBNAIL_PX) -> str:
    """A small JPEG of a stored photo as a ``data:`` URI, for the self-contained PDF report
    (WeasyPrint fetches no URL). Returns ``""`` when the file cannot be read."""
    from PIL import Image

    try:
        with stored_file.open("rb") as handle, Image.open(handle) as image:
            image.thumbnail((size, size))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
    except (OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
