"""A bounded, mixed HTTP load against a running portal (gunicorn on loopback): the core of bench/load.py.

``prepare`` picks a few synthetic cities (``generate_synthetic``) and signs in, through the session
store as the test client does, their synthetic officer and a few job seekers (user accounts made
here, linked to existing job seekers). ``drive`` runs ``concurrency`` threads for ``seconds`` seconds;
each sends one request at a time (a new connection each: gunicorn's sync workers do not keep
connections alive), choosing its kind by weight, and records the status and the latency.
``serve`` starts gunicorn; ``pgbouncer`` (ijc_portal.synthetic.pooler) can stand in front of PostgreSQL.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORDS = ["operator", "penjahit", "kasir", "admin", "gudang", "staf", "teknisi", "juru"]
# Share of each kind of request in the mix (of 100).
WEIGHTS = {"board": 25, "search": 15, "seeker": 15, "caseload": 20, "case": 10, "api": 15}


@dataclass
class Target:
    kind: str
    path: str
    cookie: str = ""


@dataclass
class Result:
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, path, status or exception)
    server_errors: int = 0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def summary(self) -> dict[str, dict[str, float]]:
        out = {}
        for kind, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            out[kind] = {
                "requests": len(ordered),
                "rps": len(ordered) / self.seconds,
                "p50": _quantile(ordered, 0.50) * 1000,
                "p95": _quantile(ordered, 0.95) * 1000,
                "p99": _quantile(ordered, 0.99) * 1000,
            }
        return out


def _quantile(ordered: list[float], q: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def prepare(*, cities: int = 3, seekers_per_city: int = 3) -> dict[str, list[Target]]:
    """Targets per kind in the first ``cities`` synthetic cities (by code) that have job seekers.

    Needs ``generate_synthetic`` data. Creates (once) a user for ``seekers_per_city`` job seekers of
    each city, with a job-seeker membership, and logs everyone in.
    """
    from accounts.models import Membership, User
    from accounts.services import member_register
    from cities.models import City
    from cities.tenancy import city_context
    from employers.models import PublishedVacancy
    from jobseekers.models import JobSeeker

    chosen = []
    for city in City.objects.filter(is_active=True).order_by("code"):
        staff = User.objects.filter(email=f"petugas.{city.slug}@contoh.test").first()
        if staff is None:
            continue
        with city_context(city):
            count = JobSeeker.objects.count()
        if count >= 50:
            chosen.append((city, staff))
        if len(chosen) == cities:
            break
    if not chosen:
        raise RuntimeError("no synthetic city: run `python manage.py generate_synthetic` first")
    targets: dict[str, list[Target]] = {kind: [] for kind in WEIGHTS}
    targets["board"].append(Target("board", "/lowongan/"))
    for word in WORDS:
        targets["search"].append(Target("search", f"/lowongan/?q={word}"))
    for city, staff in chosen:
        slug = city.slug
        targets["board"] += [
            Target("board", f"/kota/{slug}/lowongan/"),
            Target("board", f"/kota/{slug}/lowongan/?page=2"),
        ]
        for pk in (
            PublishedVacancy.objects.filter(portal_city=city).order_by("-pk").values_list("vacancy_id", flat=True)[:5]
        ):
            targets["board"].append(Target("board", f"/kota/{slug}/lowongan/{pk}/"))
        targets["search"] += [Target("search", f"/kota/{slug}/lowongan/?q={word}") for word in WORDS[:3]]
        cookie = _session_cookie(staff)
        with city_context(city):
            seekers = list(JobSeeker.objects.order_by("pk").values_list("pk", "name")[:200])
            linked = list(JobSeeker.objects.filter(user__isnull=False).order_by("pk")[:seekers_per_city])
            for seeker in JobSeeker.objects.filter(user__isnull=True).order_by("pk")[: seekers_per_city - len(linked)]:
                user = User.objects.create(email=f"pencari.{slug}.{seeker.pk}@contoh.test", name=seeker.name)
                JobSeeker.objects.filter(pk=seeker.pk).update(user=user)
                linked.append(JobSeeker.objects.get(pk=seeker.pk))
            users = [User.objects.get(pk=seeker.user_id) for seeker in linked]
        for user in users:
            member_register(user=user, city=city, role=Membership.Role.JOB_SEEKER)  # idempotent
            seeker_cookie = _session_cookie(user)
            targets["seeker"] += [
                Target("seeker", path, seeker_cookie)
                for path in ("/pencari-kerja/profil/", "/pencari-kerja/persetujuan/", "/pencari-kerja/data-saya/")
            ]
        targets["caseload"] += [
            Target("caseload", path, cookie)
            for path in (
                "/petugas/pencari-kerja/",
                "/petugas/pencari-kerja/?page=5",
                "/petugas/pencari-kerja/?status=active&sort=-registered",
                f"/petugas/pencari-kerja/?q={seekers[0][1].split()[0]}",
            )
        ]
        targets["case"] += [Target("case", f"/petugas/pencari-kerja/{pk}/", cookie) for pk, _ in seekers[:50]]
        targets["api"] += [
            Target("api", path, cookie)
            for path in ("/api/v1/pencari-kerja/", "/api/v1/lowongan/", "/api/v1/pemberi-kerja/")
        ]
        targets["api"].append(Target("api", f"/api/v1/kota/{slug}/lowongan/"))
    return targets


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_environment(env: dict[str, str]) -> dict[str, str]:
    """What the served portal needs for a load run: DEBUG off, API throttles out of the way, quiet logs."""
    return {
        **env,
        "DEBUG": "false",
        "API_THROTTLE_USER": "1000000/hour",
        "API_THROTTLE_ANON": "1000000/hour",
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def serve(env: dict[str, str], *, workers: int, probe: str = "/lowongan/", timeout: float = 60):
    """gunicorn with ``workers`` sync workers on a free loopback port; yields ``(host, port)``."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ijc_portal.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "--graceful-timeout=5",
            "--preload",  # import the project once, in the arbiter, then fork the workers
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=load_environment(env),
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            try:
                status, _ = _get("127.0.0.1", port, probe, "")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer in time")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()  # graceful: nothing is in flight any more, so the workers leave at once
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(host: str, port: int, path: str, cookie: str) -> tuple[int, int]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        headers = {"Host": f"{host}:{port}", "Accept-Language": "id"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        connection.close()


def drive(
    host: str, port: int, targets: dict[str, list[Target]], *, seconds: float, concurrency: int, seed: int = 1
) -> Result:
    """``concurrency`` closed-loop clients for ``seconds``; every non-200 answer is an error."""
    kinds = [kind for kind in WEIGHTS for _ in range(WEIGHTS[kind]) if targets.get(kind)]
    result = Result(seconds=seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)  # noqa: S311
        local: dict[str, list[float]] = {}
        errors = []
        server_errors = 0
        while time.monotonic() < stop:
            target = rng.choice(targets[rng.choice(kinds)])
            started = time.perf_counter()
            try:
                status, _ = _get(host, port, target.path, target.cookie)
            except OSError as error:
                errors.append((target.kind, target.path, repr(error)))
                continue
            local.setdefault(target.kind, []).append(time.perf_counter() - started)
            if status != 200:
                errors.append((target.kind, target.path, str(status)))
                server_errors += status >= 500
        with lock:
            for kind, values in local.items():
                result.latencies.setdefault(kind, []).extend(values)
            result.errors += errors
            result.server_errors += server_errors

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


def sweep(host: str, port: int, targets: dict[str, list[Target]]) -> list[tuple[str, str, str]]:
    """The first and the last target of each kind, in turn (the mix may miss a rare kind); the answers
    that were not a 200."""
    errors = []
    for kind_targets in targets.values():
        for target in kind_targets[:1] + kind_targets[1:][-1:]:
            try:
                status, _ = _get(host, port, target.path, target.cookie)
            except OSError as error:
                errors.append((target.kind, target.path, repr(error)))
                continue
            if status != 200:
                errors.append((target.kind, target.path, str(status)))
    return errors


def report(result: Result, label: str, out=print) -> None:
    out(
        f"{label}: {result.requests} requests in {result.seconds:.1f} s = {result.requests / result.seconds:.1f}/s, "
        f"{len(result.errors)} errors ({result.server_errors} 5xx)"
    )
    out(f"  {'kind':10} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, row in result.summary().items():
        out(f"  {kind:10} {row['requests']:8d} {row['rps']:7.1f} {row['p50']:8.0f} {row['p95']:8.0f} {row['p99']:8.0f}")
    for kind, path, what in result.errors[:10]:
        out(f"  error: {kind} {path} -> {what}")


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))
