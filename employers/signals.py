"""Signals the employers app sends so that higher apps (placements, webhooks, api) can react to its
changes without employers importing them (ARCHITECTURE.md: imports point down).

Each signal is sent **explicitly** by a service function, inside its transaction (never from a
model's ``post_save``). A receiver runs in that transaction: it may write rows that must commit
or roll back with the change (an outbox row), and must queue any Celery work with
``transaction.on_commit``. Receivers are connected in the higher app's ``AppConfig.ready()``.

Figures a higher app *answers* (a read, not an event) are not signals: see ``employers.providers``.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``vacancy`` (the ``employers.models.Vacancy``, status ``published``, ``published_at`` set,
# already in the public index) and ``actor`` (the ``accounts.User`` who published it), by
# ``employers.services.vacancy_transition`` each time a vacancy moves to ``published``.
vacancy_published = Signal()

# Sent with ``vacancy`` (the ``employers.models.Vacancy``, saved with its new ``status``), ``actor``
# (``None`` for the system, e.g. the deadline task) and ``previous`` (the status it left), by
# ``employers.services.vacancy_transition`` on every move: placements re-matches a vacancy that is
# published and drops the suggestions of one that is not.
vacancy_status_changed = Signal()
