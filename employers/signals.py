"""Signals the employers app sends so that higher apps (placements, webhooks, api) can react to its
changes without employers importing them (ARCHITECTURE.md: imports point down).

Each signal is sent **explicitly** by a service function, inside its transaction (never from a
model's ``post_save``). A receiver runs in that transaction: it may write rows that must commit
or roll back with the change (an outbox row), and must queue any Celery work with
``transaction.on_commit``. Receivers are connected in the higher app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``vacancy`` (the ``employers.models.Vacancy``, status ``published``, ``published_at`` set,
# already in the public index) and ``actor`` (the ``accounts.User`` who published it), by
# ``employers.services.vacancy_transition`` each time a vacancy moves to ``published``.
vacancy_published = Signal()

# --- Figures a higher app provides (sent by a selector; receivers *return* a value) ------------------

# Sent with ``employer`` (an ``employers.models.Employer``) and ``years`` (a list of ``int``
# calendar years) by ``employers.selectors.portal_hires``, inside the employer's city context, to
# count the people hired **through the portal** (placements made from a referral to one of the
# employer's vacancies), reported apart from the employer's own quota reports (never added to the
# employees with disabilities they declare). Each receiver returns ``{year: number of hires whose
# start date falls in that year}`` (years without hires may be left out) in a fixed number of
# queries; the selector adds up the responses. Connected by placements.
portal_hires_requested = Signal()

# The same figure for many employers at once, for a list page: sent with ``employer_ids`` (a list of
# ``Employer`` ids of the current city) and ``years`` (a list of ``int`` calendar years) by
# ``employers.selectors.portal_hires_many``, inside the city context. Each receiver returns
# ``{employer id: {year: hires whose start date falls in that year}}`` (employers and years without
# hires may be left out) in ONE query whatever the number of employers; the selector adds up the
# responses. Connected by placements.
portal_hires_many_requested = Signal()

# Sent with ``workplace`` (an ``employers.models.Workplace``) by
# ``employers.selectors.workplace_accessibility``, inside its city context, to fetch the result of
# the IJC's own accessibility assessment of the site that the employer has shared. A receiver
# returns ``None`` (nothing verified) or ``{"assessed_on": datetime.date, "checklist": str,
# "features": {feature code: True | False | None}, "areas": [{"label": str, "passed": int,
# "counted": int, "percent": int | None}, ...]}``: ``features`` holds the
# ``AccessibilityFeature`` codes the checklist covers (``True`` verified present, ``False`` verified
# missing, ``None`` not checked). Connected by assessments.
verified_accessibility_requested = Signal()

# Sent with ``vacancy`` (the ``employers.models.Vacancy``, saved with its new ``status``), ``actor``
# (``None`` for the system, e.g. the deadline task) and ``previous`` (the status it left), by
# ``employers.services.vacancy_transition`` on every move: placements re-matches a vacancy that is
# published and drops the suggestions of one that is not.
vacancy_status_changed = Signal()

# Sent with ``employer`` (an ``employers.models.Employer``) by
# ``employers.selectors.referred_candidates``, inside its city context, for the employer's dashboard
# (its "referred candidates" list). A receiver returns ``None`` or ``{"url": str (the page
# listing the candidates), "counts": {vacancy id: number of candidates the employer may see}}`` in
# a fixed number of queries. Connected by placements.
referred_candidates_requested = Signal()
