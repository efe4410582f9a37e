"""Every dashboard indicator, defined once, and its computation from one city's tenant tables.

``INDICATORS`` names each figure, its definition (shown next to it on every page and export) and
its breakdowns; ``DIMENSIONS`` names each breakdown and its categories. ``compute(city, months)``
counts them for the current city from its tenant tables, **inside** ``city_context`` (row-level
security applies to every statement), in a fixed number of SQL statements whatever the number of
months, people or categories (``COMPUTE_QUERIES``): each statement is one ``UNION ALL`` of
``GROUP BY`` branches. The result is a list of ``Count`` rows — the shape ``dashboards.CityRollup``
stores: counts only, never a person.

Months are calendar months in the **city's own** time zone (WIB/WITA/WIT), keyed by their first
day. Two kinds of indicator:

- ``flow``: events dated within the month (registrations by the profile's creation time,
  placements by the start date ...); a past month can be recomputed at any time;
- ``snapshot``: a state counted at the time of computation (open caseload, employers by quota
  status); stored under the month in which it was taken, so a past month keeps the last snapshot
  taken during it (the system keeps no status history to rebuild older ones).

Sources of the definitions: UU 8/2016 art. 4 (ragam), art. 53 (quota: 1% private, 2% government,
BUMN, BUMD); Washington Group Short Set, recommended cut-off "DISABILITY3" (at least one domain
"a lot of difficulty" or "cannot do at all"); the case stages of ``jobseekers.models.CaseStatus``.
"""

# The SQL below is assembled only from constants of this module (table, column and indicator names);
# every value from outside (city, months, time zone, watermark) is a bind parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

from cities.calendar import add_months, month_start
from cities.tenancy import require_city_id
from employers.models import Employer, EmployerService, EmploymentType
from jobseekers.models import CaseStatus, EducationLevel, Gender, ReferralSource
from reference.models import Ragam, WGDomain

FLOW = "flow"
SNAPSHOT = "snapshot"
DISTRIBUTION = "distribution"  # counts per number of days (for exact medians over any set of cities)

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Dimension:
    """A breakdown: ``code`` (stored in ``CityRollup.dimension``), its label, its categories in
    display order as ``(value, label)``, and whether one person can fall in several categories
    (``multiple``: the categories then add up to more than the total)."""

    code: str
    label: str
    categories: tuple[tuple[str, str], ...]
    multiple: bool = False
    definition: str = ""

    def label_of(self, value: str) -> str:
        return dict(self.categories).get(value, value)


AGE_BANDS = ("15-24", "25-34", "35-44", "45-54", "55-64", "65+", "<15")

