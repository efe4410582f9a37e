"""The dependency rules of ARCHITECTURE.md §2 and docs/architecture.md, checked on the source.

Every non-migration ``.py`` file of the project's apps is parsed with ``ast``; every import is
collected, at module level and inside functions and ``if TYPE_CHECKING:`` blocks alike (a deferred
import is still a dependency), relative imports are resolved, and ``from package import name``
counts as an import of ``package.name`` when that is a module. On that graph of files:

* no two files import each other, directly or through others (strongly connected components,
  Tarjan's algorithm);
* an app imports only apps below it in the layer order (``LAYERS``); ``jobseekers`` and
  ``employers`` never import each other;
* no module passes ``MAX_LINES`` (split it into a package by sub-domain);
* every ``Signal()`` the project defines is listed in docs/architecture.md's signal table.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Top first. Apps in one tuple share a level; an import must point to a strictly lower level,
# except for the pairs in SAME_LEVEL_ALLOWED.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("ijc_portal",),
    ("api",),
    ("dashboards",),
    ("webhooks",),
    ("placements",),
    ("exchange",),
    ("assessments", "ak1"),
    ("jobseekers", "employers"),
    ("notifications",),
    ("accounts",),
    ("cities", "reference"),
)
# cities (the tenant) reads reference data (a city's province code list); reference holds no
# tenant data and never imports cities.
SAME_LEVEL_ALLOWED = {("cities", "reference")}
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
APPS = tuple(LEVEL)
MAX_LINES = 600
DOC = ROOT / "docs" / "architecture.md"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _source_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).parts
            if "migrations" in relative or "__pycache__" in relative:
                continue
            files[_module_name(path)] = path
    return files


FILES = _source_files()


def _resolve(name: str) -> str | None:
    """The project module ``name`` stands for: itself, else its longest existing parent package."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in FILES:
            return candidate
        parts.pop()
    return None


def _imports(module: str, path: Path) -> set[str]:
    """The project modules ``module`` imports (anywhere in the file), itself excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LEVEL:
                    found.add(_resolve(alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                if node.level > 1:
                    base_parts = base_parts[: -(node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if base.split(".")[0] not in LEVEL:
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in FILES else _resolve(base))
    found.discard(None)
    found.discard(module)
    return found


GRAPH = {module: _imports(module, path) for module, path in FILES.items()}


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; returns the components with more than one file."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_the_scan_sees_the_project():
    assert len(FILES) > 100
    for app in APPS:
        assert app in FILES, f"{app} is not a package at the repository root"
    # Imports inside functions count: placements' providers import their models lazily.
    assert "placements.models" in GRAPH["placements.providers"]


def test_the_scan_resolves_relative_deferred_and_submodule_imports(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import engine\n"
        "from .. import models\n"
        "from ..services import matching\n"
        "import employers.selectors\n"
        "if TYPE_CHECKING:\n"
        "    from accounts.models import User\n"
        "def later():\n"
        "    from notifications import outbox, services\n"
        "    from reference.models import Occupation\n",
        encoding="utf-8",
    )
    assert _imports("placements.matching.example", source) == {
        "placements.matching.engine",
        "placements.models",
        "placements.services.matching",
        "employers.selectors",
        "accounts.models",
        "notifications.outbox",
        "notifications.services",
        "reference.models",
    }


def test_no_import_cycle_between_files():
    cycles = _strongly_connected(GRAPH)
    assert cycles == [], "files that import each other (directly or through others): " + "; ".join(
        " <-> ".join(component) for component in cycles
    )


def test_imports_point_down_the_layers():
    upward = []
    for module, targets in sorted(GRAPH.items()):
        app = module.split(".")[0]
        for target in sorted(targets):
            other = target.split(".")[0]
            if other == app or LEVEL[other] > LEVEL[app] or (app, other) in SAME_LEVEL_ALLOWED:
                continue
            upward.append(f"{module} imports {target}")
    assert upward == [], "imports that do not point down ARCHITECTURE.md's order:\n" + "\n".join(upward)


def test_no_module_is_too_long():
    long = {
        module: count
        for module, path in FILES.items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"modules over {MAX_LINES} lines (split them by sub-domain): {long}"


def _signals() -> dict[str, str]:
    """``{signal name: defining module}`` for every ``name = Signal(...)`` in the project."""
    found: dict[str, str] = {}
    for module, path in FILES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            func = node.value.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called != "Signal":
                continue
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = module
    return found


def test_every_signal_is_in_the_architecture_doc():
    signals = _signals()
    assert signals, "the scan found no Signal() at all"
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    missing = []
    for name, module in sorted(signals.items()):
        pattern = re.compile(rf"`{re.escape(name)}`")
        if not any(pattern.search(row) and module in row for row in rows):
            missing.append(f"{module}.{name}")
    assert missing == [], "signals missing from the table in docs/architecture.md: " + ", ".join(missing)
