"""Document uploads: type sniffed from the content (``filetype``), never trusted from the name or browser.

Allowed: PDF, DOCX, JPEG, PNG up to ``MAX_BYTES``. Files go under ``MEDIA_ROOT`` (outside the web
root, never served by the web server) with a random name (``jobseekers.models.document_path``) and
are read back only through the download views of ``jobseekers.views.documents``, which check
permission (staff's download also writes an access entry to the audit trail).
Storing and removing them: ``jobseekers.services.documents``.
"""

from __future__ import annotations

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jobseekers.models import Document

MAX_BYTES = 5 * 1024 * 1024  # 5 MB: a scanned certificate or a CV, on a phone connection
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", DOCX: "docx"}


def sniff(uploaded) -> str:
    """The MIME type of ``uploaded`` (a Django ``UploadedFile``) judged by its bytes, or raise.

    DOCX is a ZIP: ``filetype`` says so from the first bytes, so the archive must also hold
    ``word/document.xml``. Raises ``ValidationError`` (codes ``size``, ``type``).
    """
    if uploaded.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="size")
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime in ("application/zip", DOCX):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                mime = DOCX if "word/document.xml" in archive.namelist() else ""
        except zipfile.BadZipFile:
            mime = ""
        uploaded.seek(0)
    if mime not in ALLOWED:
        raise ValidationError(_("Upload a PDF, Word (DOCX), JPEG or PNG file."), code="type")
    return mime


def download_name(document: Document) -> str:
    """The file name a download gets: the kind, the id and the extension of the sniffed type."""
    return f"{document.get_kind_display()}-{document.pk}.{ALLOWED.get(document.content_type, 'bin')}".replace(" ", "-")
