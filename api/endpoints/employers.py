"""Employers and vacancies: city staff (verify, review, publish, export) and an employer's own vacancies.

Every write goes through ``employers.services`` (the same rules as the pages); an
``EmployerError`` there (a transition that does not exist, an unverified employer ...) is a 409
``conflict``, a Django ``ValidationError`` a 400 ``invalid``.
"""

from __future__ import annotations

import datetime
from functools import partial

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api import exchange
from api.exceptions import Conflict, conflict_on
from api.parsers import JSONParser
from api.serializers import (
    EmployerSerializer,
    ImportReportSerializer,
    TransitionSerializer,
    VacancyInputSerializer,
    VacancySerializer,
)
from employers import imports, services
from employers.models import Employer, Vacancy
from reference.models import AccommodationType, Skill

EMPLOYER_EXAMPLE = OpenApiExample(
    "An employer",
    value={
        "id": 12,
        "legal_name": "PT Contoh Inklusif",
        "nib": "1234567890123",
        "sector": "private",
        "industry": "62019",
        "size": "medium",
        "address": "Jl. Slamet Riyadi 1, Surakarta",
        "contact_name": "Budi Santoso",
        "contact_email": "hr@contoh.example",
        "contact_phone": "0271 123456",
        "website": "https://contoh.example",
        "is_verified": True,
        "verified_at": "2026-10-01T10:00:00+07:00",
        "details_changed_at": None,
        "created_at": "2026-09-28T08:30:00+07:00",
    },
    response_only=True,
)
VACANCY_EXAMPLE = OpenApiExample(
    "A vacancy",
    value={
        "id": 41,
        "employer": 12,
        "employer_name": "PT Contoh Inklusif",
        "title": "Operator data",
        "occupation": "411001",
        "description": "<p>Mengetik dan memeriksa data pelanggan.</p>",
        "essential_tasks": "Memasukkan data dari formulir ke komputer.",
        "education_level": "sma",
        "skills": "Bahasa isyarat dasar",
        "experience": "Entri data di kantor",
        "experience_years": 1,
        "openings": 2,
        "employment_type": "permanent",
        "arrangement": "on_site",
        "working_hours": "08.00-16.00, Senin-Jumat",
        "wage_min": 2500000,
        "wage_max": 3200000,
        "wage_negotiable": False,
        "workplace": 5,
        "deadline": "2027-01-31",
        "accommodations": [3, 7],
        "esco_skills": [
            {
                "code": "S2.2",
                "label_en": "documenting and recording information",
                "label_id": "mendokumentasikan dan mencatat informasi",
                "esco_uri": "http://data.europa.eu/esco/skill/S2.2",
            }
        ],
        "accommodations_other": "",
        "recruitment_options": ["written_instructions"],
        "reserved_for_pwd": False,
        "status": "published",
        "review_note": "",
        "created_at": "2026-10-20T09:00:00+07:00",
        "updated_at": "2026-11-02T09:15:00+07:00",
        "submitted_at": "2026-10-21T10:00:00+07:00",
        "published_at": "2026-11-02T09:15:00+07:00",
        "ended_at": None,
    },
    response_only=True,
)
VACANCY_INPUT_EXAMPLE = OpenApiExample(
    "A new draft",
    value={
        "title": "Operator data",
        "description": "<p>Mengetik dan memeriksa data pelanggan.</p>",
        "essential_tasks": "Memasukkan data dari formulir ke komputer.",
        "employment_type": "permanent",
        "arrangement": "on_site",
        "working_hours": "08.00-16.00, Senin-Jumat",
        "wage_min": 2500000,
        "wage_max": 3200000,
        "deadline": "2027-01-31",
        "experience_years": 1,
        "accommodations": [3, 7],
        "esco_skills": ["S2.2"],
    },
    request_only=True,
)
TRANSITION_EXAMPLE = OpenApiExample("Publish", value={"to": "published"}, request_only=True)
FORMAT_PARAMETER = OpenApiParameter(
    "fmt", OpenApiTypes.STR, enum=["csv", "xlsx"], description="csv (UTF-8 with BOM, for Excel) or xlsx."
)
FILE_RESPONSE = OpenApiResponse(response=OpenApiTypes.BINARY, description="text/csv or an XLSX workbook (attachment).")


