"""Job seekers for city staff (and assisted registration for partners), import and export.

Through ``jobseekers.services``, ``jobseekers.selectors`` and ``jobseekers.imports`` only, with the
pages' rules: the case read shows the NIK masked and no disability data; ``sensitive`` shows them
and writes an access entry (``accounts.audit.record_access``) like the sensitive page; exports
write one access entry per person; imports check every row and write all rows or none.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import audit
from accounts.models import Membership
from api import exchange
from api.parsers import JSONParser
from api.serializers import (
    CaseSerializer,
    ImportReportSerializer,
    ImportUploadSerializer,
    JobSeekerCreateSerializer,
    JobSeekerSensitiveSerializer,
    JobSeekerSerializer,
    JobSeekerUpdateSerializer,
)
from jobseekers import imports, selectors, services
from jobseekers.models import CaseStatus, JobSeeker, RegistrationChannel
from jobseekers.nik import normalise_nik

SEEKER_EXAMPLE = OpenApiExample(
    "A case",
    value={
        "id": 301,
        "name": "Contoh Pencari Kerja",
        "nik_masked": "3372••••••••0001",
        "birth_date": "1990-01-07",
        "gender": "female",
        "address": "",
        "kelurahan": "Kauman",
        "kecamatan": "Pasar Kliwon",
        "phone": "081234567890",
        "email": "",
        "contact_channel": "whatsapp",
        "language": "id",
        "ak1_number": "",
        "referral_source": "walk_in",
        "status": "active",
        "assigned_officer": "Sari Petugas",
        "next_action_on": "2026-12-10",
        "registration_channel": "staff",
        "matching_allowed": True,
        "sharing_allowed": True,
        "notifications_allowed": True,
        "consent_to_confirm": False,
        "consents": {"specific_data": "given", "matching": "given", "sharing": "given", "notifications": "given"},
        "created_at": "2026-10-01T09:00:00+07:00",
        "updated_at": "2026-11-20T14:30:00+07:00",
    },
    response_only=True,
)
SENSITIVE_EXAMPLE = OpenApiExample(
    "Sensitive data (audited)",
    value={
        "id": 301,
        "name": "Contoh Pencari Kerja",
        "nik": "3372054701900001",
        "kpd_number": "",
        "wg_disability": True,
        "ragam": ["sensorik"],
        "assistive_devices": ["screen_reader"],
        "assistive_devices_text": "",
        "communication_needs": ["written"],
        "accommodations": ["ACC-SR"],
        "accommodations_text": "",
        "disclosures": {"functioning": False, "ragam": True, "needs": True, "documents": False},
    },
    response_only=True,
)
CREATE_EXAMPLE = OpenApiExample(
    "Assisted registration",
    value={
        "name": "Contoh Pencari Kerja",
        "nik": "3372 0547 0190 0001",
        "birth_date": "1990-01-07",
        "gender": "female",
        "referral_source": "walk_in",
        "consents": ["specific_data", "matching", "sharing", "notifications"],
        "consent_channel": "in_person",
        "consent_basis": "read_aloud",
    },
    request_only=True,
)
REPORT_EXAMPLE = OpenApiExample(
    "A dry run with problems",
    value={
        "ok": False,
        "committed": False,
        "created": 0,
        "rows": 120,
        "fatal": "",
        "problems": [
            {"row": 3, "column": "NIK", "message": "A NIK has 16 digits."},
            {"row": 9, "column": "Tanggal lahir", "message": "Write the date as YYYY-MM-DD or DD/MM/YYYY."},
        ],
    },
    response_only=True,
)
FORMAT_PARAMETER = OpenApiParameter(
    "fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["csv", "xlsx"], description="csv or xlsx."
)
FILE_RESPONSE = OpenApiResponse(response=OpenApiTypes.BINARY, description="The file (attachment).")


class JobSeekerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, NIK or AK/1 number")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices)
    registration_channel = django_filters.ChoiceFilter(choices=RegistrationChannel.choices)
    registered_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    registered_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = JobSeeker
        fields: list[str] = []  # declared above: Meta fields would query the model at import, outside a city

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        nik = normalise_nik(value)
        condition = Q(name__icontains=value) | Q(ak1_number=value)
        if nik.isdigit() and len(nik) == 16:
            condition |= Q(nik=nik)
        return queryset.filter(condition)


class JobSeekerCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    registration_channel = serializers.CharField()


@extend_schema_view(
    list=extend_schema(
        tags=["job seekers"],
        summary="The city's caseload",
        description="No disability data and the NIK masked. Filters as the caseload page.",
        examples=[SEEKER_EXAMPLE],
    ),
    retrieve=extend_schema(tags=["job seekers"], summary="One case", examples=[SEEKER_EXAMPLE]),
    create=extend_schema(
        tags=["job seekers"],
        summary="Register a job seeker (assisted)",
        description=(
            "Staff or a partner register someone with the consent the person gave. The same NIK, or the "
            "same name and birth date, in this city is refused (400 on not_a_duplicate) until you confirm "
            "it is a different person."
        ),
        request=JobSeekerCreateSerializer,
        responses={201: JobSeekerCreatedSerializer},
        examples=[CREATE_EXAMPLE],
    ),
    partial_update=extend_schema(
        tags=["job seekers"],
        summary="Correct contact and administrative fields",
        request=JobSeekerUpdateSerializer,
        responses=JobSeekerSerializer,
        examples=[OpenApiExample("New phone", value={"phone": "081298765432"}, request_only=True), SEEKER_EXAMPLE],
    ),
)
class JobSeekerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """City staff: cases (the same permissions as the pages); partners: assisted registration only."""

    permission_required = {
        "list": "jobseekers.view_list",
        "retrieve": "jobseekers.manage_case",
        "create": "jobseekers.register_assisted",
        "partial_update": "jobseekers.manage_case",
        "case": "jobseekers.manage_case",
        "sensitive": "jobseekers.view_sensitive",
        "export": "jobseekers.export",
        "import_rows": "jobseekers.import",
    }
    serializer_class = JobSeekerSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = JobSeekerFilter
    ordering_fields = ["name", "created_at", "updated_at", "next_action_on"]
    ordering = ["name", "pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no city
            return QuerySet(model=JobSeeker).none()
        return JobSeeker.objects.filter(anonymised_at__isnull=True).select_related("assigned_officer")

    def retrieve(self, request, *args, **kwargs):
        seeker = self.get_object()
        context = {**self.get_serializer_context(), "consents": {seeker.pk: selectors.consents_latest(seeker)}}
        return Response(JobSeekerSerializer(seeker, context=context).data)

    def create(self, request, *args, **kwargs):
        data = JobSeekerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        consents = fields.pop("consents", [])
        not_a_duplicate = fields.pop("not_a_duplicate", False)
        fields["nik"] = normalise_nik(fields.get("nik", ""))
        found = selectors.jobseeker_duplicates(
            nik=fields["nik"], name=fields["name"], birth_date=fields.get("birth_date")
        )
        if found.exists() and not not_a_duplicate:
            raise ValidationError(
                {
                    "not_a_duplicate": _(
                        "Someone with the same NIK, or the same name and birth date, is already registered. "
                        "Check, then send not_a_duplicate: true if this is a different person."
                    )
                }
            )
        is_staff = Membership.objects.filter(
            user_id=request.user.pk, city_id=request.city.pk, role=Membership.Role.STAFF
        ).exists()
        basis = fields.pop("consent_basis", "")
        try:
            seeker = services.jobseeker_register(
                actor=request.user,
                channel=RegistrationChannel.STAFF if is_staff else RegistrationChannel.PARTNER,
                consents=dict.fromkeys(consents, True),
                consent_basis=basis,
                **fields,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "basis" in error.error_dict:
                error.error_dict["consent_basis"] = error.error_dict.pop("basis")
            raise
        body = {"id": seeker.pk, "name": seeker.name, "registration_channel": seeker.registration_channel}
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        seeker = self.get_object()
        data = JobSeekerUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        seeker = services.jobseeker_update(actor=request.user, job_seeker=seeker, **data.validated_data)
        return self.retrieve(request, *args, **kwargs)

    @extend_schema(
        tags=["job seekers"],
        summary="Change the case: status, officer, next action",
        description="Only the allowed status moves (registered → active → job-ready → ...); another is a 400.",
        request=CaseSerializer,
        responses=JobSeekerSerializer,
        examples=[OpenApiExample("Job-ready", value={"status": "job_ready"}, request_only=True), SEEKER_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def case(self, request, pk=None):
        seeker = self.get_object()
        data = CaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        officer = None
        officer_id = data.validated_data.get("assigned_officer")
        if officer_id is not None:
            member = Membership.objects.filter(
                user_id=officer_id, city_id=request.city.pk, role=Membership.Role.STAFF
            ).select_related("user")
            officer = member.first().user if member.exists() else None
            if officer is None:
                raise ValidationError({"assigned_officer": _("Choose a staff member of this city.")})
        services.case_update(
            actor=request.user,
            job_seeker=seeker,
            status=data.validated_data["status"],
            assigned_officer=officer if officer_id is not None else seeker.assigned_officer,
            next_action_on=data.validated_data.get("next_action_on", seeker.next_action_on),
        )
        return self.retrieve(request, pk=pk)

    @extend_schema(
        tags=["job seekers"],
        summary="Sensitive data of a case (audited)",
        description=(
            "Full NIK, disability category, assistive devices, communication and accommodation needs, and "
            "what the person shares with employers. Each read writes an access entry the person can see."
        ),
        responses=JobSeekerSensitiveSerializer,
        examples=[SENSITIVE_EXAMPLE],
    )
    @action(detail=True, methods=["get"])
    def sensitive(self, request, pk=None):
        seeker = self.get_object()
        audit.record_access(obj=seeker, groups=["identity", "disability", "needs"])
        return Response(JobSeekerSensitiveSerializer(seeker).data)

    @extend_schema(
        tags=["exchange"],
        summary="Export the caseload (CSV or XLSX)",
        description=(
            "The caseload export of the pages: the list's filters apply, the NIK is masked, one access entry "
            "per person exported."
        ),
        parameters=[FORMAT_PARAMETER],
        responses={(200, "text/csv"): FILE_RESPONSE, (200, exchange.XLSX_TYPE): FILE_RESPONSE},
    )
    @action(detail=False, methods=["get"], url_path=r"ekspor/(?P<fmt>csv|xlsx)", url_name="export")
    def export(self, request, fmt=None):
        seekers = self.filter_queryset(self.get_queryset()).order_by("name", "pk")
        body, content_type, people = imports.export(seekers, fmt)
        services.caseload_export_record(actor=request.user, seekers=people)
        return exchange.file_response(body, content_type, filename=f"pencari-kerja.{fmt}")

    @extend_schema(
        tags=["exchange"],
        summary="Import job seekers (XLSX or CSV)",
        description=(
            "The template and checks of the import page: every row is checked and each problem reported "
            "(row, column, message). dry_run=true (default) only checks; dry_run=false checks again and "
            "writes every row or none. Imported people have consent 'to be confirmed' and stay out of "
            "matching and sharing until they confirm. A failed commit answers 400 with the same report."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={200: ImportReportSerializer, 400: ImportReportSerializer},
        examples=[REPORT_EXAMPLE],
    )
    @action(detail=False, methods=["post"], url_path="impor", url_name="import")
    def import_rows(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        uploaded = upload.validated_data["file"]
        try:
            rows = imports.read_rows(uploaded.read(), uploaded.name or "")
        except ValueError as error:
            report = imports.Report(fatal=str(error))
            return Response(_report(report), status=status.HTTP_400_BAD_REQUEST)
        report, _cleaned = imports.check(rows)
        if upload.validated_data["dry_run"] or not report.ok:
            code = status.HTTP_200_OK if upload.validated_data["dry_run"] else status.HTTP_400_BAD_REQUEST
            return Response(_report(report), status=code)
        try:
            created = services.jobseekers_import(actor=request.user, rows=rows)
        except imports.ImportFailed as failure:  # a row changed between the check and the commit
            return Response(_report(failure.report), status=status.HTTP_400_BAD_REQUEST)
        return Response(_report(report, created=created))


def _report(report: imports.Report, *, created: int = 0) -> dict:
    """The import page's report as JSON (``ImportReportSerializer``); ``created`` > 0 only after a commit."""
    body = {
        "ok": report.ok,
        "committed": created > 0,
        "created": created,
        "rows": report.rows,
        "fatal": report.fatal,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in report.problems],
    }
    if not report.ok:
        message = report.fatal or _("The file has problems: nothing was imported.")
        body["error"] = {"code": "invalid", "message": message, "fields": {}}
    return body


ROUTES = [("pencari-kerja", JobSeekerViewSet, "jobseeker")]
