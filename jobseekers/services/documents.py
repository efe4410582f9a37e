"""Storing and removing a job seeker's documents (the checks on the bytes: ``jobseekers.documents``)."""

from __future__ import annotations

from django.db import transaction

from jobseekers.documents import ALLOWED, sniff
from jobseekers.models import Document, JobSeeker


@transaction.atomic
def document_upload(*, actor, job_seeker: JobSeeker, kind: str, title: str, uploaded) -> Document:
    """Check and store one document of ``job_seeker`` (current city). Raises ``ValidationError``."""
    mime = sniff(uploaded)
    document = Document(
        job_seeker=job_seeker,
        kind=kind,
        title=title,
        original_name=(uploaded.name or "")[:255],
        content_type=mime,
        size=uploaded.size,
        uploaded_by=actor,
    )
    document._fill_city()  # the storage path uses the city
    document.file.save(f"upload.{ALLOWED[mime]}", uploaded, save=False)
    document.full_clean(exclude=["city", "file", "uploaded_by"])
    document.save()
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Delete ``document`` and its file."""
    document.file.delete(save=False)
    document.delete()
