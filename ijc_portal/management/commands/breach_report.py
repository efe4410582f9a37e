"""Whose data an account or an API token read or changed in a period, from the audit trail.

For the breach procedure of UU 27/2022 (PDP) art. 46: when an account or a token may have been
misused, the controller must tell the people concerned (and the authority) within 3 x 24 hours.
This lists the records the audit trail (``accounts.AuditLogEntry``) shows the account or token
reading (access entries: which sensitive field groups) or changing (create, update, delete), per
city, one row per record, with the job seeker behind it where there is one. docs/operations.md,
"Breach procedure", says how to use it.

It holds no more personal data than needed to find the people: internal ids, never names, NIKs,
contact details, IP addresses or the values changed. The ids are looked up in the admin (or by
the city's staff) to reach each person.

    manage.py breach_report --user petugas@kota.go.id --since 2026-11-01 --until 2026-11-30 [--city kota-alpha]
    manage.py breach_report --token 42 --since 2026-11-01T08:00 --until 2026-11-02 --format json -o report.json
"""

from __future__ import annotations

import csv
import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import AuditLogEntry, Membership, User
from api.middleware import token_correlation_id
from api.models import ApiToken
from cities.models import City
from cities.tenancy import city_context

COLUMNS = [
    "city",
    "record_type",
    "record_id",
    "job_seeker_id",
    "reads",
    "changes",
    "field_groups",
    "first_at",
    "last_at",
    "via",
]


