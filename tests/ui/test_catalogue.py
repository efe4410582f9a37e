"""The translation catalogues are complete, compiled, and in step with the source.

English is the source language (msgids); ``locale/id`` must translate every entry (no empty or
fuzzy msgstr). The compiled ``.mo`` files are committed (tests and a clean clone need no
``msgfmt``) and must match their ``.po``. When ``xgettext`` is installed the source is
re-extracted into a scratch copy and compared, so a new string nobody extracted fails too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "locale"
# The same folders `make messages` leaves out.
IGNORED = [".venv", ".data", "staticfiles", "test-artifacts", "node_modules", "tests", "docs"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def describe(entries) -> str:
    return "\n".join(f"  {entry.msgid!r} ({', '.join(f'{p}:{n}' for p, n in entry.occurrences)})" for entry in entries)


def test_the_indonesian_catalogue_translates_every_entry():
    po = catalogue("id")
    untranslated = po.untranslated_entries()
    assert not untranslated, (
        f"Untranslated in locale/id (run `make messages`, then translate):\n{describe(untranslated)}"
    )


def test_the_indonesian_catalogue_has_no_fuzzy_entry():
    po = catalogue("id")
    fuzzy = po.fuzzy_entries()
    assert not fuzzy, f"Fuzzy in locale/id (check the translation, then remove the fuzzy flag):\n{describe(fuzzy)}"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def translations(entries):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            for entry in entries
            if entry.msgid and (entry.msgstr or any(entry.msgstr_plural.values())) and "fuzzy" not in entry.flags
        }

    assert translations(mo) == translations(po), f"locale/{language} .mo is stale: run `make messages`"


def test_every_translatable_string_in_the_source_is_in_the_catalogue(tmp_path, settings):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (Debian package gettext) is missing in CI")
        pytest.skip("xgettext is not installed (apt-get install gettext); extraction not checked")
    scratch = tmp_path / "locale"
    shutil.copytree(LOCALE, scratch)
    settings.LOCALE_PATHS = [scratch]
    cwd = Path.cwd()
    os.chdir(settings.BASE_DIR)
    try:
        call_command("makemessages", locale=["id"], ignore_patterns=IGNORED, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(scratch / "id" / "LC_MESSAGES" / "django.po"))}
    committed = {(e.msgctxt, e.msgid) for e in catalogue("id")}
    missing = sorted(m for _ctx, m in extracted - committed)
    assert not missing, "Strings not in locale/id (run `make messages`, then translate):\n" + "\n".join(
        f"  {m!r}" for m in missing
    )
