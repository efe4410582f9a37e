"""Job-seeker pages of the accounts issue: the staff list, the functioning (WG-SS) page whose every
view is audited, and "who viewed my data" for the person. The job-seeker issue builds the rest."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from accounts import audit
from accounts.permissions import permission_required
from jobseekers.models import JobSeeker
from reference.models import WGQuestion


@permission_required("jobseekers.view_list")
def jobseeker_list(request: HttpRequest) -> HttpResponse:
    seekers = JobSeeker.objects.order_by("name", "pk")
    page = Paginator(seekers, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "jobseekers/jobseeker_list.html", {"page_obj": page})


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
