"""Content-Security-Policy violations as Chromium reports them (docs/ui.md, "Content Security Policy").

``CSP_LISTENER`` is added to every browser context of the tests by an init script: it runs in each new
document before the page's own scripts and its parsing, and keeps every ``securitypolicyviolation``
event (CSP Level 3, W3C: fired at the element or the document whose script, style, handler or
resource the policy blocked) in ``window.__cspViolations``. Init scripts and ``page.evaluate`` are
not subject to the page's policy, so the listener and axe-core keep working on a strict page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

CSP_LISTENER = """(() => {
  if (window.__cspViolations) return;
  const violations = [];
  Object.defineProperty(window, "__cspViolations", {value: violations});
  window.addEventListener("securitypolicyviolation", (event) => {
    const target = event.target;
    violations.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      element: target && target.outerHTML ? target.outerHTML.slice(0, 160) : String(target),
    });
  }, true);
})();"""


def csp_violations(page: Page) -> list[dict]:
    """The violations reported in ``page``'s current document so far. Violation events are fired by a
    queued task, so this lets the page's pending tasks run first."""
    return page.evaluate(
        """async () => {
            await new Promise((resolve) => setTimeout(resolve, 0));
            return window.__cspViolations === undefined ? null : [...window.__cspViolations];
        }"""
    )


def describe_csp_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        where = f" ({violation['source']}:{violation['line']})" if violation.get("source") else ""
        lines.append(f"- {violation['directive']} blocked {violation['blocked'] or '?'}{where}: {violation['element']}")
    return "\n".join(lines)


def assert_no_csp_violations(page: Page, what: str) -> None:
    """Fail when Chromium reported a Content-Security-Policy violation in ``page`` (or the listener is gone)."""
    violations = csp_violations(page)
    assert violations is not None, f"{what}: the CSP violation listener is not in the page (tests/browser/csp.py)"
    assert not violations, (
        f"{what} breaks the Content-Security-Policy (docs/ui.md): Chromium blocked\n"
        f"{describe_csp_violations(violations)}\n"
        'Move inline code to a static file, give <script>/<style> nonce="{{ csp_nonce }}", '
        "and use classes instead of style attributes."
    )
