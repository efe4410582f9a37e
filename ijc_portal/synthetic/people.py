"""One city's job seekers and what hangs off them: WG-SS answers, occupations, skills, needs, schooling.

Every statement runs in the city's transaction (``SET LOCAL app.city_id`` set by the caller) and
reads back only that city's rows, through the row-level security policy.
"""

from __future__ import annotations

from jobseekers.models import (
    Education,
    FunctioningAnswer,
    JobSeeker,
    JobSeekerAccommodation,
    JobSeekerOccupation,
    JobSeekerSkill,
    Training,
)

from .sqlgen import insert_select, pick, weighted

RAGAM_CUTS = (
    "CASE WHEN r_ragam < 0.38 THEN ARRAY['fisik'] WHEN r_ragam < 0.62 THEN ARRAY['sensorik'] "
    "WHEN r_ragam < 0.76 THEN ARRAY['intelektual'] WHEN r_ragam < 0.88 THEN ARRAY['mental'] "
    "WHEN r_ragam < 0.94 THEN ARRAY['fisik', 'sensorik'] ELSE ARRAY['intelektual', 'mental'] END::varchar[]"
)

STATIC = {
    "referral_sources": weighted(
        {"walk_in": 35, "online": 20, "opdis": 15, "slb_blk": 10, "job_fair": 8, "bpjs_rtw": 4, "other": 2, "": 6}
    ),
    "contact_channels": weighted({"whatsapp": 50, "phone": 15, "sms": 10, "email": 10, "visit": 5, "": 10}),
    "statuses": weighted({"registered": 20, "active": 30, "job_ready": 18, "referred": 10, "placed": 12, "closed": 10}),
    "channels": weighted({"staff": 55, "self": 30, "partner": 10, "import": 5}),
    "arrangements": weighted({"full_time": 6, "part_time": 2, "on_site": 1, "remote": 1}),
    "education_levels": weighted(
        {"none": 3, "sd": 15, "smp": 18, "sma": 25, "smk": 20, "d1_d3": 7, "d4_s1": 11, "s2": 1}
    ),
}


def job_seekers(cursor, p: dict) -> int:
    """``p["n"]`` people: names, NIK of the right shape, address, contact, disability, consents, case state."""
    given = f"CASE WHEN gender = 'female' THEN {pick('given_female')} ELSE {pick('given_male')} END"
    # NIK: PPKKCC (the city's own code + a district), DDMMYY (+40 on the day for women), SSSS (never 0000).
    nik = (
        "%(region)s || lpad((1 + (g / 9999) %% 98)::text, 2, '0') "
        "|| lpad((extract(day FROM birth_date)::int + CASE WHEN gender = 'female' THEN 40 ELSE 0 END)::text, 2, '0') "
        "|| to_char(birth_date, 'MMYY') || lpad((1 + g %% 9999)::text, 4, '0')"
    )
    base = (
        "base AS MATERIALIZED (SELECT g, CASE WHEN random() < 0.44 THEN 'female' ELSE 'male' END AS gender, "
        "current_date - (6570 + floor(random() * 15340))::int AS birth_date, random() AS r_ragam, "
        "random() AS r_wg, random() AS r, random() AS r2, now() - random() * interval '1095 days' AS created "
        "FROM generate_series(1, %(n)s) AS g)"
    )
    values = {
        "city_id": "%(city)s",
        "name": f"{given} || CASE WHEN random() < 0.85 THEN ' ' || {pick('family')} ELSE '' END",
        "nik": f"CASE WHEN r < 0.85 THEN {nik} ELSE '' END",
        "birth_date": "birth_date",
        "gender": "gender",
        "address": f"'Jl. ' || {pick('streets')} || ' No. ' || (1 + floor(random() * 200))::int",
        "kelurahan": f"{pick('areas')} || ' ' || {pick('areas')}",
        "kecamatan": f"{pick('areas')} || ' ' || {pick('areas')}",
        "phone": "CASE WHEN r2 < 0.7 THEN '+62800' || lpad(floor(random() * 10000000)::int::text, 7, '0') ELSE '' END",
        "email": "CASE WHEN r2 < 0.35 THEN 'pencari.' || %(city)s || '.' || g || '@contoh.test' ELSE '' END",
        "contact_channel": pick("contact_channels"),
        "ak1_number": "CASE WHEN r < 0.6 THEN 'AK1/' || %(region)s || '/' || lpad(g::text, 6, '0') ELSE '' END",
        "kpd_number": "CASE WHEN r2 > 0.8 THEN 'KPD-' || %(region)s || '-' || lpad(g::text, 6, '0') ELSE '' END",
        "referral_source": pick("referral_sources"),
        "work_arrangements": f"ARRAY[{pick('arrangements')}]::varchar[]",
        "max_travel_minutes": "30 + 15 * floor(random() * 5)::int",
        "expected_wage": "2000000 + 250000 * floor(random() * 12)::int",
        "wg_disability": "CASE WHEN r_wg < 0.12 THEN NULL WHEN r_wg < 0.75 THEN true ELSE false END",
        "ragam": RAGAM_CUTS,
        "assistive_devices": "CASE WHEN r_ragam < 0.12 THEN ARRAY['wheelchair'] WHEN r_ragam < 0.2 THEN "
        "ARRAY['crutches'] WHEN r_ragam BETWEEN 0.38 AND 0.45 THEN ARRAY['white_cane'] WHEN r_ragam BETWEEN 0.5 "
        "AND 0.55 THEN ARRAY['hearing_aid'] ELSE ARRAY[]::text[] END::varchar[]",
        "communication_needs": "CASE WHEN r_ragam BETWEEN 0.38 AND 0.45 THEN ARRAY['braille'] WHEN r_ragam BETWEEN "
        "0.55 AND 0.62 THEN ARRAY['bisindo'] WHEN r_ragam BETWEEN 0.62 AND 0.7 THEN ARRAY['easy_read'] "
        "ELSE ARRAY[]::text[] END::varchar[]",
        "share_functioning": "random() < 0.5",
        "share_ragam": "random() < 0.6",
        "share_needs": "random() < 0.7",
        "share_documents": "random() < 0.4",
        "matching_allowed": "r2 < 0.85",
        "sharing_allowed": "r2 < 0.7",
        "notifications_allowed": "random() < 0.8",
        "specific_data_allowed": "r_wg < 0.92",
        "status": pick("statuses"),
        "assigned_officer_id": "CASE WHEN r < 0.5 THEN %(staff)s END",
        "next_action_on": "CASE WHEN r < 0.3 THEN current_date + floor(random() * 30)::int END",
        "registration_channel": pick("channels"),
        "registered_by_id": "CASE WHEN r2 < 0.55 THEN %(staff)s END",
        "profile_step": "0",
        "created_at": "created",
        "updated_at": "least(now(), created + random() * interval '60 days')",
    }
    return insert_select(cursor, JobSeeker, values, "base", p, with_sql=f"WITH {base}")


