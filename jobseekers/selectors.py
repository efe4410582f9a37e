"""Reads of the jobseekers app, all inside the current city (the city-scoped managers).

Selectors never write, not even an audit entry: the views that show sensitive groups record the
access themselves (``accounts.audit.record_access``), so a read here stays free of side effects.
Where the person asking decides what is found, the selector takes them as ``actor``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import AuditLogEntry, Membership, User
from cities.tenancy import current_city_id
from jobseekers.filters import CaseloadFilter
from jobseekers.models import (
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    CounsellingNote,
    DisclosureRecord,
    Document,
    Education,
    Experience,
    FunctioningAnswer,
    JobSeeker,
    RightsRequest,
    Training,
)
from jobseekers.nik import normalise_nik
from reference.models import WGQuestion

# The caseload's columns (``jobseeker_list.html``): the page loads nothing else.
CASELOAD_COLUMNS = (
    "name",
    "nik",
    "status",
    "created_at",
    "next_action_on",
    "assigned_officer__name",
    "assigned_officer__email",
    "city_id",
)


# --- The person's own profile -------------------------------------------------------------------------
def own_profile(*, actor: User) -> JobSeeker | None:
    """``actor``'s job-seeker profile in the current city, or ``None`` (no profile here yet)."""
    return JobSeeker.objects.filter(user=actor).first()