DIMENSIONS: dict[str, Dimension] = {
    dimension.code: dimension
    for dimension in (
        Dimension("gender", _("Gender"), (*Gender.choices, (UNKNOWN, _("Not recorded")))),
        Dimension(
            "age_band",
            _("Age band"),
            (*((band, band) for band in AGE_BANDS), (UNKNOWN, _("Not recorded"))),
            definition=_("Age in whole years on the day of registration, from the birth date."),
        ),
        Dimension(
            "education",
            _("Education"),
            (*EducationLevel.choices, (UNKNOWN, _("Not recorded"))),
            definition=_("The highest level of education recorded in the profile."),
        ),
        Dimension(
            "ragam",
            _("Disability category (ragam, self-declared)"),
            (*Ragam.choices, ("none", _("None declared"))),
            multiple=True,
            definition=_(
                "Ragam as declared by the person (UU 8/2016 art. 4); a person with several ragam is counted in each."
            ),
        ),
        Dimension(
            "wg_domain",
            _("Functioning domain (WG-SS cut-off)"),
            tuple(WGDomain.choices),
            multiple=True,
            definition=_(
                "Washington Group Short Set: answer 'a lot of difficulty' or 'cannot do at all' in the domain; "
                "a person is counted in every such domain."
            ),
        ),
        Dimension(
            "wg_disability",
            _("Disability by the WG-SS cut-off"),
            (("yes", _("Yes")), ("no", _("No")), (UNKNOWN, _("Not all six answers known"))),
            definition=_(
                "WG-SS DISABILITY3: at least one domain 'a lot of difficulty' or worse; 'not known' until "
                "all six domains are answered."
            ),
        ),
        Dimension(
            "referral_source",
            _("How the person came to the center"),
            (*ReferralSource.choices, (UNKNOWN, _("Not recorded"))),
        ),
        Dimension("status", _("Case stage"), tuple(CaseStatus.choices)),
        Dimension(
            "quota_status",
            _("Quota status"),
            (
                ("met", _("Quota met")),
                ("shortfall", _("Below the quota")),
                ("no_report", _("No quota report")),
            ),
            definition=_(
                "From each employer's latest quota report: employees with disabilities against "
                "ceil(headcount x 1% (private) or 2% (government, BUMN, BUMD)), UU 8/2016 art. 53."
            ),
        ),
        Dimension("service_kind", _("Kind of service"), tuple(EmployerService.Kind.choices)),
        Dimension("contract_type", _("Contract type"), tuple(EmploymentType.choices)),
        Dimension(
            "social_security",
            _("Social security (BPJS Ketenagakerjaan)"),
            (
                ("enrolled", _("Enrolled")),
                ("not_enrolled", _("Not enrolled")),
                (UNKNOWN, _("Not known")),
                ("rtw", _("Came through BPJS Return-to-Work (counted apart)")),
            ),
            definition=_(
                "The latest answer recorded at the placement or a follow-up. People who came through BPJS "
                "Ketenagakerjaan's Return-to-Work programme are members already and are counted apart."
            ),
        ),
        Dimension("days", _("Days from registration to placement"), ()),
    )
}


@dataclass(frozen=True)
class Indicator:
    """One figure: ``code`` (stored in ``CityRollup.indicator``), label, definition (shown with it),
    ``kind`` (``FLOW``, ``SNAPSHOT`` or ``DISTRIBUTION``), its breakdowns and its report section
    (``job_seekers``, ``employers`` or ``placements``)."""

    code: str
    label: str
    definition: str
    kind: str
    dimensions: tuple[str, ...] = ()
    section: str = "job_seekers"


PERSON_DIMENSIONS = ("gender", "age_band", "education", "ragam", "wg_domain", "wg_disability", "referral_source")

INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in (
        Indicator(
            "registrations",
            _("Registrations"),
            _("Job seekers whose profile was created in the month (any channel), including profiles later anonymised."),
            FLOW,
            PERSON_DIMENSIONS,
        ),
        Indicator(
            "caseload_open",
            _("Open caseload"),
            _(
                "Job seekers whose case is registered, active, job-ready or referred (not placed, not closed), "
                "counted when the figures were computed."
            ),
            SNAPSHOT,
            ("status",),
        ),
        Indicator(
            "job_ready",
            _("Job-ready"),
            _("Job seekers whose case stage is job-ready, counted when the figures were computed."),
            SNAPSHOT,
        ),
        Indicator(
            "referrals",
            _("Referrals"),
            _("Referrals of a job seeker to a vacancy proposed in the month (whatever happened to them later)."),
            FLOW,
            section="placements",
        ),
        Indicator(
            "interviews",
            _("Interviews"),
            _("Interviews of referred job seekers held (scheduled to start) in the month."),
            FLOW,
            section="placements",
        ),
        Indicator(
            "placements",
            _("Placements"),
            _("Hires through a referral whose start date is in the month."),
            FLOW,
            ("gender", "age_band", "ragam", "wg_disability", "contract_type", "social_security"),
            section="placements",
        ),
        Indicator(
            "followup_3m_done",
            _("3-month follow-ups done"),
            _("Follow-ups 3 months after the start of a placement recorded in the month."),
            FLOW,
            section="placements",
        ),
        Indicator(
            "followup_3m_employed",
            _("Still employed at 3 months"),
            _("3-month follow-ups recorded in the month that found the person still employed."),
            FLOW,
            section="placements",
        ),
        Indicator(
            "followup_6m_done",
            _("6-month follow-ups done"),
            _("Follow-ups 6 months after the start of a placement recorded in the month."),
            FLOW,
            section="placements",
        ),
        Indicator(
            "followup_6m_employed",
            _("Still employed at 6 months"),
            _("6-month follow-ups recorded in the month that found the person still employed."),
            FLOW,
            section="placements",
        ),
        Indicator(
            "days_to_placement",
            _("Days from registration to placement"),
            _(
                "For placements starting in the month: days from the job seeker's registration to the "
                "placement's start date (the median is shown)."
            ),
            DISTRIBUTION,
            ("days",),
            section="placements",
        ),
        Indicator(
            "employers",
            _("Employers"),
            _(
                "Employers registered with the center, by the status of their latest quota report "
                "(UU 8/2016 art. 53), counted when the figures were computed."
            ),
            SNAPSHOT,
            ("quota_status",),
            section="employers",
        ),
        Indicator(
            "vacancies_published",
            _("Vacancies published"),
            _("Vacancies published by the center's staff in the month."),
            FLOW,
            section="employers",
        ),
        Indicator(
            "vacancies_filled",
            _("Vacancies filled"),
            _("Vacancies marked filled in the month."),
            FLOW,
            section="employers",
        ),
        Indicator(
            "employer_services",
            _("Employer services delivered"),
            _(
                "Services to employers (awareness sessions, accommodation orientation, quota advice ...) "
                "dated in the month."
            ),
            FLOW,
            ("service_kind",),
            section="employers",
        ),
        Indicator(
            "employer_service_participants",
            _("Participants in employer services"),
            _("People who took part in the services to employers dated in the month."),
            FLOW,
            section="employers",
        ),
        Indicator(
            "assessments_done",
            _("Workplace assessments done"),
            _("Workplace accessibility assessments completed in the month."),
            FLOW,
            section="employers",
        ),
    )
}