_service = partial(conflict_on, services.EmployerError)  # its EmployerError: a 409 conflict with its message


def _vacancies():
    """Vacancies with what ``VacancySerializer`` reads: a page is a fixed number of queries
    (the vacancies, their accommodations, their ESCO skills)."""
    return Vacancy.objects.select_related("employer", "occupation").prefetch_related(
        Prefetch("accommodations", queryset=AccommodationType.objects.only("pk")),
        Prefetch("esco_skills", queryset=Skill.objects.only("pk", "code", "label_en", "label_id", "esco_uri")),
    )


class VacancyImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or UTF-8 CSV (with or without BOM) with the import's columns.")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="true: check only. false (default): check and write all or none."
    )


class VacancyImportReportSerializer(ImportReportSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="The draft vacancies created.")


VACANCY_IMPORT_DOC = (
    "Every row becomes a new draft vacancy, checked with the vacancy page's rules (the form and "
    "employers.services.vacancy_save); the columns are the vacancy export's plus the form's fields "
    "(docs/api.md, exchange formats). Every problem is reported (row, column, message). When any row "
    "fails nothing is written and the answer is 400 with the report; when all pass every row is written "
    "in one transaction (201, with the ids). dry_run=true only checks (200). Files over 2 MiB or 500 rows "
    "are refused (400). Needs a token with the write scope."
)
VACANCY_IMPORT_EXAMPLES = [
    OpenApiExample(
        "All rows written",
        value={"ok": True, "committed": True, "created": 2, "rows": 2, "fatal": "", "problems": [], "ids": [41, 42]},
        response_only=True,
        status_codes=["201"],
    ),
    OpenApiExample(
        "A row fails: nothing written",
        value={
            "ok": False,
            "committed": False,
            "created": 0,
            "rows": 2,
            "fatal": "",
            "problems": [{"row": 3, "column": "Keterampilan ESCO", "message": "Unknown code: S9.9."}],
            "ids": [],
        },
        response_only=True,
        status_codes=["400"],
    ),
]


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="legal_name", lookup_expr="icontains", label="Name contains")
    verified = django_filters.BooleanFilter(field_name="verified_at", lookup_expr="isnull", exclude=True)
    sector = django_filters.ChoiceFilter(choices=Employer.Sector.choices)
    size = django_filters.ChoiceFilter(choices=Employer.Size.choices)

    class Meta:
        model = Employer
        fields: list[str] = []  # declared above: Meta fields would query the model at import, outside a city