def personal_data(*, job_seeker: JobSeeker) -> dict:
    """Everything the portal holds about ``job_seeker`` as JSON-ready data (UU 27/2022 art. 7, 13)."""
    plain = {}
    for field in JobSeeker._meta.concrete_fields:
        if field.name in ("city", "user", "assigned_officer", "registered_by"):
            continue
        value = getattr(job_seeker, field.attname)
        plain[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return {
        "city": job_seeker.city.name,
        "profile": plain,
        "skills": [skill.label_en for skill in job_seeker.skills.order_by("label_en")],
        "occupations": [f"{o.code} {o.title_id}" for o in job_seeker.occupations.order_by("code")],
        "accommodations": [a.text_id for a in job_seeker.accommodations.order_by("code")],
        "education": list(job_seeker.education.values("level", "major", "institution", "year_finished")),
        "trainings": list(job_seeker.trainings.values("name", "provider", "year", "certified")),
        "experience": list(
            job_seeker.experience.values("job_title", "employer_name", "start_year", "end_year", "description")
        ),
        "functioning": dict(job_seeker.functioning.values_list("domain", "code")),
        "consents": [
            {
                "purpose": c.text.purpose,
                "version": c.text.version,
                "decision": c.decision,
                "channel": c.channel,
                "time": c.recorded_at.isoformat(),
                "guardian": c.guardian_name,
            }
            for c in job_seeker.consents.select_related("text").order_by("recorded_at", "pk")
        ],
        "documents": [
            {"kind": d.kind, "title": d.title, "name": d.original_name, "uploaded": d.uploaded_at.isoformat()}
            for d in job_seeker.documents.order_by("uploaded_at")
        ],
        "counselling_notes": [
            {"date": n.met_on.isoformat(), "note": n.text} for n in job_seeker.notes.order_by("met_on", "pk")
        ],
        "requests": [
            {"kind": r.kind, "status": r.status, "requested": r.requested_at.isoformat(), "details": r.details}
            for r in job_seeker.rights_requests.order_by("requested_at")
        ],
    }


# --- Consent --------------------------------------------------------------------------------------------
def consent_text_current(purpose: str) -> ConsentText | None:
    """The text in force for ``purpose`` (the highest version), or ``None`` when none is published."""
    return ConsentText.objects.filter(purpose=purpose).order_by("-version").first()


def consent_texts_current() -> dict[str, ConsentText | None]:
    """``{purpose: text in force or None}`` for every ``ConsentPurpose``, in the purposes' order."""
    return {purpose: consent_text_current(purpose) for purpose in ConsentPurpose.values}


def consents_latest(job_seeker: JobSeeker) -> dict[str, ConsentRecord | None]:
    """``{purpose: latest ConsentRecord or None}`` for every ``ConsentPurpose`` (one query)."""
    latest: dict[str, ConsentRecord | None] = dict.fromkeys(ConsentPurpose.values)
    for record in job_seeker.consents.select_related("text", "assisted_by").order_by("recorded_at", "pk"):
        latest[record.text.purpose] = record
    return latest


def consents_given(job_seeker: JobSeeker) -> set[str]:
    """The purposes whose latest decision is "given" (``consents_latest``, one query)."""
    return {p for p, r in consents_latest(job_seeker).items() if r and r.decision == ConsentRecord.Decision.GIVEN}


# --- Staff: caseload, duplicates, case work -------------------------------------------------------------
def city_officers(*, city_id: int) -> QuerySet[User]:
    """The staff members of city ``city_id`` (whom a case can be assigned to), by name then email."""
    ids = Membership.objects.filter(city_id=city_id, role=Membership.Role.STAFF).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("name", "email")


def caseload_page(*, params, officers: list[User]) -> tuple[CaseloadFilter, QuerySet[JobSeeker]]:
    """The caseload filtered by ``params`` (the request's GET): the bound ``CaseloadFilter`` and the
    people, in the chosen sort order (by name without one; ``pk`` breaks ties) with only the list's
    columns (``CASELOAD_COLUMNS``). Anonymised records are left out."""
    queryset = JobSeeker.objects.filter(anonymised_at__isnull=True).select_related("assigned_officer")
    caseload = CaseloadFilter(params or None, queryset=queryset, officers=officers)
    seekers = caseload.qs if caseload.is_bound and caseload.is_valid() else queryset
    if not caseload.is_bound or not caseload.form.cleaned_data.get("sort"):
        seekers = seekers.order_by("name", "pk")
    else:
        seekers = seekers.order_by(*seekers.query.order_by, "pk")
    return caseload, seekers.only(*CASELOAD_COLUMNS)


def caseload_export(*, params, officers: list[User]) -> tuple[QuerySet[JobSeeker], list[str]]:
    """The people of the caseload filtered by ``params`` (as ``caseload_page``), by name, for the export,
    and the audit groups the filters reveal about each of them (``CaseloadFilter.sensitive_groups``:
    a file of the people with a lot of difficulty seeing names each one by it)."""
    queryset = JobSeeker.objects.filter(anonymised_at__isnull=True)
    caseload = CaseloadFilter(params or None, queryset=queryset, officers=officers)
    people = (caseload.qs if caseload.is_bound and caseload.is_valid() else queryset).order_by("name", "pk")
    return people, caseload.sensitive_groups()


def jobseeker_duplicates(
    *, nik: str = "", name: str = "", birth_date=None, exclude_pk: int | None = None
) -> QuerySet[JobSeeker]:
    """Job seekers of the current city that may be the same person: the same NIK, or the same name
    (case-insensitive) and birth date. Returns a queryset (possibly empty), never raises."""
    condition = Q(pk__in=[])
    nik = normalise_nik(nik)
    if nik:
        condition |= Q(nik=nik)
    if name.strip() and birth_date:
        condition |= Q(name__iexact=name.strip(), birth_date=birth_date)
    found = JobSeeker.objects.filter(condition).filter(anonymised_at__isnull=True)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("name", "pk")


def registers_as_staff(*, actor: User, city_id: int) -> bool:
    """Whether ``actor`` is staff of city ``city_id`` (an assisted registration's channel is then
    "staff", else "partner")."""
    return Membership.objects.filter(user=actor, city_id=city_id, role=Membership.Role.STAFF).exists()


def functioning_rows(*, job_seeker: JobSeeker) -> list[tuple]:
    """``[(WGQuestion, FunctioningAnswer or None)]`` in the questions' order."""
    answers = {answer.domain: answer for answer in job_seeker.functioning.all()}
    return [(question, answers.get(question.domain)) for question in WGQuestion.objects.order_by("order")]


def rights_requests_pending() -> QuerySet[RightsRequest]:
    """The city's pending data requests, the earliest due first."""
    return (
        RightsRequest.objects.filter(status=RightsRequest.Status.PENDING)
        .select_related("job_seeker")
        .order_by("due_at")
    )


def rights_requests_handled(*, limit: int = 50) -> QuerySet[RightsRequest]:
    """The city's ``limit`` most recently handled data requests."""
    return (
        RightsRequest.objects.exclude(status=RightsRequest.Status.PENDING)
        .select_related("job_seeker", "handled_by")
        .order_by("-handled_at")[:limit]
    )


# --- Acting for the person: who may, whose records --------------------------------------------------
def partner_organisation_of(*, actor: User) -> str:
    """The organisation (OPDis/CSO) on ``actor``'s partner membership in the current city, or ``""``."""
    membership = (
        Membership.objects.filter(user_id=actor.pk, city_id=current_city_id(), role=Membership.Role.PARTNER)
        .exclude(organisation="")
        .first()
    )
    return membership.organisation.strip() if membership else ""


def job_seeker_for_actor(*, actor: User, pk: int) -> JobSeeker:
    """The job seeker ``pk`` of the current city that ``actor`` may act for, else ``Http404``.

    Staff of the city: anyone in the city (not anonymised). A partner: only the people whose
    ``partner_organisation`` is their membership's organisation in this city (never an empty one).
    Anyone else, another city's person, another organisation's person: 404, which never reveals
    that the person exists."""
    people = JobSeeker.objects.filter(anonymised_at__isnull=True)
    if not registers_as_staff(actor=actor, city_id=current_city_id()):
        organisation = partner_organisation_of(actor=actor)
        if not organisation:
            raise Http404
        people = people.filter(partner_organisation=organisation)
    seeker = people.filter(pk=pk).first()
    if seeker is None:
        raise Http404
    return seeker


def partner_caseload(*, actor: User) -> QuerySet[JobSeeker]:
    """The people of the partner ``actor``'s organisation in the current city, by name (none without
    an organisation)."""
    organisation = partner_organisation_of(actor=actor)
    if not organisation:
        return JobSeeker.objects.none()
    return JobSeeker.objects.filter(anonymised_at__isnull=True, partner_organisation=organisation).order_by(
        "name", "pk"
    )


def disclosure_current(job_seeker: JobSeeker) -> DisclosureRecord | None:
    """The profile's disclosure choice in force: the latest record not made for one referral."""
    return job_seeker.disclosure_records.filter(for_referral=False).order_by("-recorded_at", "-pk").first()


def decisions_of(job_seeker: JobSeeker, *, limit: int = 100) -> dict[str, list]:
    """The decisions recorded for the person, newest first: ``{"consents": [ConsentRecord],
    "disclosures": [DisclosureRecord]}`` with who recorded and assisted, the text and the scan joined."""
    related = ("recorded_by", "assisted_by", "paper_form")
    return {
        "consents": list(job_seeker.consents.select_related("text", *related).order_by("-recorded_at", "-pk")[:limit]),
        "disclosures": list(
            job_seeker.disclosure_records.select_related(*related).order_by("-recorded_at", "-pk")[:limit]
        ),
    }


# The person's rows whose changes "who changed my data" lists, beside the profile itself.
CHANGE_LOG_MODELS = (
    FunctioningAnswer,
    Education,
    Training,
    Experience,
    ConsentRecord,
    DisclosureRecord,
    Document,
    CounsellingNote,
)


def changes_of(job_seeker: JobSeeker) -> QuerySet[AuditLogEntry]:
    """The audit trail's create, update and delete entries about ``job_seeker`` and its rows
    (``CHANGE_LOG_MODELS``; removed rows too, through the ``job_seeker`` their create or delete entry
    names), newest first, with the actor joined: "who changed my data". Never an access entry."""
    from django.contrib.contenttypes.models import ContentType

    pk = str(job_seeker.pk)
    types = ContentType.objects.get_for_models(JobSeeker, *CHANGE_LOG_MODELS)
    condition = Q(content_type=types[JobSeeker], object_pk=pk)
    for model in CHANGE_LOG_MODELS:
        rows = [str(row) for row in model.objects.filter(job_seeker=job_seeker).values_list("pk", flat=True)]
        named = Q(changes__job_seeker__0=pk) | Q(changes__job_seeker__1=pk)
        condition |= Q(content_type=types[model]) & (Q(object_pk__in=rows) | named)
    return (
        AuditLogEntry.objects.filter(condition)
        .exclude(action=AuditLogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