RETENTION = {3: ("followup_3m_done", "followup_3m_employed"), 6: ("followup_6m_done", "followup_6m_employed")}

#: SQL statements ``compute`` runs, whatever the data (asserted in tests/dashboards).
COMPUTE_QUERIES = 4


@dataclass(frozen=True)
class Count:
    """One computed count (a future ``CityRollup`` row)."""

    month: datetime.date
    indicator: str
    dimension: str
    value: str
    count: int


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first`` to ``last`` inclusive (first days)."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


_EDUCATION_ORDER = "ARRAY[" + ",".join(f"'{value}'" for value in EducationLevel.values) + "]"
_AGE_BAND_SQL = """CASE
    WHEN {birth} IS NULL THEN 'unknown'
    WHEN date_part('year', age({on}, {birth})) < 15 THEN '<15'
    WHEN date_part('year', age({on}, {birth})) < 25 THEN '15-24'
    WHEN date_part('year', age({on}, {birth})) < 35 THEN '25-34'
    WHEN date_part('year', age({on}, {birth})) < 45 THEN '35-44'
    WHEN date_part('year', age({on}, {birth})) < 55 THEN '45-54'
    WHEN date_part('year', age({on}, {birth})) < 65 THEN '55-64'
    ELSE '65+' END"""


def _person_branches(source: str, indicator: str, dimensions: tuple[str, ...]) -> list[str]:
    """UNION ALL branches counting the CTE ``source`` (columns month, id, gender, ragam, wg, birth,
    on_day, source, education) by each of ``dimensions``, plus the total."""
    branches = [f"SELECT month, '{indicator}', '', '', count(*) FROM {source} GROUP BY month"]
    simple = {
        "gender": "coalesce(nullif(gender, ''), 'unknown')",
        "referral_source": "coalesce(nullif(source, ''), 'unknown')",
        "education": "coalesce(education, 'unknown')",
        "age_band": _AGE_BAND_SQL.format(birth="birth", on="on_day"),
        "wg_disability": "CASE WHEN wg IS NULL THEN 'unknown' WHEN wg THEN 'yes' ELSE 'no' END",
        "contract_type": "coalesce(nullif(contract_type, ''), 'unknown')",
        "social_security": "CASE WHEN source = 'bpjs_rtw' THEN 'rtw' WHEN bpjs THEN 'enrolled' "
        "WHEN NOT bpjs THEN 'not_enrolled' ELSE 'unknown' END",
    }
    for dimension in dimensions:
        if dimension in simple:
            branches.append(
                f"SELECT month, '{indicator}', '{dimension}', {simple[dimension]}, count(*) FROM {source} GROUP BY 1, 4"
            )
        elif dimension == "ragam":
            branches.append(
                f"SELECT month, '{indicator}', 'ragam', r, count(*) FROM {source} "
                "CROSS JOIN LATERAL unnest(CASE WHEN cardinality(ragam) = 0 THEN ARRAY['none']::varchar[] "
                "ELSE ragam END) AS r GROUP BY 1, 4"
            )
        elif dimension == "wg_domain":
            branches.append(
                f"SELECT s.month, '{indicator}', 'wg_domain', f.domain, count(DISTINCT s.id) FROM {source} s "
                "JOIN jobseekers_functioninganswer f ON f.city_id = %(city)s AND f.job_seeker_id = s.id "
                "AND f.code IN (3, 4) GROUP BY 1, 4"
            )
    return branches


