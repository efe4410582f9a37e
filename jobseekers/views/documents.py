"""Documents: the person's own (upload, remove, download) and staff's download of one, which writes an
access entry. Staff upload on the case's sensitive page (``jobseekers.views.staff.case_sensitive``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts import audit
from accounts.permissions import permission_required
from jobseekers import forms, services
from jobseekers.documents import download_name
from jobseekers.models import (
    Document,
)
from jobseekers.views.common import own_profile, profile_required


def upload(request: HttpRequest, seeker, form) -> bool:
    """Upload the valid ``form``'s document for ``seeker`` (the person's own page and staff's case
    page): True when it is stored (with a message), False with the error on the form."""
    if not form.is_valid():
        return False
    try:
        services.document_upload(
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
@profile_required
def my_documents(request: HttpRequest) -> HttpResponse:
    seeker = own_profile(request)
    removing = request.method == "POST" and "delete" in request.POST
    form = forms.DocumentForm() if removing else forms.DocumentForm(request.POST or None, request.FILES or None)
    if removing:
        # A signed consent form proves a decision recorded for the person: it stays with the record.
        removable = seeker.documents.exclude(kind=Document.Kind.CONSENT_FORM)
        remove_form = forms.DocumentRemoveForm(request.POST, documents=removable)
        if remove_form.is_valid():
            services.document_delete(actor=request.user, document=remove_form.cleaned_data["delete"])
            messages.success(request, _("Removed."))
            return redirect("jobseekers:my-documents")
        messages.error(request, remove_form.errors["delete"][0])
    elif request.method == "POST" and upload(request, seeker, form):
        return redirect("jobseekers:my-documents")
    documents = seeker.documents.order_by("-uploaded_at")
    return TemplateResponse(request, "jobseekers/my_documents.html", {"form": form, "documents": documents})


def serve(document: Document) -> FileResponse:
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=download_name(document))
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("jobseekers.edit_own_profile")
@profile_required
def my_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    seeker = own_profile(request)
    document = get_object_or_404(seeker.documents, pk=pk)
    return serve(document)


@permission_required("jobseekers.view_sensitive")
def case_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("job_seeker"), pk=pk)
    audit.record_access(obj=document.job_seeker, groups=["documents"])
    return serve(document)
