"""Staff's and partners' pages: the caseload, a case (summary, case work, consent, notes), its
sensitive data, assisted registration, the WG-SS answers, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import audit
from accounts.drafts import keeps_draft
from accounts.permissions import permission_required
from jobseekers import forms, imports, selectors, services
from jobseekers.models import (
    AssistiveDevice,
    CommunicationNeed,
    ConsentRecord,
    JobSeeker,
    RegistrationChannel,
)
from jobseekers.views.common import field_errors
from jobseekers.views.documents import upload
from reference.models import Ragam

PAGE_SIZE = 50


@permission_required("jobseekers.view_list")
def jobseeker_list(request: HttpRequest) -> HttpResponse:
    """The caseload: search, filters, sorting, 50 a page. Queries per page do not depend on the page
    or the number of people (tests/jobseekers/test_pages.py::TestCaseload). A page filtered by
    disability category or WG-SS domain writes an access entry for each person on it."""
    officers = list(selectors.city_officers(city_id=request.city.pk))
    caseload, seekers = selectors.caseload_page(params=request.GET, officers=officers)
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
    officers = selectors.city_officers(city_id=request.city.pk)
    case_form = forms.CaseForm(
        request.POST if "save_case" in request.POST else None, instance=seeker, officers=officers, prefix="case"
    )
    note_form = forms.NoteForm(
        request.POST if "add_note" in request.POST else None, initial={"met_on": timezone.localdate()}, prefix="note"
    )
    current = selectors.consents_latest(seeker)
    given = [p for p, r in current.items() if r and r.decision == ConsentRecord.Decision.GIVEN]
    saving_consent = "save_consent" in request.POST
    consent_form = forms.StaffConsentForm(
        request.POST if saving_consent else None,
        request.FILES if saving_consent else None,
        initial={"consents": given},
        prefix="consent",
    )
    if request.method == "POST":
        if saving_consent and consent_form.is_valid():
            try:
                services.consents_update(
                    actor=request.user,
                    job_seeker=seeker,
                    granted=consent_form.cleaned_data["consents"],
                    confirm_pending=True,
                    **consent_form.how(assisted_by=request.user),
                )
            except ValidationError as error:
                field_errors(consent_form, error)
            else:
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
        "duplicates": selectors.jobseeker_duplicates(
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
    if request.method == "POST" and upload(request, seeker, form):
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


@keeps_draft
@permission_required("jobseekers.register_assisted")
def assisted_register(request: HttpRequest) -> HttpResponse:
    """Register someone on their behalf (walk-in, outreach), with the consent they gave and who assisted.

    Same NIK, or same name and birth date, in this city: the form shows the possible duplicates and asks
    to confirm it is a different person before registering.
    """
    form = forms.AssistedRegistrationForm(request.POST or None, request.FILES or None)
    found = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = list(
            selectors.jobseeker_duplicates(nik=data["nik"], name=data["name"], birth_date=data["birth_date"])[:10]
        )
        if found and not data["not_a_duplicate"]:
            form.add_error(
                "not_a_duplicate",
                _("Someone with the same NIK, or the same name and birth date, is already registered. Check the list."),
            )
        else:
            channel = (
                RegistrationChannel.STAFF
                if selectors.registers_as_staff(actor=request.user, city_id=request.city.pk)
                else RegistrationChannel.PARTNER
            )
            try:
                seeker = services.jobseeker_register(
                    actor=request.user,
                    name=data["name"],
                    channel=channel,
                    consents=dict.fromkeys(data["consents"], True),
                    consent_channel=data["consent_channel"],
                    consent_basis=data["basis"],
                    guardian_name=data["guardian_name"],
                    guardian_relation=data["guardian_relation"],
                    paper_form=data["paper_form"] or None,
                    **{
                        k: data[k]
                        for k in ("nik", "birth_date", "gender", "phone", "kelurahan", "kecamatan", "referral_source")
                    },
                )
            except ValidationError as error:
                field_errors(form, error)
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": seeker.name})
                if channel == RegistrationChannel.STAFF and data.get("wants_ak1"):
                    return redirect(reverse("ak1:person", kwargs={"pk": seeker.pk}) + "#issue-title")
                if channel == RegistrationChannel.STAFF:
                    return redirect("jobseekers:case", pk=seeker.pk)
                return redirect("jobseekers:register")
    texts = selectors.consent_texts_current()
    return TemplateResponse(
        request,
        "jobseekers/assisted_register.html",
        {
            "form": form,
            "duplicates": found,
            "texts": texts,
            "language": get_language(),
            "registers_as_staff": selectors.registers_as_staff(actor=request.user, city_id=request.city.pk),
        },
    )


# --- Staff: import and export ----------------------------------------------------------------------------
@permission_required("jobseekers.import")
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload → dry run (row-by-row report) → "Import" commits everything or nothing."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and "commit" in request.POST:
        token = request.POST.get("token", "")
        try:
            count = services.import_stored_commit(actor=request.user, token=token, session=request.session)
        except imports.ImportFailed as failure:
            report = failure.report
        else:
            messages.success(
                request, _("%(count)s job seekers imported. Their consent is to be confirmed.") % {"count": count}
            )
            return redirect("jobseekers:list")
    elif request.method == "POST" and form.is_valid():
        report = services.import_dry_run(
            actor=request.user, uploaded=form.cleaned_data["file"], session=request.session
        )
        if report.fatal:
            form.add_error("file", report.fatal)
    return TemplateResponse(request, "jobseekers/import.html", {"form": form, "report": report})


@permission_required("jobseekers.import")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_xlsx(), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-pencari-kerja.xlsx"'
    return response


@permission_required("jobseekers.export")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The caseload (with the list's filters) as CSV or XLSX. Audited: one access entry per person exported,
    naming also what a filter by disability category or WG-SS domain reveals about them."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    officers = list(selectors.city_officers(city_id=request.city.pk))
    seekers, groups = selectors.caseload_export(params=request.GET, officers=officers)
    body, content_type, rows = imports.export(seekers, fmt)
    services.caseload_export_record(actor=request.user, seekers=rows, groups=groups)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="pencari-kerja.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Functioning answers ------------------------------------------------------------------------------------
@permission_required("jobseekers.view_functioning")
def functioning(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's WG-SS answers. Each view writes one access entry to the audit trail."""
    seeker = get_object_or_404(JobSeeker.objects, pk=pk)
    rows = selectors.functioning_rows(job_seeker=seeker)
    audit.record_access(obj=seeker, groups=["functioning"])
    return TemplateResponse(request, "jobseekers/functioning.html", {"seeker": seeker, "rows": rows})