# The job seeker's columns every person breakdown needs, with the highest education level.
_PERSON_COLUMNS = f"""j.id, j.gender, j.ragam, j.wg_disability AS wg, j.birth_date AS birth,
    j.referral_source AS source,
    (SELECT ({_EDUCATION_ORDER})[max(array_position({_EDUCATION_ORDER}, e.level::text))]
       FROM jobseekers_education e WHERE e.city_id = %(city)s AND e.job_seeker_id = j.id) AS education"""


def _registrations_sql() -> str:
    cte = f"""WITH reg AS (
        SELECT date_trunc('month', j.created_at AT TIME ZONE %(tz)s)::date AS month,
               (j.created_at AT TIME ZONE %(tz)s)::date AS on_day, '' AS contract_type, {_PERSON_COLUMNS}
        FROM jobseekers_jobseeker j
        WHERE j.city_id = %(city)s AND j.created_at >= %(lo_ts)s AND j.created_at < %(hi_ts)s
    ), reg_m AS (SELECT * FROM reg WHERE month = ANY(%(months)s::date[]))
    """
    return cte + "\nUNION ALL\n".join(
        _person_branches("reg_m", "registrations", INDICATORS["registrations"].dimensions)
    )


def _placements_sql() -> str:
    cte = f"""WITH pl AS (
        SELECT date_trunc('month', p.start_date)::date AS month, p.start_date AS on_day,
               p.contract_type, p.bpjs_enrolled AS bpjs,
               (p.start_date - (j.created_at AT TIME ZONE %(tz)s)::date) AS days,
               {_PERSON_COLUMNS}
        FROM placements_placement p
        JOIN placements_referral r ON r.city_id = %(city)s AND r.id = p.referral_id
        JOIN jobseekers_jobseeker j ON j.city_id = %(city)s AND j.id = r.job_seeker_id
        WHERE p.city_id = %(city)s AND p.start_date >= %(lo)s AND p.start_date < %(hi)s
          AND date_trunc('month', p.start_date)::date = ANY(%(months)s::date[])
    ), fu AS (
        SELECT date_trunc('month', f.done_at AT TIME ZONE %(tz)s)::date AS month, f.months, f.still_employed
        FROM placements_followup f
        WHERE f.city_id = %(city)s AND f.months IN (3, 6) AND f.done_at >= %(lo_ts)s AND f.done_at < %(hi_ts)s
    )
    """
    branches = _person_branches("pl", "placements", INDICATORS["placements"].dimensions)
    branches.append(
        "SELECT month, 'days_to_placement', 'days', greatest(days, 0)::text, count(*) FROM pl GROUP BY 1, 4"
    )
    branches.append(
        "SELECT month, 'followup_' || months || 'm_done', '', '', count(*) FROM fu "
        "WHERE month = ANY(%(months)s::date[]) GROUP BY month, months"
    )
    branches.append(
        "SELECT month, 'followup_' || months || 'm_employed', '', '', count(*) FROM fu "
        "WHERE still_employed AND month = ANY(%(months)s::date[]) GROUP BY month, months"
    )
    return cte + "\nUNION ALL\n".join(branches)