@extend_schema_view(
    list=extend_schema(tags=["employers"], summary="The city's employers", examples=[EMPLOYER_EXAMPLE]),
    retrieve=extend_schema(tags=["employers"], summary="One employer", examples=[EMPLOYER_EXAMPLE]),
)
class EmployerViewSet(viewsets.ReadOnlyModelViewSet):
    """City staff: the city's employers; ``verify`` confirms one (``employers.services.employer_verify``)."""

    permission_required = {
        "list": "employers.view_list",
        "retrieve": "employers.view_list",
        "verify": "employers.verify",
    }
    serializer_class = EmployerSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = EmployerFilter
    ordering_fields = ["legal_name", "created_at", "verified_at"]
    ordering = ["legal_name", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no city
            return QuerySet(model=Employer).none()
        return Employer.objects.select_related("industry")

    @extend_schema(
        tags=["employers"],
        summary="Verify an employer",
        description="City staff confirm the organisation exists (NIB checked in OSS, or a government office).",
        request=None,
        examples=[EMPLOYER_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        employer = _service(services.employer_verify, actor=request.user, employer=self.get_object())
        return Response(EmployerSerializer(employer).data)


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date-time compared in UTC: PostgreSQL refuses offsets past ±15:59 that ISO allows."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError as error:
                raise ValidationError({self.field_name: _("This date and time is out of range.")}) from error
        return super().filter(qs, value)


class VacancyFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Vacancy.Status.choices)
    employer = django_filters.NumberFilter(field_name="employer_id")
    arrangement = django_filters.ChoiceFilter(choices=Vacancy._meta.get_field("arrangement").choices)
    employment_type = django_filters.ChoiceFilter(choices=Vacancy._meta.get_field("employment_type").choices)
    reserved_for_pwd = django_filters.BooleanFilter()
    published_after = UtcIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")

    class Meta:
        model = Vacancy
        fields: list[str] = []  # declared above (see EmployerFilter)


def _transition(request, vacancy: Vacancy) -> Response:
    serializer = TransitionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    vacancy = _service(services.vacancy_transition, actor=request.user, vacancy=vacancy, **serializer.validated_data)
    return Response(VacancySerializer(_vacancies().get(pk=vacancy.pk)).data)


TRANSITION_DOC = (
    "Move the vacancy along its workflow: draft → submitted (employer) → published (staff, verified "
    "employer only) → filled / closed; submitted → draft (returned for changes, with a note). "
    "A move that does not exist or that you may not make is a 409 conflict."
)


@extend_schema_view(
    list=extend_schema(tags=["vacancies"], summary="The city's vacancies (every status)", examples=[VACANCY_EXAMPLE]),
    retrieve=extend_schema(tags=["vacancies"], summary="One vacancy", examples=[VACANCY_EXAMPLE]),
)
class StaffVacancyViewSet(viewsets.ReadOnlyModelViewSet):
    """City staff: every vacancy of the city; review transitions (publish, return) and exports."""

    permission_required = {
        "list": "vacancies.review",
        "retrieve": "vacancies.review",
        "transition": "vacancies.review",
        "export": "vacancies.review",
        "import_rows": "vacancies.review",
    }
    serializer_class = VacancySerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = VacancyFilter
    ordering_fields = ["created_at", "published_at", "deadline", "title"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuerySet(model=Vacancy).none()
        return _vacancies()

    @extend_schema(
        tags=["vacancies"],
        summary="Change a vacancy's status",
        description=TRANSITION_DOC,
        request=TransitionSerializer,
        responses=VacancySerializer,
        examples=[TRANSITION_EXAMPLE, VACANCY_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        return _transition(request, self.get_object())

    @extend_schema(
        tags=["exchange"],
        summary="Export vacancies (CSV or XLSX)",
        description="The list's filters apply. Columns: see docs/api.md (exchange formats).",
        parameters=[FORMAT_PARAMETER],
        responses={(200, "text/csv"): FILE_RESPONSE, (200, exchange.XLSX_TYPE): FILE_RESPONSE},
    )
    @action(detail=False, methods=["get"], url_path=r"ekspor/(?P<fmt>csv|xlsx)", url_name="export")
    def export(self, request, fmt=None):
        vacancies = self.filter_queryset(self.get_queryset())
        return exchange.file_response(*exchange.vacancies_export(vacancies, fmt), filename=f"lowongan.{fmt}")

    @extend_schema(
        tags=["exchange"],
        summary="Import vacancies as drafts (XLSX or CSV), for any organisation of the city",
        description=VACANCY_IMPORT_DOC + " Each row names its organisation (Pemberi kerja: id, NIB or legal name).",
        request={"multipart/form-data": VacancyImportUploadSerializer},
        responses={
            200: VacancyImportReportSerializer,
            201: VacancyImportReportSerializer,
            400: VacancyImportReportSerializer,
        },
        examples=VACANCY_IMPORT_EXAMPLES,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="impor",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def import_rows(self, request):
        return _vacancy_import(request)


@extend_schema_view(
    list=extend_schema(tags=["own vacancies"], summary="My organisation's vacancies", examples=[VACANCY_EXAMPLE]),
    retrieve=extend_schema(
        tags=["own vacancies"], summary="One of my organisation's vacancies", examples=[VACANCY_EXAMPLE]
    ),
    create=extend_schema(
        tags=["own vacancies"],
        summary="Create a draft vacancy",
        request=VacancyInputSerializer,
        responses={201: VacancySerializer},
        examples=[VACANCY_INPUT_EXAMPLE, VACANCY_EXAMPLE],
    ),
    partial_update=extend_schema(
        tags=["own vacancies"],
        summary="Change a draft",
        description="Only a draft changes: withdraw a submitted vacancy to a draft first.",
        request=VacancyInputSerializer,
        responses=VacancySerializer,
        examples=[VACANCY_INPUT_EXAMPLE, VACANCY_EXAMPLE],
    ),
)
class OwnVacancyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """An employer member: their organisation's vacancies (``employers.services.vacancy_save``, transitions)."""

    permission_required = "employers.manage_own"
    serializer_class = VacancySerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = VacancyFilter
    ordering_fields = ["created_at", "published_at", "deadline", "title"]
    ordering = ["-created_at", "-pk"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuerySet(model=Vacancy).none()
        employer = services.employer_of(self.request.user)
        if employer is None:
            return Vacancy.objects.none()
        return _vacancies().filter(employer=employer)

    def _employer(self) -> Employer:
        employer = services.employer_of(self.request.user)
        if employer is None:
            raise Conflict(_no_organisation())
        return employer

    def create(self, request, *args, **kwargs):
        employer = self._employer()
        data = VacancyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vacancy = _service(services.vacancy_save, actor=request.user, employer=employer, **data.validated_data)
        return Response(VacancySerializer(_vacancies().get(pk=vacancy.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        vacancy = self.get_object()
        data = VacancyInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vacancy = _service(
            services.vacancy_save, actor=request.user, employer=vacancy.employer, vacancy=vacancy, **data.validated_data
        )
        return Response(VacancySerializer(_vacancies().get(pk=vacancy.pk)).data)

    @extend_schema(
        tags=["own vacancies"],
        summary="Submit, withdraw, close or mark filled",
        description=TRANSITION_DOC,
        request=TransitionSerializer,
        responses=VacancySerializer,
        examples=[OpenApiExample("Submit for review", value={"to": "submitted"}, request_only=True), VACANCY_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        return _transition(request, self.get_object())

    @extend_schema(
        tags=["own vacancies"],
        summary="Import my organisation's vacancies as drafts (XLSX or CSV)",
        description=VACANCY_IMPORT_DOC + " Pemberi kerja may be empty or name your organisation.",
        request={"multipart/form-data": VacancyImportUploadSerializer},
        responses={
            200: VacancyImportReportSerializer,
            201: VacancyImportReportSerializer,
            400: VacancyImportReportSerializer,
        },
        examples=VACANCY_IMPORT_EXAMPLES,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="impor",
        url_name="import",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def import_rows(self, request):
        self._employer()
        return _vacancy_import(request)


def _vacancy_import(request) -> Response:
    """Read the upload, run ``employers.imports.import_vacancies`` and answer with its report."""
    upload = VacancyImportUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    uploaded = upload.validated_data["file"]
    dry_run = upload.validated_data["dry_run"]
    if uploaded.size > imports.MAX_BYTES:
        report = imports.Report(fatal=_("The file is larger than 2 MB."))
    else:
        try:
            rows = imports.read_rows(uploaded.read(), uploaded.name or "")
        except ValueError as error:
            report = imports.Report(fatal=str(error))
        else:
            report = imports.import_vacancies(actor=request.user, rows=rows, commit=not dry_run)
    body = {
        "ok": report.ok,
        "committed": bool(report.created),
        "created": len(report.created),
        "rows": report.rows,
        "fatal": report.fatal,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in report.problems],
        "ids": report.created,
    }
    if not report.ok:
        message = report.fatal or _("The file has problems: nothing was imported.")
        body["error"] = {"code": "invalid", "message": message, "fields": {}}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


def _no_organisation() -> str:
    from django.utils.translation import gettext as _

    return _("Register your organisation on the portal first.")


ROUTES = [
    ("pemberi-kerja", EmployerViewSet, "employer"),
    ("lowongan", StaffVacancyViewSet, "vacancy"),
    ("lowongan-saya", OwnVacancyViewSet, "own-vacancy"),
]
