"""Job-seeker pages: the person's own profile (stepped), consent, documents and data rights; staff's
caseload, case detail, assisted registration, rights requests, import and export.

Every view fetches through the city-scoped managers (another city's record is a 404) and declares its
permission. Reads of sensitive groups (identity in full, disability, needs, functioning, documents)
write an access entry to the audit trail (``accounts.audit.record_access``).
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.models import Membership
from accounts.permissions import permission_required
from jobseekers import forms, services
from jobseekers.documents import document_delete, document_upload, download_name
from jobseekers.filters import CaseloadFilter
from jobseekers.models import (
    AssistiveDevice,
    CommunicationNeed,
    ConsentPurpose,
    ConsentRecord,
    Document,
    JobSeeker,
    RegistrationChannel,
    RightsRequest,
)
from jobseekers.rights import my_data, rights_request_create, rights_request_handle
from reference.models import Ragam, WGQuestion

PAGE_SIZE = 50


def _field_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form (fields it names, else the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _own_profile(request: HttpRequest) -> JobSeeker:
    """The signed-in job seeker's profile in this city (made at sign-up or by "start my profile");
    ``Http404`` when there is none (the views behind ``_profile_required`` never get there)."""
    seeker = JobSeeker.objects.filter(user=request.user).first()
    if seeker is None:
        raise Http404
    return seeker


def _profile_required(view):
    """Send a job seeker without a profile in this city to ``my-profile`` (its "start my profile"
    button) instead of writing one on a GET."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not JobSeeker.objects.filter(user=request.user).exists():
            return redirect("jobseekers:my-profile")
        return view(request, *args, **kwargs)

    return wrapper


def _officers(request: HttpRequest):
    from accounts.models import User

    ids = Membership.objects.filter(city_id=request.city.pk, role=Membership.Role.STAFF).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("name", "email")