PEOPLE = (
    "(SELECT id, ragam, wg_disability, created_at, birth_date FROM jobseekers_jobseeker WHERE city_id = %(city)s) j"
)


def functioning(cursor, p: dict) -> int:
    """Six WG-SS answers per person whose answers are complete; the domain of their ragam is the hardest."""
    primary = (
        "CASE j.ragam[1] WHEN 'fisik' THEN 'mobility' WHEN 'sensorik' THEN "
        "(CASE WHEN j.id %% 2 = 0 THEN 'seeing' ELSE 'hearing' END) WHEN 'intelektual' THEN 'cognition' "
        "ELSE (CASE WHEN j.id %% 2 = 0 THEN 'communication' ELSE 'self_care' END) END"
    )
    values = {
        "city_id": "%(city)s",
        "job_seeker_id": "j.id",
        "domain": "d.domain",
        "code": f"CASE WHEN d.domain = {primary} THEN (CASE WHEN j.wg_disability THEN 3 + (random() < 0.3)::int "
        "ELSE 2 END) WHEN j.wg_disability AND random() < 0.1 THEN 3 WHEN random() < 0.75 THEN 1 ELSE 2 END",
        "recorded_at": "j.created_at",
    }
    source = (
        f"{PEOPLE} CROSS JOIN unnest(ARRAY['seeing', 'hearing', 'mobility', 'cognition', 'self_care', "
        "'communication']) AS d(domain) WHERE j.wg_disability IS NOT NULL"
    )
    return insert_select(cursor, FunctioningAnswer, values, source, p)


def _two_of(cursor, model, column: str, first: str, second: str, chance: float, p: dict, where: str = "") -> int:
    """One or two distinct ``column`` values per person (the second with probability ``chance``)."""
    values = {"city_id": "%(city)s", "job_seeker_id": "s.id", column: "s.x"}
    source = (
        f"(SELECT DISTINCT j.id, v.x FROM (SELECT j.id, {first} AS a, CASE WHEN random() < {chance} THEN {second} "  # noqa: S608
        f"END AS b FROM {PEOPLE} {where}) j, LATERAL (VALUES (j.a), (j.b)) AS v(x) WHERE v.x IS NOT NULL) s"
    )
    return insert_select(cursor, model, values, source, p)


def profile_rows(cursor, p: dict) -> dict[str, int]:
    """Wished-for occupations (KBJI), skills (ESCO), accommodation needs, schooling and trainings."""
    occupation = pick("occupation_ids", "int")
    skill = pick("skill_ids", "int")
    need = pick("accommodation_ids", "int")
    counts = {
        "occupations": _two_of(cursor, JobSeekerOccupation, "occupation_id", occupation, occupation, 0.4, p),
        "skills": _two_of(cursor, JobSeekerSkill, "skill_id", skill, skill, 0.7, p),
        "needs": _two_of(
            cursor, JobSeekerAccommodation, "accommodation_id", need, need, 0.3, p, "WHERE random() < 0.45"
        ),
    }
    counts["education"] = insert_select(
        cursor,
        Education,
        {
            "city_id": "%(city)s",
            "job_seeker_id": "j.id",
            "level": pick("education_levels"),
            "year_finished": "least(extract(year FROM current_date)::int, extract(year FROM j.birth_date)::int + 18)",
        },
        f"{PEOPLE} WHERE random() < 0.85",
        p,
    )
    counts["trainings"] = insert_select(
        cursor,
        Training,
        {
            "city_id": "%(city)s",
            "job_seeker_id": "j.id",
            "name": pick("trainings"),
            "provider": "'BLK ' || %(city_name)s",
            "year": "2018 + floor(random() * 8)::int",
            "certified": "random() < 0.6",
        },
        f"{PEOPLE} WHERE random() < 0.25",
        p,
    )
    return counts
