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


def _copy_sources(target: Path) -> None:
    """The files makemessages reads (and the catalogues), without the ignored folders."""
    wanted = (".py", ".html", ".txt", ".js", ".po")

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if name in IGNORED
            or name.startswith(".")
            or (not Path(folder, name).is_dir() and not name.endswith(wanted))
        ]

    shutil.copytree(settings.BASE_DIR, target, ignore=ignore)


def test_every_translatable_string_in_the_source_is_in_the_catalogue(tmp_path, settings):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (Debian package gettext) is missing in CI")
        pytest.skip("xgettext is not installed (apt-get install gettext); extraction not checked")
    # makemessages writes into the catalogues it finds, so it runs on a scratch copy of the source.
    source = tmp_path / "src"
    _copy_sources(source)
    settings.LOCALE_PATHS = [source / "locale"]
    cwd = Path.cwd()
    os.chdir(source)
    try:
        call_command("makemessages", locale=["id"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(source / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    extracted = {(e.msgctxt, e.msgid) for e in fresh}
    committed = {(e.msgctxt, e.msgid) for e in catalogue("id")}
    missing = sorted(m for _ctx, m in extracted - committed)
    assert not missing, "Strings not in locale/id (run `make messages`, then translate):\n" + "\n".join(
        f"  {m!r}" for m in missing
    )