# --- The job seeker's own pages ---------------------------------------------------------------------
@permission_required("jobseekers.edit_own_profile")
def my_profile(request: HttpRequest) -> HttpResponse:
    """The profile overview. A GET never writes: without a profile in this city (an account from
    before profiles were made at sign-up, or a job-seeker role given otherwise) it shows a "start my
    profile" button whose POST creates it (``services.profile_start``)."""
    seeker = JobSeeker.objects.filter(user=request.user).first()
    if seeker is None:
        if request.method == "POST":
            services.profile_start(user=request.user)
            return redirect("jobseekers:my-profile")
        return TemplateResponse(request, "jobseekers/my_profile_start.html", {})
    steps = [(number, title, number <= seeker.profile_step) for number, (title, _form) in forms.STEPS.items()]
    context = {
        "seeker": seeker,
        "steps": steps,
        "next_step": min(seeker.profile_step + 1, len(forms.STEPS)),
        "education": seeker.education.order_by("-year_finished", "pk"),
        "trainings": seeker.trainings.order_by("-year", "pk"),
        "experience": seeker.experience.order_by("-start_year", "pk"),
    }
    return TemplateResponse(request, "jobseekers/my_profile.html", context)


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_profile_step(request: HttpRequest, step: int) -> HttpResponse:
    """One step of the stepped profile. "Save and continue" goes to the next step; "Save and finish
    later" back to the overview: either way the step is saved (save and continue later)."""
    if step not in forms.STEPS:
        raise Http404
    seeker = _own_profile(request)
    title, form_class = forms.STEPS[step]
    data = request.POST if request.method == "POST" else None
    language = get_language()
    if form_class is forms.FunctioningForm:
        codes = dict(seeker.functioning.values_list("domain", "code"))
        form = form_class(data, initial_codes=codes, language=language)
    elif form_class is forms.WorkForm:
        form = form_class(
            data,
            instance=seeker,
            skill_query=request.GET.get("cari_keterampilan", "").strip(),
            occupation_query=request.GET.get("cari_pekerjaan", "").strip(),
        )
    elif form_class is forms.NeedsForm:
        form = form_class(data, instance=seeker, language=language)
    else:
        form = form_class(data, instance=seeker)
    if request.method == "POST" and form.is_valid():
        try:
            if form_class is forms.FunctioningForm:
                answers = {domain: code for domain, code in form.cleaned_data.items() if code is not None}
                services.functioning_record(job_seeker=seeker, answers=answers)
                services.jobseeker_update(actor=request.user, job_seeker=seeker, step=step)
            else:
                services.jobseeker_update(actor=request.user, job_seeker=seeker, step=step, **form.cleaned_data)
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            if "finish_later" in request.POST or step == len(forms.STEPS):
                return redirect("jobseekers:my-profile")
            return redirect("jobseekers:my-profile-step", step=step + 1)
    if form_class in (forms.FunctioningForm, forms.NeedsForm) and request.method == "GET":
        audit.record_access(obj=seeker, groups=["functioning"] if step == 3 else ["disability", "needs"])
    context = {
        "seeker": seeker,
        "form": form,
        "step": step,
        "title": title,
        "total": len(forms.STEPS),
        "steps": forms.STEPS,
        "skill_query": request.GET.get("cari_keterampilan", ""),
        "occupation_query": request.GET.get("cari_pekerjaan", ""),
    }
    return TemplateResponse(request, "jobseekers/my_profile_step.html", context)


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_profile_add(request: HttpRequest, kind: str) -> HttpResponse:
    """Add one education, training or work-experience entry."""
    form_class = forms.CHILD_FORMS.get(kind)
    if form_class is None:
        raise Http404
    seeker = _own_profile(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.profile_entry_add(actor=request.user, job_seeker=seeker, entry=form.save(commit=False))
        messages.success(request, _("Saved."))
        return redirect("jobseekers:my-profile")
    titles = {
        "pendidikan": _("Add education"),
        "pelatihan": _("Add a training or certificate"),
        "pengalaman": _("Add work experience"),
    }
    return TemplateResponse(request, "jobseekers/my_profile_add.html", {"form": form, "title": titles[kind]})


@require_POST
@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_profile_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    models = {"pendidikan": "education", "pelatihan": "trainings", "pengalaman": "experience"}
    if kind not in models:
        raise Http404
    seeker = _own_profile(request)
    entry = get_object_or_404(getattr(seeker, models[kind]), pk=pk)
    services.profile_entry_remove(actor=request.user, job_seeker=seeker, entry=entry)
    messages.success(request, _("Removed."))
    return redirect("jobseekers:my-profile")


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_consent(request: HttpRequest) -> HttpResponse:
    """The consent texts in force, one checkbox per purpose. Unticking is a withdrawal, effective at once."""
    seeker = _own_profile(request)
    language = get_language()
    texts = {purpose: services.current_consent_text(purpose) for purpose in ConsentPurpose.values}
    current = services.current_consents(seeker)
    given = {p: bool(r and r.decision == ConsentRecord.Decision.GIVEN) for p, r in current.items()}
    form = forms.ConsentForm(
        request.POST or None, texts={p: t.text(language) for p, t in texts.items() if t}, initial=given
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for purpose, value in form.cleaned_data.items():
                if value != given[purpose]:
                    services.consent_record(
                        actor=request.user,
                        job_seeker=seeker,
                        purpose=purpose,
                        decision=ConsentRecord.Decision.GIVEN if value else ConsentRecord.Decision.WITHDRAWN,
                        channel="online",
                    )
        messages.success(request, _("Your choices are saved and apply now."))
        return redirect("jobseekers:my-consent")
    history = seeker.consents.select_related("text").order_by("-recorded_at", "-pk")[:50]
    return TemplateResponse(
        request, "jobseekers/my_consent.html", {"form": form, "seeker": seeker, "history": history, "texts": texts}
    )


def _upload(request: HttpRequest, seeker, form) -> bool:
    """Upload the valid ``form``'s document for ``seeker`` (the person's own page and staff's case
    page): True when it is stored (with a message), False with the error on the form."""
    if not form.is_valid():
        return False
    try:
        document_upload(
            actor=request.user,
            job_seeker=seeker,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            uploaded=form.cleaned_data["file"],
        )
    except ValidationError as error:
        form.add_error("file", error)
        return False
    messages.success(request, _("Uploaded."))
    return True


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_documents(request: HttpRequest) -> HttpResponse:
    seeker = _own_profile(request)
    removing = request.method == "POST" and "delete" in request.POST
    form = forms.DocumentForm() if removing else forms.DocumentForm(request.POST or None, request.FILES or None)
    if removing:
        remove_form = forms.DocumentRemoveForm(request.POST, documents=seeker.documents.all())
        if remove_form.is_valid():
            document_delete(actor=request.user, document=remove_form.cleaned_data["delete"])
            messages.success(request, _("Removed."))
            return redirect("jobseekers:my-documents")
        messages.error(request, remove_form.errors["delete"][0])
    elif request.method == "POST" and _upload(request, seeker, form):
        return redirect("jobseekers:my-documents")
    documents = seeker.documents.order_by("-uploaded_at")
    return TemplateResponse(request, "jobseekers/my_documents.html", {"form": form, "documents": documents})


def _serve(document: Document) -> FileResponse:
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=download_name(document))
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = _own_profile(request)
    document = get_object_or_404(seeker.documents, pk=pk)
    return _serve(document)


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_data_page(request: HttpRequest) -> HttpResponse:
    """Download all my data, see it, ask for a correction or deletion (UU 27/2022)."""
    seeker = _own_profile(request)
    form = forms.RightsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rights_request_create(actor=request.user, job_seeker=seeker, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request is sent. The center must answer within 3 x 24 hours."))
            return redirect("jobseekers:my-data")
    requests = seeker.rights_requests.order_by("-requested_at")
    return TemplateResponse(request, "jobseekers/my_data.html", {"form": form, "requests": requests, "seeker": seeker})


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    seeker = _own_profile(request)
    response = JsonResponse(my_data(seeker), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="data-saya.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("jobseekers.edit_own_profile")
@_profile_required
def my_data_html(request: HttpRequest) -> HttpResponse:
    seeker = _own_profile(request)
    data = my_data(seeker)
    profile = [
        (JobSeeker._meta.get_field(name).verbose_name, value)
        for name, value in data["profile"].items()
        if name not in ("id", "profile_step")
    ]
    titles = {
        "skills": _("Skills"),
        "occupations": _("Jobs wanted"),
        "accommodations": _("Accommodation needs"),
        "education": _("Education"),
        "trainings": _("Trainings and certificates"),
        "experience": _("Work experience"),
        "functioning": _("Everyday activities (WG-SS answers)"),
        "consents": _("Consent decisions"),
        "documents": _("Documents"),
        "counselling_notes": _("Counselling notes"),
        "requests": _("Requests"),
    }
    functioning = [f"{domain}: {code}" for domain, code in data["functioning"].items()]
    sections = [(title, functioning if key == "functioning" else data[key]) for key, title in titles.items()]
    context = {"data": data, "seeker": seeker, "profile": profile, "sections": sections}
    return TemplateResponse(request, "jobseekers/my_data_view.html", context)


# --- Staff: caseload ------------------------------------------------------------------------------
@permission_required("jobseekers.view_list")
def jobseeker_list(request: HttpRequest) -> HttpResponse:
    """The caseload: search, filters, sorting, 50 a page. Queries per page do not depend on the page
    or the number of people (tests/jobseekers/test_pages.py::TestCaseload). A page filtered by
    disability category or WG-SS domain writes an access entry for each person on it."""
    officers = list(_officers(request))
    queryset = JobSeeker.objects.filter(anonymised_at__isnull=True).select_related("assigned_officer")
    caseload = CaseloadFilter(request.GET or None, queryset=queryset, officers=officers)
    seekers = caseload.qs if caseload.is_bound and caseload.is_valid() else queryset
    if not caseload.is_bound or not caseload.form.cleaned_data.get("sort"):
        seekers = seekers.order_by("name", "pk")
    else:
        seekers = seekers.order_by(*seekers.query.order_by, "pk")
    seekers = seekers.only(
        "name",
        "nik",
        "status",
        "created_at",
        "next_action_on",
        "assigned_officer__name",
        "assigned_officer__email",
        "city_id",
    )
    page = Paginator(seekers, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = caseload.sensitive_groups()
    if groups:
        # Filtered by disability or functioning: everyone on the page is shown as having it. One access
        # entry each, in one INSERT, which the person sees in "who viewed my data".
        page.object_list = list(page.object_list)
        audit.record_access_many(objs=page.object_list, groups=groups, extra={"list": "caseload"})
    return TemplateResponse(request, "jobseekers/jobseeker_list.html", {"page_obj": page, "filter": caseload})


def _case_or_404(pk: int) -> JobSeeker:
    return get_object_or_404(JobSeeker.objects.filter(anonymised_at__isnull=True), pk=pk)


@permission_required("jobseekers.manage_case")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: summary (NIK masked), the case form, counselling notes. Sensitive data is one link away
    (``case_sensitive``), so each read of it is a deliberate, audited act."""
    seeker = _case_or_404(pk)
    officers = _officers(request)
    case_form = forms.CaseForm(
        request.POST if "save_case" in request.POST else None, instance=seeker, officers=officers, prefix="case"
    )
    note_form = forms.NoteForm(
        request.POST if "add_note" in request.POST else None, initial={"met_on": timezone.localdate()}, prefix="note"
    )
    current = services.current_consents(seeker)
    given = [p for p, r in current.items() if r and r.decision == ConsentRecord.Decision.GIVEN]
    consent_form = forms.StaffConsentForm(
        request.POST if "save_consent" in request.POST else None, initial={"consents": given}, prefix="consent"
    )
    if request.method == "POST":
        if "save_consent" in request.POST and consent_form.is_valid():
            data = consent_form.cleaned_data
            with transaction.atomic():
                for purpose in ConsentPurpose.values:
                    wanted = purpose in data["consents"]
                    if wanted == (purpose in given) and not (wanted and seeker.consent_to_confirm):
                        continue
                    services.consent_record(
                        actor=request.user,
                        job_seeker=seeker,
                        purpose=purpose,
                        decision=ConsentRecord.Decision.GIVEN if wanted else ConsentRecord.Decision.WITHDRAWN,
                        channel=data["channel"],
                        assisted_by=request.user,
                        guardian_name=data["guardian_name"],
                        guardian_relation=data["guardian_relation"],
                    )
            messages.success(request, _("Consent recorded."))
            return redirect("jobseekers:case", pk=seeker.pk)
        if "save_case" in request.POST and case_form.is_valid():
            try:
                services.case_update(
                    actor=request.user,
                    job_seeker=JobSeeker.objects.get(pk=seeker.pk),
                    **{k: case_form.cleaned_data[k] for k in ("status", "assigned_officer", "next_action_on")},
                )
            except ValidationError as error:
                case_form.add_error("status", error)
            else:
                messages.success(request, _("Case saved."))
                return redirect("jobseekers:case", pk=seeker.pk)
        if "add_note" in request.POST and note_form.is_valid():
            services.counselling_note_add(actor=request.user, job_seeker=seeker, **note_form.cleaned_data)
            messages.success(request, _("Note added."))
            return redirect("jobseekers:case", pk=seeker.pk)
    context = {
        "seeker": seeker,
        "case_form": case_form,
        "note_form": note_form,
        "notes": seeker.notes.select_related("author").order_by("-met_on", "-pk"),
        "education": seeker.education.order_by("-year_finished"),
        "experience": seeker.experience.order_by("-start_year"),
        "trainings": seeker.trainings.order_by("-year"),
        "skills": seeker.skills.order_by("label_en"),
        "occupations": seeker.occupations.order_by("code"),
        "consents": current,
        "consent_form": consent_form,
        "duplicates": services.duplicates(
            nik=seeker.nik, name=seeker.name, birth_date=seeker.birth_date, exclude_pk=seeker.pk
        )[:5],
    }
    return TemplateResponse(request, "jobseekers/case_detail.html", context)


@permission_required("jobseekers.view_sensitive")
def case_sensitive(request: HttpRequest, pk: int) -> HttpResponse:
    """Full NIK, disability category, devices, communication and accommodation needs, documents:
    each view writes one access entry (groups identity, disability, needs, documents). Staff can
    upload a document for the person here (an assisted registration brings paper certificates)."""
    seeker = _case_or_404(pk)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _upload(request, seeker, form):
        return redirect("jobseekers:case-sensitive", pk=seeker.pk)
    audit.record_access(obj=seeker, groups=["identity", "disability", "needs", "documents"])
    labels = {
        "functioning": _("functioning"),
        "ragam": _("disability category"),
        "needs": _("needs"),
        "documents": _("documents"),
    }
    context = {
        "seeker": seeker,
        "ragam_labels": [Ragam(value).label for value in seeker.ragam],
        "device_labels": [AssistiveDevice(value).label for value in seeker.assistive_devices],
        "communication_labels": [CommunicationNeed(value).label for value in seeker.communication_needs],
        "disclosures": [(labels[group], shared) for group, shared in seeker.disclosures().items()],
        "accommodations": seeker.accommodations.order_by("code"),
        "documents": seeker.documents.order_by("-uploaded_at"),
        "language": get_language(),
        "form": form,
    }
    return TemplateResponse(request, "jobseekers/case_sensitive.html", context)


@permission_required("jobseekers.view_sensitive")
def case_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("job_seeker"), pk=pk)
    audit.record_access(obj=document.job_seeker, groups=["documents"])
    return _serve(document)


@permission_required("jobseekers.register_assisted")
def assisted_register(request: HttpRequest) -> HttpResponse:
    """Register someone on their behalf (walk-in, outreach), with the consent they gave and who assisted.

    Same NIK, or same name and birth date, in this city: the form shows the possible duplicates and asks
    to confirm it is a different person before registering.
    """
    form = forms.AssistedRegistrationForm(request.POST or None)
    found = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = list(services.duplicates(nik=data["nik"], name=data["name"], birth_date=data["birth_date"])[:10])
        if found and not data["not_a_duplicate"]:
            form.add_error(
                "not_a_duplicate",
                _("Someone with the same NIK, or the same name and birth date, is already registered. Check the list."),
            )
        else:
            channel = (
                RegistrationChannel.STAFF
                if Membership.objects.filter(
                    user=request.user, city_id=request.city.pk, role=Membership.Role.STAFF
                ).exists()
                else RegistrationChannel.PARTNER
            )
            try:
                seeker = services.jobseeker_register(
                    actor=request.user,
                    name=data["name"],
                    channel=channel,
                    consents=dict.fromkeys(data["consents"], True),
                    consent_channel=data["consent_channel"],
                    guardian_name=data["guardian_name"],
                    guardian_relation=data["guardian_relation"],
                    **{
                        k: data[k]
                        for k in ("nik", "birth_date", "gender", "phone", "kelurahan", "kecamatan", "referral_source")
                    },
                )
            except ValidationError as error:
                _field_errors(form, error)
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": seeker.name})
                if channel == RegistrationChannel.STAFF:
                    return redirect("jobseekers:case", pk=seeker.pk)
                return redirect("jobseekers:register")
    texts = {purpose: services.current_consent_text(purpose) for purpose in ConsentPurpose.values}
    return TemplateResponse(
        request,
        "jobseekers/assisted_register.html",
        {"form": form, "duplicates": found, "texts": texts, "language": get_language()},
    )


# --- Staff: rights requests ---------------------------------------------------------------------------
@permission_required("jobseekers.handle_requests")
def rights_requests(request: HttpRequest) -> HttpResponse:
    pending = (
        RightsRequest.objects.filter(status=RightsRequest.Status.PENDING)
        .select_related("job_seeker")
        .order_by("due_at")
    )
    handled = (
        RightsRequest.objects.exclude(status=RightsRequest.Status.PENDING)
        .select_related("job_seeker", "handled_by")
        .order_by("-handled_at")[:50]
    )
    return TemplateResponse(
        request,
        "jobseekers/rights_requests.html",
        {"pending": pending, "handled": handled, "now": timezone.now(), "form": forms.RightsHandleForm()},
    )


@require_POST
@permission_required("jobseekers.handle_requests")
def rights_request_act(request: HttpRequest, pk: int) -> HttpResponse:
    rights_request = get_object_or_404(RightsRequest.objects.select_related("job_seeker"), pk=pk)
    form = forms.RightsHandleForm(request.POST)
    if form.is_valid():
        try:
            rights_request_handle(actor=request.user, request=rights_request, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request is handled."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("jobseekers:rights-requests")


# --- Staff: import and export ----------------------------------------------------------------------------
@permission_required("jobseekers.import")
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload → dry run (row-by-row report) → "Import" commits everything or nothing."""
    from jobseekers import imports

    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and "commit" in request.POST:
        token = request.POST.get("token", "")
        try:
            count = imports.commit_stored(actor=request.user, token=token, session=request.session)
        except imports.ImportFailed as failure:
            report = failure.report
        else:
            messages.success(
                request, _("%(count)s job seekers imported. Their consent is to be confirmed.") % {"count": count}
            )
            return redirect("jobseekers:list")
    elif request.method == "POST" and form.is_valid():
        report = imports.dry_run_and_store(uploaded=form.cleaned_data["file"], session=request.session)
        if report.fatal:
            form.add_error("file", report.fatal)
    return TemplateResponse(request, "jobseekers/import.html", {"form": form, "report": report})


@permission_required("jobseekers.import")
def import_template(request: HttpRequest) -> HttpResponse:
    from jobseekers import imports

    response = HttpResponse(imports.template_xlsx(), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-pencari-kerja.xlsx"'
    return response


@permission_required("jobseekers.export")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The caseload (with the list's filters) as CSV or XLSX. Audited: one access entry per person exported."""
    from jobseekers import imports

    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset = JobSeeker.objects.filter(anonymised_at__isnull=True)
    caseload = CaseloadFilter(request.GET or None, queryset=queryset, officers=list(_officers(request)))
    seekers = (caseload.qs if caseload.is_bound and caseload.is_valid() else queryset).order_by("name", "pk")
    body, content_type, rows = imports.export(seekers, fmt)
    imports.record_export(actor=request.user, seekers=rows)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pencari-kerja.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Functioning answers (staff) and the person's own access log ------------------------------------------
@permission_required("jobseekers.view_functioning")
def functioning(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's WG-SS answers. Each view writes one access entry to the audit trail."""
    seeker = get_object_or_404(JobSeeker.objects, pk=pk)
    answers = {answer.domain: answer for answer in seeker.functioning.all()}
    rows = [(question, answers.get(question.domain)) for question in WGQuestion.objects.order_by("order")]
    audit.record_access(obj=seeker, groups=["functioning"])
    return TemplateResponse(request, "jobseekers/functioning.html", {"seeker": seeker, "rows": rows})


@permission_required("jobseekers.view_own_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """Who viewed my sensitive data (UU 27/2022 art. 7: the right to know how data is processed)."""
    seeker = JobSeeker.objects.filter(user=request.user).first()
    entries = audit.accesses(seeker) if seeker else audit.AuditLogEntry.objects.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "jobseekers/access_log.html", {"seeker": seeker, "page_obj": page})
