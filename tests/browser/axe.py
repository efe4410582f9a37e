"""Run axe-core in the page and report WCAG 2.0/2.1/2.2 A and AA violations.

axe-core comes pinned with the ``axe-playwright-python`` package (requirements-dev.txt): its
bundled ``axe.min.js`` (axe-core 4.12.1, MPL-2.0). We only use that script; the injection and the
report are ours.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from axe_playwright_python.base import AXE_SCRIPT

if TYPE_CHECKING:
    from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_version() -> str:
    return AXE_SCRIPT.split("axe v", 1)[1].split()[0]


def axe_violations(page: Page, *, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """The violations axe finds in ``page`` now (a list of axe result objects; empty when clean)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    results = page.evaluate(f"() => axe.run(document, {json.dumps(options)})")
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    """A readable report: rule, impact, help, and where (CSS target and HTML of up to 5 nodes)."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)
