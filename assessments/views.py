"""Assessment pages (thin: rules live in ``assessments.services``).

- ``/petugas/asesmen/...``: staff and named partners list, fill in (one checklist area per step,
  each step saved as a draft), finish, share and re-assess visits; the report in HTML and PDF;
- ``/pemberi-kerja/asesmen/...``: an employer member sees the shared reports of the organisation's
  own workplaces and marks progress on the remediation plan;
- ``/apeksi/daftar-periksa/``: an APEKSI administrator publishes a checklist version.

Tenant objects come through the city-scoped manager (another city's are 404s); a partner who is not
an assessor of a visit, and an employer asking for another organisation's or an unshared report,
get a 404 as well.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.drafts import keeps_draft
from accounts.permissions import permission_required
from assessments import selectors, services
from assessments.forms import ChecklistVersionForm, CompleteForm, ItemForm, ProgressForm, ReassessForm, ScheduleForm
from assessments.models import Assessment, ChecklistPublication, ItemPhoto, Outcome
from assessments.photos import thumbnail_data_uri
from employers.services import employer_of
from reference.models import ChecklistVersion

REPORT_LANGUAGES = ("id", "en")


def _conducted(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("workplace__employer", "version", "previous"), pk=pk
    )
    if not services.can_conduct(request.user, assessment):
        raise Http404
    return assessment


def _steps(assessment: Assessment) -> list[str]:
    """The areas of the assessment's items in checklist order: one step of the form each."""
    areas: list[str] = []
    for area in assessment.results.order_by("position").values_list("area", flat=True):
        if area not in areas:
            areas.append(area)
    return areas


def _apply(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@permission_required("assessments.conduct")
def assessment_list(request: HttpRequest) -> HttpResponse:
    """Staff see every visit of the city; a partner only the visits they are named on."""
    assessments = Assessment.objects.select_related("workplace__employer", "version").order_by("-scheduled_on", "-pk")
    if not services.is_staff(request.user):
        assessments = assessments.filter(assessors__user_id=request.user.pk)
    return TemplateResponse(
        request,
        "assessments/list.html",
        {"assessments": assessments[:200], "can_schedule": services.is_staff(request.user)},
    )


@permission_required("assessments.manage")
def assessment_schedule(request: HttpRequest) -> HttpResponse:
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_schedule(
                actor=request.user,
                workplace=form.cleaned_data["workplace"],
                scheduled_on=form.cleaned_data["scheduled_on"],
                assessors=list(form.cleaned_data["partners"]),
            )
        except services.AssessmentError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("The visit is scheduled."))
            return redirect("assessments:detail", pk=assessment.pk)
    return TemplateResponse(request, "assessments/schedule.html", {"form": form})


@permission_required("assessments.conduct")
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _conducted(request, pk)
    scores = selectors.assessment_scores(assessment)
    by_area = {area.area: area for area in scores.areas}
    steps = [(number, area, by_area.get(area)) for number, area in enumerate(_steps(assessment), start=1)]
    # Where to resume: the first area with an item still to check (the drafts are on the server).
    resume = next(((number, area) for number, area, score in steps if score and score.open), None)
    last_saved = (
        assessment.results.filter(checked_at__isnull=False).select_related("checked_by").order_by("-checked_at").first()
    )
    return TemplateResponse(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "scores": scores,
            "steps": steps,
            "resume": resume,
            "last_saved": last_saved,
            "is_staff": services.is_staff(request.user),
            "complete_form": CompleteForm(initial={"summary": assessment.summary}),
            "reassess_form": ReassessForm(),
        },
    )


def _show_conflict(form: ItemForm, conflict: services.EditConflict) -> None:
    """Keep what this assessor typed in the fields, show the answers saved by the other one, and
    take the saved revision so that saving again (a deliberate choice) replaces them."""
    form.add_error(None, str(conflict))
    form.conflict = conflict.result
    form.data = form.data.copy()
    form.data[form.add_prefix("revision")] = str(conflict.result.revision)


