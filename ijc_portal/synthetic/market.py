"""One city's employers, their sites and vacancies, and the referrals, interviews and placements.

Run after ``people`` in the same city transaction. Published vacancies also get their row in the
public board index (``employers.PublishedVacancy``, not a tenant table), as the publish service
would write it.
"""

from __future__ import annotations

from employers.models import Employer, PublishedVacancy, Vacancy, VacancySkill, Workplace
from placements.models import FollowUp, Interview, Placement, Referral

from .sqlgen import insert_select, pick, weighted

STATIC = {
    "sectors": weighted({"private": 80, "government": 10, "bumn": 5, "bumd": 5}),
    "sizes": weighted({"micro": 10, "small": 30, "medium": 35, "large": 25}),
    "vacancy_statuses": weighted(
        {"published": 35, "filled": 20, "closed": 15, "expired": 15, "draft": 8, "submitted": 7}
    ),
    "employment_types": weighted({"permanent": 35, "fixed_term": 35, "part_time": 10, "internship": 10, "daily": 10}),
    "work_arrangements": weighted({"on_site": 75, "hybrid": 15, "remote": 10}),
    "site_names": ["Kantor pusat", "Kantor cabang", "Pabrik", "Gudang", "Toko", "Gerai"],
    "open_statuses": weighted({"proposed": 30, "confirmed": 25, "interview": 30, "offered": 15}),
    "closed_statuses": weighted({"rejected": 50, "declined": 25, "withdrawn": 25}),
    "left_reasons": ["dismissed", "resigned_accommodation", "resigned_other", "contract_ended", "health"],
}

EMPLOYERS = "(SELECT id, row_number() OVER (ORDER BY id) AS rn, legal_name FROM employers_employer) e"


def employers(cursor, p: dict) -> dict[str, int]:
    counts = {
        "employers": insert_select(
            cursor,
            Employer,
            {
                "city_id": "%(city)s",
                "legal_name": f"{pick('company_prefixes')} || ' ' || {pick('company_words')} || ' ' || "
                f"{pick('company_words')} || ' ' || {pick('company_trades')}",
                "nib": "CASE WHEN random() < 0.7 THEN '9' || lpad(%(city)s::text, 3, '0') || lpad(g::text, 9, '0') "
                "ELSE '' END",
                "sector": pick("sectors"),
                "industry_id": pick("industry_ids", "int"),
                "size": pick("sizes"),
                "address": f"'Jl. ' || {pick('streets')} || ' No. ' || (1 + floor(random() * 300))::int || ', ' "
                "|| %(city_name)s",
                "contact_name": f"{pick('given_female')} || ' ' || {pick('family')}",
                "contact_email": "'hrd.' || %(city)s || '.' || g || '@contoh.test'",
                "contact_phone": "'+62800' || lpad(floor(random() * 10000000)::int::text, 7, '0')",
                "verified_at": "CASE WHEN random() < 0.85 THEN now() - random() * interval '700 days' END",
                "verified_by_id": "%(staff)s",
                "created_at": "now() - interval '700 days' - random() * interval '300 days'",
            },
            "generate_series(1, %(employers)s) AS g",
            p,
        )
    }
    counts["workplaces"] = insert_select(
        cursor,
        Workplace,
        {
            "city_id": "%(city)s",
            "employer_id": "e.id",
            "name": pick("site_names"),
            "address": f"'Jl. ' || {pick('streets')} || ' No. ' || (1 + floor(random() * 300))::int",
        },
        EMPLOYERS,
        p,
    )
    return counts


def vacancies(cursor, p: dict) -> dict[str, int]:
    """About three vacancies per employer over the last 18 months, in a spread of states."""
    base = (
        "base AS MATERIALIZED (SELECT e.id AS employer_id, e.legal_name, w.id AS workplace_id, "  # noqa: S608
        f"1 + floor(random() * %(n_occupations)s)::int AS oi, {pick('vacancy_statuses')} AS status, "
        "now() - random() * interval '540 days' AS created, 2500000 + 250000 * floor(random() * 10)::int AS wage "
        f"FROM {EMPLOYERS} JOIN LATERAL (SELECT min(id) AS id FROM employers_workplace WHERE employer_id = e.id) w "
        "ON true CROSS JOIN generate_series(1, 1 + (e.rn %% 5)::int) AS k)"
    )
    title = "(%(occupation_titles)s::text[])[oi]"
    published = "status NOT IN ('draft', 'submitted')"
    values = {
        "city_id": "%(city)s",
        "employer_id": "employer_id",
        "title": title,
        "occupation_id": "(%(occupation_pool)s::int[])[oi]",
        "description": f"'Kami membuka lowongan ' || lower({title}) || ' di ' || legal_name || ', ' || %(city_name)s "
        "|| '. Terbuka untuk penyandang disabilitas; akomodasi yang layak disediakan.'",
        "essential_tasks": f"'Tugas utama sebagai ' || lower({title}) || ' sesuai arahan atasan.'",
        "education_level": pick("education_levels"),
        "experience_years": "floor(random() * 3)::int",
        "openings": "1 + floor(random() * 4)::int",
        "employment_type": pick("employment_types"),
        "arrangement": pick("work_arrangements"),
        "working_hours": "'Senin-Jumat 08.00-16.00'",
        "wage_min": "wage",
        "wage_max": "wage + 250000 * floor(random() * 6)::int",
        "wage_negotiable": "random() < 0.2",
        "workplace_id": "workplace_id",
        "deadline": "CASE WHEN status = 'published' THEN current_date + 5 + floor(random() * 55)::int "
        "ELSE (created + interval '45 days')::date END",
        "reserved_for_pwd": "random() < 0.3",
        "status": "status",
        "created_by_id": "%(staff)s",
        "created_at": "created",
        "updated_at": "created + interval '2 days'",
        "submitted_at": "CASE WHEN status <> 'draft' THEN created + interval '1 day' END",
        "published_at": f"CASE WHEN {published} THEN created + interval '2 days' END",
        "published_by_id": f"CASE WHEN {published} THEN %(staff)s END",
        "ended_at": "CASE WHEN status IN ('filled', 'closed', 'expired') THEN created + interval '50 days' END",
    }
    counts = {"vacancies": insert_select(cursor, Vacancy, values, "base", p, with_sql=f"WITH {base}")}
    counts["vacancy_skills"] = insert_select(
        cursor,
        VacancySkill,
        {"city_id": "%(city)s", "vacancy_id": "s.id", "skill_id": "s.x"},
        # "+ 0 * v.id" ties each draw to its row: an uncorrelated VALUES would be drawn once.
        f"(SELECT DISTINCT v.id, x.x FROM employers_vacancy v, "  # noqa: S608
        f"LATERAL (VALUES ({pick('skill_ids', 'int')} + 0 * v.id), ({pick('skill_ids', 'int')} + 0 * v.id)) AS x(x)) s",
        p,
    )
    counts["board_rows"] = insert_select(
        cursor,
        PublishedVacancy,
        {
            "portal_city_id": "%(city)s",
            "vacancy_id": "v.id",
            "title": "v.title",
            "employer_name": "e.legal_name",
            "occupation_id": "v.occupation_id",
            "arrangement": "v.arrangement",
            "employment_type": "v.employment_type",
            "reserved_for_pwd": "v.reserved_for_pwd",
            "wage_min": "v.wage_min",
            "wage_max": "v.wage_max",
            "wage_negotiable": "v.wage_negotiable",
            "deadline": "v.deadline",
            "published_at": "v.published_at",
            "search_text": "lower(v.title || ' ' || e.legal_name || ' ' || v.description)",
        },
        "employers_vacancy v JOIN employers_employer e ON e.id = v.employer_id WHERE v.status = 'published'",
        p,
    )
    return counts


