"""Signals the jobseekers app sends so that higher apps (placements, webhooks, api) can react to its
changes without jobseekers importing them (ARCHITECTURE.md: imports point down).

Each signal is sent **explicitly** by a service function (or the one view that writes a profile
entry), inside its transaction, never from a model's ``post_save``. A receiver runs in that
transaction and must queue any Celery work with ``transaction.on_commit``. Receivers are connected
in the higher app's ``AppConfig.ready()`` (placements re-ranks the person's suggestions).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``job_seeker`` (the ``jobseekers.models.JobSeeker``, saved) and ``actor`` (the
# ``accounts.User`` who made the change, ``None`` for the system) whenever something matching reads
# changes: registration and profile edits (``jobseeker_register``, ``jobseeker_update``), an
# education/training/experience entry added or removed (``profile_entry_add`` / ``_remove``),
# WG-SS answers (``functioning_record``), the case status (``case_status_change``), a consent
# decision (``consent_record``) and anonymisation (``rights.jobseeker_anonymise``).
profile_changed = Signal()