@keeps_draft
@permission_required("assessments.conduct")
def assessment_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """One area of the checklist. Every item that validates is saved at once (a draft), so a lost
    connection or a closed phone loses at most the step being typed; the others show their error."""
    assessment = _conducted(request, pk)
    steps = _steps(assessment)
    if not 1 <= step <= len(steps):
        raise Http404
    area = steps[step - 1]
    results = list(
        assessment.results.filter(area=area)
        .prefetch_related("photos")
        .select_related("checked_by")
        .order_by("position", "pk")
    )
    if request.method == "POST" and not assessment.is_done:
        forms = [ItemForm(request.POST, request.FILES, result=result) for result in results]
        for form in forms:
            if not form.is_valid():
                continue
            data = form.cleaned_data
            entered = data["measured"] or data["not_applicable"] or data["override"] or data["note"]
            touched = data["photo"] or data["remove_photos"] or data["recommendation"]
            if not (entered or touched or form.result.outcome or form.result.revision):
                continue  # nothing entered for this item yet
            try:
                services.item_result_record(actor=request.user, result=form.result, **data)
            except ValidationError as error:
                _apply(form, error)
            except services.EditConflict as conflict:
                _show_conflict(form, conflict)
            except services.AssessmentError as error:
                form.add_error(None, str(error))
        if all(not form.errors for form in forms):
            messages.success(request, _("Saved."))
            if "next" in request.POST and step < len(steps):
                return redirect("assessments:step", pk=pk, step=step + 1)
            return redirect("assessments:detail", pk=pk)
    else:
        forms = [
            ItemForm(
                result=result,
                initial={
                    "measured": result.measured,
                    "not_applicable": result.not_applicable,
                    "note": result.note,
                    "override": result.override,
                    "override_reason": result.override_reason,
                    "recommendation": result.recommendation,
                    "priority": result.priority,
                    "cost_level": result.cost_level,
                    "revision": result.revision,
                },
            )
            for result in results
        ]
    errors = [form for form in forms if form.errors]
    return TemplateResponse(
        request,
        "assessments/step.html",
        {
            "assessment": assessment,
            "area": area,
            "step": step,
            "step_count": len(steps),
            "forms": forms,
            "errors": errors,
            "has_next": step < len(steps),
        },
    )


@require_POST
@permission_required("assessments.conduct")
def assessment_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Finish, reopen, share or re-assess (``action`` in the POST)."""
    assessment = _conducted(request, pk)
    action = request.POST.get("action")
    try:
        if action == "complete":
            form = CompleteForm(request.POST)
            form.is_valid()
            services.assessment_complete(
                actor=request.user, assessment=assessment, summary=form.cleaned_data.get("summary", "")
            )
            messages.success(request, _("The assessment is completed."))
        elif action == "reopen":
            services.assessment_reopen(actor=request.user, assessment=assessment)
            messages.success(request, _("The assessment is open again."))
        elif action == "share":
            services.assessment_share(actor=request.user, assessment=assessment)
            messages.success(request, _("The report is shared with the employer."))
        elif action == "reassess":
            form = ReassessForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Enter the date of the re-assessment."))
            else:
                again = services.reassessment_schedule(
                    actor=request.user, assessment=assessment, scheduled_on=form.cleaned_data["scheduled_on"]
                )
                messages.success(request, _("A re-assessment of the failed items is scheduled."))
                return redirect("assessments:detail", pk=again.pk)
        else:
            raise Http404
    except services.AssessmentError as error:
        messages.error(request, str(error))
    return redirect("assessments:detail", pk=pk)


def _photo_response(item_photo: ItemPhoto) -> HttpResponse:
    """The stored bytes with the type sniffed at upload; never rendered as anything but an image."""
    with item_photo.image.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=item_photo.content_type or "application/octet-stream")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@permission_required("assessments.conduct")
def photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """A photo of an item, only to its assessors and city staff (never a public media URL)."""
    assessment = _conducted(request, pk)
    item_photo = get_object_or_404(ItemPhoto.objects, pk=photo_pk, result__assessment=assessment)
    return _photo_response(item_photo)


# --- The report ---------------------------------------------------------------------------------------------
def _report_language(request: HttpRequest) -> str:
    language = request.GET.get("bahasa") or translation.get_language() or "id"
    return language if language in REPORT_LANGUAGES else "id"


def _report_context(assessment: Assessment, *, audience: str, photo_src=None) -> dict:
    """What the report templates show; ``photo_src(ItemPhoto) -> str`` gives each photo's ``src``
    (a checked URL on the pages, a ``data:`` URI in the PDF)."""
    from django.db.models import prefetch_related_objects

    scores = selectors.assessment_scores(assessment)
    in_language = assessment.version.source_texts()  # the items keep the English source: show the reader's
    sources = sorted({in_language.get(r.source, r.source) for area in scores.areas for r in area.results})
    prefetch_related_objects(scores.failing, "photos")
    photo_src = photo_src or (lambda item_photo: "")
    photos = [
        (result, [(photo_src(p), p.alt_text) for p in result.photos.all()])
        for result in scores.failing
        if result.photos.all()
    ]
    return {
        "assessment": assessment,
        "scores": scores,
        "failing": scores.failing,
        "photos": [(result, shown) for result, shown in photos if any(src for src, _alt in shown)],
        "sources": sources,
        "assessors": [a.user for a in assessment.assessors.select_related("user")],
        "audience": audience,
    }


def _pdf_fetcher():
    """The PDF document is self-contained: WeasyPrint may read only the ``data:`` URIs of the
    embedded photos; any other URL (http, file, ...) stops the rendering (no server-side request
    forgery, no local file read)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)


