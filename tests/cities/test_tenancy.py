"""Tenant isolation, proven against PostgreSQL with real commits (ARCHITECTURE.md §3).

These tests run as the runtime role, so row-level security is what stops the leaks here, not
test-only filtering. ``transaction=True`` because a plain TestCase never commits.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import ProgrammingError
from django.test.utils import CaptureQueriesContext

from cities.tenancy import CityContextError, NoCityContextError, city_context, current_city_id
from jobseekers.models import JobSeeker

pytestmark = pytest.mark.django_db(transaction=True)


def raw_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM jobseekers_jobseeker")
        return cursor.fetchone()[0]


def setting() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.city_id', true)")
        return cursor.fetchone()[0]


@pytest.fixture
def seeded(city_a, city_b):
    with city_context(city_a):
        JobSeeker.objects.bulk_create([JobSeeker(name=f"A{i}") for i in range(3)])
    with city_context(city_b):
        JobSeeker.objects.create(name="B0")
    return city_a, city_b


def test_raw_sql_inside_a_city_sees_only_that_citys_rows(seeded):
    city_a, city_b = seeded
    with city_context(city_a):
        assert raw_count() == 3
    with city_context(city_b):
        assert raw_count() == 1


def test_raw_sql_without_a_context_sees_no_rows_and_no_error(seeded):
    assert raw_count() == 0


def test_a_reused_connection_forgets_the_city_after_the_context(seeded):
    city_a, _ = seeded
    connection.ensure_connection()
    raw_connection = connection.connection
    with city_context(city_a):
        assert raw_count() == 3
    # Same physical connection (CONN_MAX_AGE > 0 keeps it): the setting now reads '' -> no rows.
    assert connection.connection is raw_connection
    assert setting() in ("", None)
    assert raw_count() == 0


def test_the_context_inside_an_outer_transaction_is_blanked_on_exit(seeded):
    city_a, _ = seeded
    with transaction.atomic():
        with city_context(city_a):
            assert raw_count() == 3
        assert setting() == ""
        assert raw_count() == 0


def test_inserting_a_row_for_another_city_is_refused_by_postgres(seeded):
    city_a, city_b = seeded
    with (
        pytest.raises(ProgrammingError, match="row-level security"),
        city_context(city_a),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO jobseekers_jobseeker (city_id, name, created_at) VALUES (%s, 'intruder', now())",
            [city_b.pk],
        )
    with city_context(city_b):
        assert not JobSeeker.objects.filter(name="intruder").exists()


def test_moving_a_row_to_another_city_is_refused_by_postgres(seeded):
    city_a, city_b = seeded
    with (
        pytest.raises(ProgrammingError, match="row-level security"),
        city_context(city_a),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE jobseekers_jobseeker SET city_id = %s", [city_b.pk])


def test_updating_another_citys_rows_touches_nothing(seeded):
    city_a, city_b = seeded
    with city_context(city_a), connection.cursor() as cursor:
        cursor.execute("UPDATE jobseekers_jobseeker SET name = 'hijacked' WHERE name = 'B0'")
        assert cursor.rowcount == 0
    with city_context(city_b):
        assert JobSeeker.objects.get().name == "B0"


def test_the_orm_raises_outside_a_city_context(seeded):
    with pytest.raises(NoCityContextError):
        list(JobSeeker.objects.all())
    with pytest.raises(NoCityContextError):
        JobSeeker.objects.create(name="nowhere")


def test_the_orm_fills_the_city_and_refuses_a_foreign_one(seeded):
    city_a, city_b = seeded
    with city_context(city_a):
        seeker = JobSeeker.objects.create(name="A-new")
        assert seeker.city_id == city_a.pk
        with pytest.raises(NoCityContextError):
            JobSeeker(name="smuggled", city_id=city_b.pk).save()
    with city_context(city_b):
        assert not JobSeeker.objects.filter(name="smuggled").exists()


def test_the_escape_hatch_manager_is_still_bound_by_row_level_security(seeded):
    city_a, _ = seeded
    assert JobSeeker.all_cities.count() == 0
    with city_context(city_a):
        assert JobSeeker.all_cities.count() == 3


def test_nesting_another_city_is_refused(seeded):
    city_a, city_b = seeded
    with city_context(city_a):
        with pytest.raises(CityContextError), city_context(city_b):
            pass
        assert current_city_id() == city_a.pk
        with city_context(city_a):
            assert raw_count() == 3
    assert current_city_id() is None


@pytest.mark.parametrize("bad", [None, 0, -1, "12", True, 1.5, "1; DROP TABLE x"])
def test_a_city_context_needs_a_real_city_id(bad):
    with pytest.raises(CityContextError), city_context(bad):
        pass


def test_an_error_inside_the_context_rolls_back_and_clears_the_city(seeded):
    city_a, _ = seeded
    with pytest.raises(RuntimeError), city_context(city_a):
        JobSeeker.objects.create(name="rolled back")
        raise RuntimeError
    assert current_city_id() is None
    assert setting() in ("", None)
    with city_context(city_a):
        assert not JobSeeker.objects.filter(name="rolled back").exists()


def test_a_database_error_inside_the_context_leaves_a_usable_connection(seeded):
    city_a, _ = seeded
    with pytest.raises(IntegrityError), city_context(city_a), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobseekers_jobseeker (city_id, name, created_at) VALUES (%s, NULL, now())", [city_a.pk]
        )
    assert raw_count() == 0
    with city_context(city_a):
        assert raw_count() == 3


def test_city_task_without_city_id_fails_before_any_query():
    from cities.tasks import MissingCityError
    from tests.cities.tasks import record_job_seeker

    with CaptureQueriesContext(connection) as queries:
        with pytest.raises(MissingCityError):
            record_job_seeker(name="no city")
        with pytest.raises(MissingCityError):
            record_job_seeker(city_id="1", name="string city")
    assert len(queries) == 0


def test_city_task_runs_inside_its_city(seeded):
    city_a, city_b = seeded
    from tests.cities.tasks import record_job_seeker

    result = record_job_seeker(city_id=city_b.pk, name="B1")
    assert result["visible"] == 2
    with city_context(city_a):
        assert JobSeeker.objects.count() == 3


def test_a_context_under_manual_transactions_does_not_outlive_itself(seeded):
    city_a, _ = seeded
    transaction.set_autocommit(False)
    try:
        with city_context(city_a):
            assert raw_count() == 3
        assert setting() == ""
        assert raw_count() == 0
        assert JobSeeker.all_cities.count() == 0
    finally:
        transaction.rollback()
        transaction.set_autocommit(True)


def test_cached_values_are_kept_apart_per_city(seeded):
    from django.core.cache import cache

    city_a, city_b = seeded
    with city_context(city_a):
        cache.set("caseload-page-1", ["A0", "A1", "A2"])
    with city_context(city_b):
        assert cache.get("caseload-page-1") is None
    assert cache.get("caseload-page-1") is None  # nor outside any city
    with city_context(city_a):
        assert cache.get("caseload-page-1") == ["A0", "A1", "A2"]
