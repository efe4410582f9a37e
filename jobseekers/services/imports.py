"""Writes of the job-seeker import and export: the all-or-nothing import, the checked upload kept
for it, and the audit of an export. The columns, the row checks and the file formats are
``jobseekers.imports``.

An import is two requests: ``import_dry_run`` checks the upload and, when it is clean, keeps it
(random name, outside the web root) under a token in the session; ``import_stored_commit`` reads
it again and writes every row or nothing (``jobseekers_import``, re-checked). Imported people get
consent "to be confirmed".
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cities.tabular import read_rows
from jobseekers.imports import SESSION_KEY, ImportFailed, Report, check
from jobseekers.models import ConsentPurpose, ConsentRecord, ConsentText, Education, JobSeeker, RegistrationChannel


@transaction.atomic
def jobseekers_import(*, actor, rows: list[list[str]]) -> int:
    """Write every row, or nothing: raises ``ImportFailed`` (with the report) when any row is wrong."""
    report, cleaned = check(rows)
    if not report.ok:
        raise ImportFailed(report)
    seekers = [
        JobSeeker(
            name=row["name"],
            nik=row["nik"],
            birth_date=row["birth_date"],
            gender=row["gender"],
            phone=row["phone"],
            email=row["email"],
            kelurahan=row["kelurahan"],
            kecamatan=row["kecamatan"],
            ak1_number=row["ak1_number"],
            ragam=row["ragam"],
            referral_source=row["referral_source"],
            registration_channel=RegistrationChannel.IMPORT,
            registered_by=actor,
            consent_to_confirm=True,
        )
        for row in cleaned
    ]
    JobSeeker.objects.bulk_create(seekers, batch_size=2000)
    Education.objects.bulk_create(
        [
            Education(job_seeker=s, level=row["education"])
            for s, row in zip(seekers, cleaned, strict=True)
            if row["education"]
        ],
        batch_size=2000,
    )
    texts = {
        t.purpose: t
        for t in (ConsentText.objects.filter(purpose=p).order_by("-version").first() for p in ConsentPurpose.values)
        if t
    }
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                job_seeker=s, text=text, decision=ConsentRecord.Decision.TO_CONFIRM, channel="import", recorded_by=actor
            )
            for s in seekers
            for text in texts.values()
        ],
        batch_size=5000,
    )
    return len(seekers)


def _store_dir(city_id: int) -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports" / str(city_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_dry_run(*, actor, uploaded, session) -> Report:
    """Check the upload; when it is clean keep it (random name, outside the web root) for the commit."""
    from cities.tenancy import require_city_id

    content = uploaded.read()
    try:
        rows = read_rows(content, uploaded.name or "")
    except ValueError as error:
        return Report(fatal=str(error))
    report, _cleaned = check(rows)
    if report.ok:
        token = secrets.token_urlsafe(16)
        (_store_dir(require_city_id()) / token).write_bytes(content)
        session[SESSION_KEY] = token
        report.token = token
    return report


def import_stored_commit(*, actor, token: str, session) -> int:
    from cities.tenancy import require_city_id

    if not token or session.get(SESSION_KEY) != token:
        raise ImportFailed(Report(fatal=_("Upload the file again: the checked file is no longer available.")))
    path = _store_dir(require_city_id()) / token
    if not path.exists():
        raise ImportFailed(Report(fatal=_("Upload the file again: the checked file is no longer available.")))
    count = jobseekers_import(actor=actor, rows=read_rows(path.read_bytes(), path.name))
    path.unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)
    return count


def caseload_export_record(*, actor, seekers: list[JobSeeker], groups: Iterable[str] = ()) -> None:
    """One access entry per exported person, written in bulk with the request's IP address as the
    filtered list's (``accounts.audit.record_access_many``): the groups the file holds (identity,
    disability) and ``groups``, those the export's filters reveal (a file filtered by a WG-SS domain
    shows "functioning" of everyone in it, UU 27/2022 art. 4)."""
    from accounts import audit

    fields = {"disability", "identity", *groups}
    audit.record_access_many(objs=seekers, groups=fields, extra={"export": True}, actor=actor)