def _report_css() -> str:
    """The report's stylesheet, inlined into the PDF document (WeasyPrint fetches no URL)."""
    path = finders.find("css/assessments.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def _pdf(request: HttpRequest, assessment: Assessment, *, audience: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    language = _report_language(request)
    with translation.override(language):
        context = {
            **_report_context(assessment, audience=audience, photo_src=lambda p: thumbnail_data_uri(p.image)),
            "language": language,
            "report_css": _report_css(),
        }
        html = render_to_string("assessments/report_document.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=_pdf_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}-{language}.pdf"'
    return response


@permission_required("assessments.conduct")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _conducted(request, pk)
    language = _report_language(request)
    with translation.override(language):
        context = {
            **_report_context(
                assessment,
                audience="staff",
                photo_src=lambda p: reverse("assessments:photo", kwargs={"pk": pk, "photo_pk": p.pk}),
            ),
            "language": language,
        }
        context["pdf_url"] = reverse("assessments:report-pdf", kwargs={"pk": pk}) + f"?bahasa={language}"
        return TemplateResponse(request, "assessments/report.html", context).render()


@permission_required("assessments.conduct")
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, _conducted(request, pk), audience="staff")


# --- The employer's pages ----------------------------------------------------------------------------------
def _own_shared(request: HttpRequest, pk: int) -> Assessment:
    employer = employer_of(request.user)
    if employer is None:
        raise Http404
    return get_object_or_404(
        Assessment.objects.select_related("workplace__employer", "version"),
        pk=pk,
        workplace__employer=employer,
        status=Assessment.Status.SHARED,
    )


@permission_required("assessments.view_own")
def employer_list(request: HttpRequest) -> HttpResponse:
    employer = employer_of(request.user)
    assessments = (
        Assessment.objects.filter(workplace__employer=employer, status=Assessment.Status.SHARED)
        .select_related("workplace", "version")
        .order_by("-scheduled_on", "-pk")
        if employer is not None
        else Assessment.objects.none()
    )
    return TemplateResponse(request, "assessments/employer_list.html", {"assessments": assessments})


@permission_required("assessments.view_own")
def employer_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The shared report and the remediation plan: progress on each failing item."""
    assessment = _own_shared(request, pk)
    language = _report_language(request)
    failing = [r for r in selectors.assessment_scores(assessment).failing if r.assessment_id == assessment.pk]
    forms = [
        ProgressForm(
            request.POST if request.method == "POST" else None,
            result=result,
            initial={"progress": result.progress, "note": result.progress_note},
        )
        for result in failing
    ]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        for form in forms:
            services.remediation_progress(
                actor=request.user,
                result=form.result,
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
            )
        messages.success(request, _("The plan is saved."))
        return redirect("assessments:employer-report", pk=pk)
    with translation.override(language):
        context = {
            **_report_context(
                assessment,
                audience="employer",
                photo_src=lambda p: reverse("assessments:employer-photo", kwargs={"pk": pk, "photo_pk": p.pk}),
            ),
            "language": language,
            "plan_forms": forms,
        }
        context["pdf_url"] = reverse("assessments:employer-report-pdf", kwargs={"pk": pk}) + f"?bahasa={language}"
        return TemplateResponse(request, "assessments/employer_report.html", context).render()


@permission_required("assessments.view_own")
def employer_photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    """A photo in the organisation's own shared report (404 for anything else)."""
    assessment = _own_shared(request, pk)
    item_photo = get_object_or_404(ItemPhoto.objects, pk=photo_pk, result__assessment=assessment)
    return _photo_response(item_photo)


@permission_required("assessments.view_own")
def employer_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, _own_shared(request, pk), audience="employer")


# --- APEKSI -------------------------------------------------------------------------------------------------
@permission_required("apeksi.publish_checklist")
def checklist_versions(request: HttpRequest) -> HttpResponse:
    """Checklist versions loaded from the reference data, and which is current; publish one."""
    if request.method == "POST":
        form = ChecklistVersionForm(request.POST)
        try:
            if not form.is_valid():
                raise services.AssessmentError(form.errors["version"][0])
            services.checklist_version_publish(actor=request.user, version=form.cleaned_data["version"])
        except services.AssessmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The version is published. New assessments use it."))
        return redirect("assessments:checklist-versions")
    publications = {p.version_id: p for p in ChecklistPublication.objects.all()}
    versions = [
        (version, publications.get(version.pk), version.items.count())
        for version in ChecklistVersion.objects.order_by("-pk")
    ]
    return TemplateResponse(
        request,
        "assessments/checklist_versions.html",
        {"versions": versions, "current": services.current_version(), "outcome_fail": Outcome.FAIL},
    )
