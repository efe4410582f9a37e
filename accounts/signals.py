"""Signals the accounts app sends so that higher apps can react to its changes without accounts
importing them (ARCHITECTURE.md: imports point down).

Each signal is sent **explicitly** by a service function inside its transaction, never from a
model's ``post_save``. Receivers run in that transaction (queue Celery work with
``transaction.on_commit``) and are connected in the higher app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``membership`` (the ``accounts.models.Membership`` just made, saved) and ``user`` by
# ``accounts.services.member_sign_up`` when a person signs up for a city role on the sign-up page,
# inside the sign-up's transaction and the membership's city context. jobseekers creates the job
# seeker's profile for a ``job_seeker`` membership, so no page has to write on a GET.
member_signed_up = Signal()

# Sent with ``user`` (the ``accounts.models.User`` just closed and erased, saved) and ``actor`` (who
# carried the erasure out, ``None`` for the system) by ``accounts.services.account_erase`` inside its
# transaction and the current city's context, once the login can no longer be used. Higher apps
# withdraw what they hold for the account in that city: api revokes its tokens, notifications
# cancels what was not sent yet (UU 27/2022 art. 8: erasure).
account_closed = Signal()