def _activity_sql() -> str:
    """Referrals, interviews, vacancies, employer services and assessments: simple dated flows."""

    def ts_flow(indicator: str, table: str, column: str, extra: str = "") -> str:
        month = f"date_trunc('month', {column} AT TIME ZONE %(tz)s)::date"
        return (
            f"SELECT {month}, '{indicator}', '', '', count(*) FROM {table} "
            f"WHERE city_id = %(city)s AND {column} >= %(lo_ts)s AND {column} < %(hi_ts)s {extra} "
            f"AND {month} = ANY(%(months)s::date[]) GROUP BY 1"
        )

    service_month = "date_trunc('month', date)::date"
    service_where = (
        f"WHERE city_id = %(city)s AND date >= %(lo)s AND date < %(hi)s AND {service_month} = ANY(%(months)s::date[])"
    )
    return "\nUNION ALL\n".join(
        [
            ts_flow("referrals", "placements_referral", "created_at"),
            ts_flow("interviews", "placements_interview", "starts_at"),
            ts_flow("vacancies_published", "employers_vacancy", "published_at"),
            ts_flow("vacancies_filled", "employers_vacancy", "ended_at", "AND status = 'filled'"),
            ts_flow(
                "assessments_done", "assessments_assessment", "completed_at", "AND status IN ('completed', 'shared')"
            ),
            f"SELECT {service_month}, 'employer_services', '', '', count(*) FROM employers_employerservice "
            f"{service_where} GROUP BY 1",
            f"SELECT {service_month}, 'employer_services', 'service_kind', kind, count(*) "
            f"FROM employers_employerservice {service_where} GROUP BY 1, 4",
            f"SELECT {service_month}, 'employer_service_participants', '', '', coalesce(sum(participants), 0) "
            f"FROM employers_employerservice {service_where} GROUP BY 1",
        ]
    )


def _snapshot_sql() -> str:
    """Open caseload by stage, job-ready, employers by quota status: counted now, stored under %(now_month)s."""
    rate_private = Employer.QUOTA_RATE_PERCENT[Employer.Sector.PRIVATE]
    rate_public = Employer.QUOTA_RATE_PERCENT[Employer.Sector.GOVERNMENT]
    open_statuses = "('registered', 'active', 'job_ready', 'referred')"
    return f"""
    WITH latest AS (
        SELECT DISTINCT ON (q.employer_id) q.employer_id, q.headcount, q.employees_with_disabilities AS pwd
        FROM employers_quotareport q WHERE q.city_id = %(city)s
        ORDER BY q.employer_id, q.year DESC, q.reported_on DESC, q.id DESC
    ), quota AS (
        SELECT CASE WHEN l.employer_id IS NULL THEN 'no_report'
                    WHEN l.pwd * 100 >= l.headcount * (CASE WHEN e.sector = 'private' THEN {rate_private}
                                                              ELSE {rate_public} END) THEN 'met'
                    ELSE 'shortfall' END AS status
        FROM employers_employer e LEFT JOIN latest l ON l.employer_id = e.id
        WHERE e.city_id = %(city)s
    )
    SELECT %(now_month)s::date, 'caseload_open', '', '', count(*) FROM jobseekers_jobseeker
        WHERE city_id = %(city)s AND status IN {open_statuses}
    UNION ALL
    SELECT %(now_month)s::date, 'caseload_open', 'status', status, count(*) FROM jobseekers_jobseeker
        WHERE city_id = %(city)s AND status IN {open_statuses} GROUP BY status
    UNION ALL
    SELECT %(now_month)s::date, 'job_ready', '', '', count(*) FROM jobseekers_jobseeker
        WHERE city_id = %(city)s AND status = 'job_ready'
    UNION ALL
    SELECT %(now_month)s::date, 'employers', '', '', count(*) FROM quota
    UNION ALL
    SELECT %(now_month)s::date, 'employers', 'quota_status', status, count(*) FROM quota GROUP BY status
    """


def _bounds(months: list[datetime.date], tz: str) -> dict:
    zone = zoneinfo.ZoneInfo(tz)
    lo, hi = min(months), add_months(max(months), 1)
    return {
        "lo": lo,
        "hi": hi,
        "lo_ts": datetime.datetime.combine(lo, datetime.time(), zone),
        "hi_ts": datetime.datetime.combine(hi, datetime.time(), zone),
        "tz": tz,
        "months": sorted(months),
    }


