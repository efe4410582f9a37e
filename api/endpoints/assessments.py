"""API of workplace accessibility assessments (docs/api.md): read only.

- ``/api/v1/assessments/`` (``assessments.conduct``): city staff see every visit of the city; a
  partner only the visits they are named on (as on the pages);
- ``/api/v1/employer-assessments/`` (``assessments.view_own``): an employer's reports that the
  IJC has shared, for the employer's own workplaces.

A single assessment carries its scores per area and the result of every checklist item (taking
re-assessments into account: ``assessments.services.effective_results``). Workplace assessments
hold no personal data, so reads are not audited. Registered under ``/api/v1/`` by ``api.urls``
(``ROUTES`` below); the framework (authentication, permissions from ``permission_required``,
pagination, filtering, errors) comes from the ``REST_FRAMEWORK`` defaults.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from assessments import selectors, services
from assessments.models import Assessment
from employers.services import employer_of


class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    workplace = serializers.IntegerField(source="workplace_id")
    workplace_name = serializers.CharField(source="workplace.name")
    employer = serializers.IntegerField(source="workplace.employer_id")
    employer_name = serializers.CharField(source="workplace.employer.legal_name")
    checklist = serializers.CharField(source="version.code")
    previous = serializers.IntegerField(source="previous_id", allow_null=True, help_text="Set on a re-assessment.")
    scheduled_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)
    completed_at = serializers.DateTimeField(allow_null=True)
    shared_at = serializers.DateTimeField(allow_null=True)


class AreaScoreSerializer(serializers.Serializer):
    area = serializers.CharField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    open = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text="Passed of the items that apply, in %.")


class ItemResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    area = serializers.CharField()
    title = serializers.CharField()
    requirement = serializers.CharField()
    threshold = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()
    measured = serializers.CharField()
    outcome = serializers.CharField(help_text="pass, fail, na, or empty while not checked.")
    note = serializers.CharField()
    recommendation = serializers.CharField()
    priority = serializers.CharField()
    cost_level = serializers.CharField()
    progress = serializers.CharField()
    assessment = serializers.IntegerField(source="assessment_id", help_text="Where this result was recorded.")


class AssessmentDetailSerializer(AssessmentSerializer):
    summary = serializers.CharField()
    overall = AreaScoreSerializer()
    areas = AreaScoreSerializer(many=True)
    results = ItemResultSerializer(many=True)


ASSESSMENT_EXAMPLE = OpenApiExample(
    "An assessment",
    value={
        "id": 9,
        "workplace": 5,
        "workplace_name": "Kantor pusat",
        "employer": 12,
        "employer_name": "PT Contoh Inklusif",
        "checklist": "2017-permen-pupr-14",
        "previous": None,
        "scheduled_on": "2026-11-12",
        "status": "shared",
        "completed_at": "2026-11-12T15:00:00+07:00",
        "shared_at": "2026-11-13T09:00:00+07:00",
    },
    response_only=True,
)
DETAIL_EXAMPLE = OpenApiExample(
    "An assessment with its results",
    value={
        **ASSESSMENT_EXAMPLE.value,
        "summary": "Pintu masuk utama terlalu sempit.",
        "overall": {"area": "", "passed": 30, "failed": 2, "not_applicable": 6, "open": 0, "percent": 93},
        "areas": [{"area": "Entrance", "passed": 4, "failed": 1, "not_applicable": 0, "open": 0, "percent": 80}],
        "results": [
            {
                "code": "DOOR-01",
                "area": "Entrance",
                "title": "Door clear width",
                "requirement": "Clear opening of at least 90 cm.",
                "threshold": "90",
                "unit": "cm",
                "source": "Permen PUPR 14/2017",
                "measured": "80",
                "outcome": "fail",
                "note": "",
                "recommendation": "Widen the door or fit a double leaf.",
                "priority": "high",
                "cost_level": "medium",
                "progress": "todo",
                "assessment": 9,
            }
        ],
    },
    response_only=True,
)


class AssessmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices)
    workplace = django_filters.NumberFilter(field_name="workplace_id")
    employer = django_filters.NumberFilter(field_name="workplace__employer_id")
    scheduled_from = django_filters.DateFilter(field_name="scheduled_on", lookup_expr="gte")
    scheduled_to = django_filters.DateFilter(field_name="scheduled_on", lookup_expr="lte")

    class Meta:
        model = Assessment
        fields: list[str] = []  # declared above: Meta fields would query the model at import, outside a city


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related("workplace__employer", "version")


def _detail(assessment: Assessment) -> dict:
    scores = selectors.assessment_scores(assessment)
    data = dict(AssessmentSerializer(assessment).data)
    data["summary"] = assessment.summary
    data["overall"] = AreaScoreSerializer(scores.overall).data
    data["areas"] = AreaScoreSerializer(scores.areas, many=True).data
    data["results"] = ItemResultSerializer([result for area in scores.areas for result in area.results], many=True).data
    return data


class _ReadOnlyAssessments(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = AssessmentFilter
    ordering_fields = ["scheduled_on", "completed_at"]
    ordering = ["-scheduled_on", "-pk"]

    def retrieve(self, request, *args, **kwargs):
        return Response(_detail(self.get_object()))


@extend_schema_view(
    list=extend_schema(
        tags=["assessments"],
        summary="The city's workplace assessments",
        description=(
            "Staff: every visit; a partner: the visits they are named on. Filters: status, workplace, employer, "
            "scheduled_from, scheduled_to."
        ),
        examples=[ASSESSMENT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["assessments"],
        summary="One assessment with scores and item results",
        responses=AssessmentDetailSerializer,
        examples=[DETAIL_EXAMPLE],
    ),
)
class AssessmentViewSet(_ReadOnlyAssessments):
    """Staff and partners: assessments (read only)."""

    permission_required = {"list": "assessments.conduct", "retrieve": "assessments.conduct"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no city
            return QuerySet(model=Assessment).none()
        queryset = _assessments()
        if not services.is_staff(self.request.user):
            queryset = queryset.filter(assessors__user_id=self.request.user.pk)
        return queryset


@extend_schema_view(
    list=extend_schema(
        tags=["assessments"],
        summary="My organisation's shared assessment reports",
        description="Only reports the IJC has shared, of the employer's own workplaces.",
        examples=[ASSESSMENT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["assessments"],
        summary="One shared report with scores and item results",
        responses=AssessmentDetailSerializer,
        examples=[DETAIL_EXAMPLE],
    ),
)
class EmployerAssessmentViewSet(_ReadOnlyAssessments):
    """Employers: the shared reports of their own workplaces (read only)."""

    permission_required = {"list": "assessments.view_own", "retrieve": "assessments.view_own"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuerySet(model=Assessment).none()
        employer = employer_of(self.request.user)
        if employer is None:
            return Assessment.objects.none()
        return _assessments().filter(workplace__employer=employer, status=Assessment.Status.SHARED)


ROUTES = [
    ("assessments", AssessmentViewSet, "assessment"),
    ("employer-assessments", EmployerAssessmentViewSet, "employer-assessment"),
]
