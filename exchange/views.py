"""Staff's Karirhub page: the export links and the vacancy import (docs/karirhub.md)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import has_permission, permission_required
from employers import imports as vacancy_imports
from exchange import karirhub
from jobseekers.models import JobSeeker

FORMATS = ("csv", "xlsx")


class KarirhubImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Karirhub vacancy file (XLSX or CSV)"),
        help_text=gettext_lazy("At most 500 rows and 2 MB. Every row becomes a draft vacancy."),
    )


def _download(exported: karirhub.ExportFile) -> HttpResponse:
    """An attachment that no cache keeps (the files may hold personal data)."""
    response = HttpResponse(exported.body, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _exchange(fmt: str = "xlsx") -> karirhub.KarirhubExchange:
    """The adapter in use: files today (``karirhub.KarirhubApiClient`` once Karirhub has an API)."""
    return karirhub.FileExchange(fmt)


def _read(upload) -> list[list[str]] | vacancy_imports.Report:
    if upload.size > vacancy_imports.MAX_BYTES:
        return vacancy_imports.Report(fatal=_("The file is larger than 2 MB."))
    try:
        return vacancy_imports.read_rows(upload.read(), upload.name or "")
    except ValueError as error:
        return vacancy_imports.Report(fatal=str(error))


@permission_required("vacancies.review")
def karirhub_page(request: HttpRequest) -> HttpResponse:
    """Export links (vacancies; job-seeker registrations for those who may export them) and the
    import of a Karirhub vacancy listing: "check" runs it without saving, "import" saves all rows
    or none."""
    form = KarirhubImportForm(request.POST or None, request.FILES or None)
    report, committed = None, False
    if request.method == "POST" and form.is_valid():
        commit = "commit" in request.POST
        rows = _read(form.cleaned_data["file"])
        report = rows if isinstance(rows, vacancy_imports.Report) else None
        if report is None:
            report = _exchange().import_vacancies(actor=request.user, rows=rows, commit=commit)
        if report.fatal:
            form.add_error("file", report.fatal)
        committed = commit and report.ok
    context = {
        "form": form,
        "report": report,
        "committed": committed,
        "vacancy_count": karirhub.vacancies_to_report().count(),
        "may_export_people": has_permission(request, "jobseekers.export"),
        "formats": FORMATS,
    }
    if context["may_export_people"]:
        context["people_count"] = karirhub.registration_people(JobSeeker.objects.all()).count()
    return TemplateResponse(request, "exchange/karirhub.html", context)


@permission_required("vacancies.review")
def vacancies_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The city's published vacancies in Karirhub's fields."""
    if fmt not in FORMATS:
        raise Http404
    return _download(_exchange(fmt).export_vacancies(karirhub.vacancies_to_report()))


@permission_required("jobseekers.export")
def registrations_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The registrations that may be reported, one access entry per person in the file."""
    if fmt not in FORMATS:
        raise Http404
    return _download(_exchange(fmt).export_registrations(JobSeeker.objects.all(), actor=request.user))
