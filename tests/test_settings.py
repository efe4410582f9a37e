"""Settings are read strictly from the environment; production values pass `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ijc_portal.envparse import Env

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value, expected", [("true", True), ("FALSE", False), ("1", True), ("off", False)])
def test_booleans_accept_the_usual_spellings(value, expected):
    assert Env({"DEBUG": value}).bool("DEBUG") is expected


@pytest.mark.parametrize(
    "reader, name, value",
    [
        ("bool", "DEBUG", "ture"),
        ("int", "CONN_MAX_AGE", "sixty"),
        ("list", "ALLOWED_HOSTS", "a.example,,b.example"),
        ("database", "DATABASE_URL", "mysql://u@h/db"),
        ("database", "DATABASE_URL", "postgres://h/"),
        ("redis_url", "REDIS_URL", "http://localhost:6379"),
        ("email_url", "EMAIL_URL", "pigeon://coop"),
    ],
)
def test_a_malformed_value_names_its_variable(reader, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        getattr(Env({name: value}), reader)(name)


def test_a_required_value_that_is_missing_names_its_variable():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        Env({}).str("SECRET_KEY")


def test_a_socket_directory_in_the_database_url_is_decoded():
    config = Env({"DATABASE_URL": "postgres://ijc_app@%2Fvar%2Frun%2Fpostgresql/ijc"}).database("DATABASE_URL")
    assert (config["HOST"], config["USER"], config["NAME"]) == ("/var/run/postgresql", "ijc_app", "ijc")


PRODUCTION_ENV = {
    "IJC_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-the-check",
    "ALLOWED_HOSTS": "ijc.example.go.id",
    "PORTAL_BASE_URL": "https://ijc.example.go.id",
    "DATABASE_URL": "postgres://ijc_app:pw@127.0.0.1:5432/ijc",
    "DATABASE_OWNER_URL": "postgres://ijc_owner:pw@127.0.0.1:5432/ijc",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.go.id:587",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what a shell needs: no setting may leak in from the environment running the tests.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "PYENV_VERSION") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be false" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_typo_in_debug_stops_start_up_naming_the_variable():
    result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "flase"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