def parse_moment(value: str, *, end: bool) -> datetime.datetime:
    """An ISO date or date-time; a date alone is the start of that day (``end``: of the next day), in
    the portal's time zone, as is a date-time without an offset."""
    try:
        day = parse_date(value) if len(value) == 10 else None
        moment = None if day else parse_datetime(value)
    except ValueError:
        day = moment = None
    if day is not None:
        moment = datetime.datetime.combine(day + datetime.timedelta(days=1 if end else 0), datetime.time())
    if moment is None:
        raise CommandError(f"Not a date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM): {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@dataclass
class Row:
    city: str
    record_type: str
    record_id: str
    job_seeker_id: str = ""
    reads: int = 0
    changes: int = 0
    field_groups: set[str] = field(default_factory=set)
    first_at: datetime.datetime | None = None
    last_at: datetime.datetime | None = None
    via: set[str] = field(default_factory=set)

    def add(self, entry: AuditLogEntry) -> None:
        if entry.action == AuditLogEntry.Action.ACCESS:
            self.reads += 1
            self.field_groups.update((entry.additional_data or {}).get("fields", []))
        else:
            self.changes += 1
        self.first_at = min(filter(None, [self.first_at, entry.timestamp]))
        self.last_at = max(filter(None, [self.last_at, entry.timestamp]))
        self.via.add(entry.cid if (entry.cid or "").startswith("api-token:") else "session")

    def as_dict(self) -> dict:
        return {
            "city": self.city,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "job_seeker_id": self.job_seeker_id,
            "reads": self.reads,
            "changes": self.changes,
            "field_groups": " ".join(sorted(self.field_groups)),
            "first_at": self.first_at.isoformat(),
            "last_at": self.last_at.isoformat(),
            "via": " ".join(sorted(self.via)),
        }


def _job_seeker_ids(model, pks: set[str]) -> dict[str, str]:
    """For rows of ``model`` (current city): the job seeker each is about (itself, or its ``job_seeker``)."""
    if model is None:
        return {}
    if model._meta.label_lower == "jobseekers.jobseeker":
        return {pk: pk for pk in pks}
    try:
        model._meta.get_field("job_seeker")
    except FieldDoesNotExist:
        return {}
    ids = [int(pk) for pk in pks if pk.isdigit()]
    return {
        str(pk): str(seeker) for pk, seeker in model._base_manager.filter(pk__in=ids).values_list("pk", "job_seeker_id")
    }


class Command(BaseCommand):
    help = (
        "Breach report (UU 27/2022): whose records an account or an API token read or changed in a period, "
        "from the audit trail, one row per record, ids only."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="the account: its email address (login) or numeric id")
        who.add_argument(
            "--token", help="the API token's id, or its prefix as the token list shows it (ijc_5_AbCdEfGh)"
        )
        parser.add_argument("--since", required=True, help="start, YYYY-MM-DD or YYYY-MM-DDTHH:MM (portal time)")
        parser.add_argument("--until", required=True, help="end (a date counts whole), same forms")
        parser.add_argument("--city", help="only this city (slug or id); default every city")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        since = parse_moment(options["since"], end=False)
        until = parse_moment(options["until"], end=True)
        if since >= until:
            raise CommandError("--since must be before --until.")
        cities = list(City.objects.order_by("pk"))
        if options["city"]:
            wanted = options["city"]
            cities = [c for c in cities if c.slug == wanted or str(c.pk) == wanted]
            if not cities:
                raise CommandError(f"No city {wanted!r}.")
        if options["token"] is not None:
            token, cities = self._token(options["token"], cities)
            user, cid = token.user, token_correlation_id(token.pk)
            subject = {"token": token.pk, "token_prefix": token.prefix, "user_id": user.pk}
        else:
            user, cid = self._user(options["user"]), None
            subject = {"user_id": user.pk}
        rows, roles = self._collect(user=user, cid=cid, cities=cities, since=since, until=until)
        report = {
            "subject": subject,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "generated_at": timezone.now().isoformat(),
            "cities": [c.slug for c in cities],
            # What the account could reach beyond what the trail shows (lists are not all recorded):
            # staff and city admins could open any record of their city.
            "roles": roles,
            "summary": {
                "records": len(rows),
                "job_seekers": len({(r.city, r.job_seeker_id) for r in rows if r.job_seeker_id}),
                "reads": sum(r.reads for r in rows),
                "changes": sum(r.changes for r in rows),
            },
            "records": [r.as_dict() for r in rows],
        }
        self._write(report, options)

    def _user(self, value: str) -> User:
        users = User.objects.filter(pk=int(value)) if value.isdigit() else User.objects.filter(email__iexact=value)
        user = users.first()
        if user is None:
            raise CommandError(f"No account {value!r}.")
        return user

    def _token(self, value: str, cities: list[City]) -> tuple[ApiToken, list[City]]:
        lookup = {"pk": int(value)} if value.isdigit() else {"prefix": value}
        for city in cities:
            with city_context(city):
                token = ApiToken.objects.select_related("user").filter(**lookup).first()
            if token is not None:
                return token, [city]  # a token acts only in the city it was made in
        raise CommandError(f"No API token {value!r} in the cities searched.")

    def _collect(self, *, user, cid, cities, since, until) -> tuple[list[Row], list[dict]]:
        rows: list[Row] = []
        roles: list[dict] = []
        for city in cities:
            with city_context(city):
                roles += [
                    {"city": city.slug, "role": role}
                    for role in Membership.objects.filter(user=user, city=city).values_list("role", flat=True)
                ]
                entries = AuditLogEntry.objects.filter(actor=user, timestamp__gte=since, timestamp__lt=until)
                if cid is not None:
                    entries = entries.filter(cid=cid)
                found: dict[tuple[int, str], Row] = {}
                for entry in entries.select_related("content_type").order_by("timestamp", "pk").iterator():
                    key = (entry.content_type_id, entry.object_pk)
                    if key not in found:
                        found[key] = Row(
                            city=city.slug,
                            record_type=f"{entry.content_type.app_label}.{entry.content_type.model}",
                            record_id=entry.object_pk,
                        )
                    found[key].add(entry)
                by_type = defaultdict(set)
                for content_type_id, pk in found:
                    by_type[content_type_id].add(pk)
                for content_type_id, pks in by_type.items():
                    model = ContentType.objects.get_for_id(content_type_id).model_class()
                    seekers = _job_seeker_ids(model, pks)
                    for pk in pks:
                        found[(content_type_id, pk)].job_seeker_id = seekers.get(pk, "")
                rows += sorted(found.values(), key=lambda r: (r.record_type, r.record_id.zfill(20)))
        return rows, roles

    def _write(self, report: dict, options) -> None:
        out = open(options["output"], "w", newline="", encoding="utf-8") if options["output"] else None  # noqa: SIM115
        stream = out or self.stdout
        try:
            if options["format"] == "json":
                stream.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
            else:
                target = out or _Lines(self.stdout)
                writer = csv.DictWriter(target, fieldnames=COLUMNS, lineterminator="\n")
                writer.writeheader()
                writer.writerows(report["records"])
                summary = report["summary"]
                self.stderr.write(
                    f"{summary['records']} records, {summary['job_seekers']} job seekers, "
                    f"{summary['reads']} reads, {summary['changes']} changes; roles: "
                    + (", ".join(f"{r['role']} in {r['city']}" for r in report["roles"]) or "none")
                )
        finally:
            if out:
                out.close()


class _Lines:
    """The command's stdout as a file for ``csv`` (``OutputWrapper.write`` adds a newline of its own)."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
