"""Comments and docstrings speak of the code and its sources, not of tracker tickets.

"(issue 6)" tells a reader nothing once the tracker is gone or renumbered: name the law, standard
or document instead (UU PDP 27/2022, WCAG 2.2, Permen PUPR 14/PRT/M/2017, docs/...), or nothing.
Tests, migrations and docs/ are left out; so are the environment and generated folders.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".py", ".html", ".js", ".css"}
SKIPPED_FOLDERS = {".venv", ".data", "staticfiles", "node_modules", "tests", "docs", "migrations", "__pycache__"}
TICKET = re.compile(r"\b[Ii]ssue \d+")


def _source_files():
    for folder, subfolders, names in os.walk(ROOT):
        # Hidden folders (.git, caches) and generated ones hold no source of ours.
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in SKIPPED_FOLDERS and not name.startswith(".") and name != "test-artifacts"
        )
        for name in sorted(names):
            if Path(name).suffix in SUFFIXES:
                yield Path(folder, name)


def test_the_scan_sees_the_source():
    files = {path.relative_to(ROOT).as_posix() for path in _source_files()}
    assert {"manage.py", "ijc_portal/settings.py", "templates/base.html", "static/css/portal.css"} <= files
    assert not any(part in SKIPPED_FOLDERS for path in files for part in Path(path).parts)


def test_no_comment_points_at_a_ticket_number():
    found = []
    for path in _source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if TICKET.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "Name the source (a law, standard or document) instead of a ticket:\n" + "\n".join(found)