def referrals(cursor, p: dict) -> dict[str, int]:
    """Referred and placed people get a referral in step with their case; some others a closed one."""
    open_vacancies = (
        "(SELECT array_agg(id ORDER BY id) AS ids FROM employers_vacancy WHERE status NOT IN ('draft', 'submitted')) v"
    )
    status = (
        f"CASE status WHEN 'placed' THEN 'placed' WHEN 'referred' THEN {pick('open_statuses')} "
        f"ELSE {pick('closed_statuses')} END"
    )
    source = (
        f"(SELECT id, created_at, {status} AS status FROM jobseekers_jobseeker WHERE status IN ('placed', 'referred') "  # noqa: S608
        f"OR (status IN ('active', 'job_ready', 'closed') AND random() < 0.3)) j, {open_vacancies}"
    )
    when = "least(now(), j.created_at + interval '10 days' + random() * interval '60 days')"
    counts = {
        "referrals": insert_select(
            cursor,
            Referral,
            {
                "city_id": "%(city)s",
                "job_seeker_id": "j.id",
                "vacancy_id": "v.ids[1 + floor(random() * cardinality(v.ids))::int]",
                "status": "j.status",
                "score": "round((40 + random() * 55)::numeric, 2)",
                "rejection_reason": "CASE WHEN j.status = 'rejected' THEN 'skills' ELSE '' END",
                "proposed_by_id": "%(staff)s",
                "created_at": when,
                "updated_at": "least(now(), j.created_at + interval '80 days')",
            },
            source,
            p,
        )
    }
    referrals_ = (
        "(SELECT id, status, created_at, row_number() OVER (ORDER BY id) AS rn FROM placements_referral "
        "WHERE status IN ('interview', 'offered', 'placed', 'rejected')) r"
    )
    counts["interviews"] = insert_select(
        cursor,
        Interview,
        {
            "city_id": "%(city)s",
            "referral_id": "r.id",
            "starts_at": "r.created_at + interval '7 days' + (r.rn %% 8) * interval '1 hour'",
            "place": "'Kantor IJC ' || %(city_name)s",
            "scheduled_by_id": "%(staff)s",
            "created_at": "r.created_at",
        },
        referrals_,
        p,
    )
    counts["placements"] = insert_select(
        cursor,
        Placement,
        {
            "city_id": "%(city)s",
            "referral_id": "r.id",
            "start_date": "(r.created_at + interval '21 days')::date",
            "wage": "2500000 + 250000 * floor(random() * 12)::int",
            "contract_type": pick("employment_types"),
            "outcome": "CASE WHEN r.rn %% 10 = 0 THEN 'left' WHEN r.rn %% 10 < 4 THEN 'retained' ELSE 'active' END",
            "left_reason": f"CASE WHEN r.rn %% 10 = 0 THEN {pick('left_reasons')} ELSE '' END",
            "recorded_by_id": "%(staff)s",
            "created_at": "r.created_at + interval '21 days'",
        },
        f"{referrals_} WHERE r.status = 'placed'",
        p,
    )
    counts["followups"] = insert_select(
        cursor,
        FollowUp,
        {
            "city_id": "%(city)s",
            "placement_id": "pl.id",
            "months": "m",
            "due_on": "pl.start_date + m * interval '1 month'",
            "done_at": "CASE WHEN pl.start_date + m * interval '1 month' < now() THEN pl.start_date + m * "
            "interval '1 month' END",
            "still_employed": "CASE WHEN pl.start_date + m * interval '1 month' < now() THEN pl.outcome <> 'left' END",
        },
        "placements_placement pl CROSS JOIN (VALUES (3), (6)) AS months(m)",
        p,
    )
    return counts