def compute(*, city_id: int, timezone_name: str, months: list[datetime.date], today: datetime.date) -> list[Count]:
    """Count every indicator for the current city in ``months`` (first days), as ``Count`` rows.

    Must run inside ``city_context(city_id)`` (``NoCityContextError`` otherwise; ``ValueError`` for
    another city). Snapshot indicators are counted only when ``today``'s month is among ``months``,
    and stored under it. Zero counts are not returned (an absent row means 0). Runs
    ``COMPUTE_QUERIES`` statements (fewer when ``months`` is empty or has no current month).
    """
    current = require_city_id()
    if current != city_id:
        raise ValueError(f"compute() for city {city_id} inside the context of city {current}")
    months = sorted({month_start(month) for month in months})
    if not months:
        return []
    params = {"city": city_id, **_bounds(months, timezone_name), "now_month": month_start(today)}
    statements = [_registrations_sql(), _placements_sql(), _activity_sql()]
    if month_start(today) in months:
        statements.append(_snapshot_sql())
    counts: list[Count] = []
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)
            counts.extend(
                Count(month=row[0], indicator=row[1], dimension=row[2], value=row[3], count=int(row[4]))
                for row in cursor.fetchall()
                if row[4]
            )
    return counts


def changed_months_sql() -> str:
    """One statement: the months (city time) whose flow counts may have changed since %(since)s.

    A row changed after the watermark marks the month its event is dated in: a job seeker edited
    (``updated_at``) marks their registration month; a referral, vacancy or assessment its dated
    months; placements, interviews, follow-ups and employer services their month when created or
    done. Deleted rows are not seen (job seekers are anonymised, never deleted; referrals and
    placements are protected); a full refresh covers the rest.
    """
    tz = "%(tz)s"
    month = "date_trunc('month', {} AT TIME ZONE " + tz + ")::date"
    day_month = "date_trunc('month', {})::date"
    parts = [
        f"SELECT {month.format('created_at')} FROM jobseekers_jobseeker WHERE city_id = %(city)s "
        "AND updated_at > %(since)s",
        f"SELECT {month.format('created_at')} FROM placements_referral WHERE city_id = %(city)s "
        "AND updated_at > %(since)s",
        f"SELECT {month.format('starts_at')} FROM placements_interview WHERE city_id = %(city)s "
        "AND (created_at > %(since)s OR confirmed_at > %(since)s)",
        f"SELECT {day_month.format('start_date')} FROM placements_placement WHERE city_id = %(city)s "
        "AND (created_at > %(since)s OR closed_at > %(since)s OR bpjs_updated_at > %(since)s)",
        f"SELECT {month.format('done_at')} FROM placements_followup WHERE city_id = %(city)s AND done_at > %(since)s",
        f"SELECT {month.format('published_at')} FROM employers_vacancy WHERE city_id = %(city)s "
        "AND updated_at > %(since)s AND published_at IS NOT NULL",
        f"SELECT {month.format('ended_at')} FROM employers_vacancy WHERE city_id = %(city)s "
        "AND updated_at > %(since)s AND ended_at IS NOT NULL",
        f"SELECT {day_month.format('date')} FROM employers_employerservice WHERE city_id = %(city)s "
        "AND created_at > %(since)s",
        f"SELECT {month.format('completed_at')} FROM assessments_assessment WHERE city_id = %(city)s "
        "AND updated_at > %(since)s AND completed_at IS NOT NULL",
    ]
    return "SELECT DISTINCT m FROM (" + " UNION ALL ".join(parts) + ") AS changed(m) WHERE m IS NOT NULL"


def changed_months(*, city_id: int, timezone_name: str, since: datetime.datetime) -> set[datetime.date]:
    """The months whose counts may have changed since ``since`` (one query; inside the city's context)."""
    if require_city_id() != city_id:
        raise ValueError("changed_months() outside the city's own context")
    with connection.cursor() as cursor:
        cursor.execute(changed_months_sql(), {"city": city_id, "tz": timezone_name, "since": since})
        return {row[0] for row in cursor.fetchall()}
