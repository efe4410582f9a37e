"""API of placements and their follow-ups (docs/api.md): the city's hires made through referrals,
closing one as retained or left, and recording follow-ups.

Registered under ``/api/v1/`` by ``api.urls`` (``ROUTES`` below). Every write calls
``placements.services`` (the same rules as the pages): a move the workflow or the actor's role does
not allow (``PlacementError``) is a 409 ``conflict``; a Django ``ValidationError`` is a 400
``invalid``. Reads of accommodation details (the accommodation provided, whether it works,
follow-up issues) appear only on single objects and are audited (``accounts.audit.record_access``,
group ``needs``), like the pages' sensitive reads.
"""

from __future__ import annotations

from functools import partial

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.audit import record_access
from api.exceptions import Conflict, conflict_on
from employers.models import EmploymentType
from placements import services
from placements.models import FollowUp, Placement, SocialSecurityProgramme
from placements.services import PlacementError

_service = partial(conflict_on, PlacementError)


# --- Serializers: shapes only ------------------------------------------------------------------------
class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    placement = serializers.IntegerField(source="placement_id")
    months = serializers.IntegerField()
    due_on = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)
    still_employed = serializers.BooleanField(allow_null=True)


class FollowUpDetailSerializer(FollowUpSerializer):
    accommodation_working = serializers.BooleanField(allow_null=True)
    issues = serializers.CharField()
    next_step = serializers.CharField()


class PlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referral = serializers.IntegerField(source="referral_id")
    job_seeker = serializers.IntegerField(source="referral.job_seeker_id")
    job_seeker_name = serializers.CharField(source="referral.job_seeker.name")
    vacancy = serializers.IntegerField(source="referral.vacancy_id")
    vacancy_title = serializers.CharField(source="referral.vacancy.title")
    employer_name = serializers.CharField(source="referral.vacancy.employer.legal_name")
    start_date = serializers.DateField()
    wage = serializers.IntegerField(help_text="Monthly wage in rupiah.")
    contract_type = serializers.ChoiceField(choices=EmploymentType.choices)
    outcome = serializers.ChoiceField(choices=Placement.Outcome.choices)
    left_reason = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    offered_on = serializers.DateField(allow_null=True, help_text="The day of the offer (the city's calendar).")
    backdated_reason = serializers.CharField(
        help_text="Why the person started before the offer or referral; empty unless the placement is back-dated."
    )
    bpjs_enrolled = serializers.BooleanField(
        allow_null=True, help_text="Enrolled in BPJS Ketenagakerjaan: true, false, or null when not known."
    )
    bpjs_kpj_number = serializers.CharField(help_text="The 11-digit KPJ number, when enrolled and known.")
    bpjs_programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=SocialSecurityProgramme.choices), help_text="JKK, JKM, JHT, JP."
    )


class PlacementDetailSerializer(PlacementSerializer):
    accommodation_provided = serializers.CharField()
    followups = FollowUpSerializer(many=True, source="followups.all")


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[Placement.Outcome.RETAINED, Placement.Outcome.LEFT])
    left_reason = serializers.ChoiceField(choices=Placement.LeftReason.choices, required=False, allow_blank=True)


class FollowUpInputSerializer(serializers.Serializer):
    still_employed = serializers.BooleanField()
    accommodation_working = serializers.BooleanField(allow_null=True, required=False, default=None)
    issues = serializers.CharField(required=False, allow_blank=True, default="")
    next_step = serializers.CharField(required=False, allow_blank=True, default="")
    left_reason = serializers.ChoiceField(
        choices=Placement.LeftReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the person is no longer employed.",
    )


# --- Examples -------------------------------------------------------------------------------------------
PLACEMENT_EXAMPLE = OpenApiExample(
    "A placement",
    value={
        "id": 17,
        "referral": 88,
        "job_seeker": 301,
        "job_seeker_name": "Contoh Pencari Kerja",
        "vacancy": 41,
        "vacancy_title": "Operator data",
        "employer_name": "PT Contoh Inklusif",
        "start_date": "2026-12-01",
        "wage": 3000000,
        "contract_type": "permanent",
        "outcome": "active",
        "left_reason": "",
        "closed_at": None,
        "created_at": "2026-11-20T09:00:00+07:00",
        "offered_on": "2026-11-18",
        "backdated_reason": "",
        "bpjs_enrolled": True,
        "bpjs_kpj_number": "12345678901",
        "bpjs_programmes": ["jkk", "jkm"],
    },
    response_only=True,
)
FOLLOWUP_EXAMPLE = OpenApiExample(
    "A follow-up",
    value={"id": 51, "placement": 17, "months": 1, "due_on": "2027-01-01", "done_at": None, "still_employed": None},
    response_only=True,
)


# --- Placements -------------------------------------------------------------------------------------------
class PlacementFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=Placement.Outcome.choices)
    started_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    started_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Placement
        fields: list[str] = []


def placement_queryset() -> QuerySet[Placement]:
    """Placements with what their list and detail show (the person, the vacancy, the follow-ups)."""
    return Placement.objects.select_related("referral__job_seeker", "referral__vacancy__employer").prefetch_related(
        "followups"
    )


@extend_schema_view(
    list=extend_schema(
        tags=["placements"],
        summary="The city's placements",
        description="Filters: outcome, started_from, started_to (dates).",
        examples=[PLACEMENT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["placements"],
        summary="One placement with its follow-ups",
        description="The accommodation provided is an accommodation need: reading it is audited.",
        responses=PlacementDetailSerializer,
        examples=[PLACEMENT_EXAMPLE],
    ),
)
class PlacementViewSet(viewsets.ReadOnlyModelViewSet):
    """City staff: hires made through referrals, their follow-ups and outcome; ``close`` ends one."""

    permission_required = {
        "list": "placements.view_worklist",
        "retrieve": "placements.view_worklist",
        "close": "placements.view_worklist",
    }
    serializer_class = PlacementSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = PlacementFilter
    ordering_fields = ["start_date", "created_at"]
    ordering = ["-start_date", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuerySet(model=Placement).none()
        return placement_queryset()

    def retrieve(self, request, *args, **kwargs):
        placement = self.get_object()
        if placement.accommodation_provided:
            record_access(obj=placement.referral.job_seeker, groups=["needs"])
        return Response(PlacementDetailSerializer(placement).data)

    @extend_schema(
        tags=["placements"],
        summary="Close a placement as retained or left",
        description=(
            "Left needs a coded reason and moves the person's case back to job-ready; open follow-ups are dropped. "
            "A placement already closed is a 409 conflict."
        ),
        request=CloseSerializer,
        responses=PlacementDetailSerializer,
        examples=[
            OpenApiExample("Left", value={"outcome": "left", "left_reason": "contract_ended"}, request_only=True)
        ],
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        placement = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if placement.outcome != Placement.Outcome.ACTIVE:
            raise Conflict(_("This placement is already closed."))
        _service(services.placement_close, actor=request.user, placement=placement, **data.validated_data)
        return Response(PlacementDetailSerializer(placement_queryset().get(pk=placement.pk)).data)


# --- Follow-ups ---------------------------------------------------------------------------------------
class FollowUpFilter(django_filters.FilterSet):
    done = django_filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    placement = django_filters.NumberFilter(field_name="placement_id")

    class Meta:
        model = FollowUp
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        tags=["follow-ups"],
        summary="The city's follow-ups",
        description="Filters: done (true/false), due_before (date), placement.",
        examples=[FOLLOWUP_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["follow-ups"],
        summary="One follow-up",
        description="Whether the accommodation works and the issues raised are audited reads.",
        responses=FollowUpDetailSerializer,
    ),
)
class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    """City staff: follow-ups of placements; ``record`` fills one in (``placements.services.followup_record``)."""

    permission_required = {
        "list": "placements.view_worklist",
        "retrieve": "placements.view_worklist",
        "record": "placements.view_worklist",
    }
    serializer_class = FollowUpSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = FollowUpFilter
    ordering_fields = ["due_on", "done_at"]
    ordering = ["due_on", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuerySet(model=FollowUp).none()
        return FollowUp.objects.select_related("placement__referral__job_seeker")

    def _detail(self, followup: FollowUp) -> Response:
        if followup.accommodation_working is not None or followup.issues:
            record_access(obj=followup.placement.referral.job_seeker, groups=["needs"])
        return Response(FollowUpDetailSerializer(followup).data)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(
        tags=["follow-ups"],
        summary="Record a follow-up",
        description=(
            "Not employed any more closes the placement as left (left_reason needed); the last scheduled "
            "follow-up with the person still employed closes it as retained. Recording one twice is a 409 conflict; "
            "before the placement's start date it is a 400."
        ),
        request=FollowUpInputSerializer,
        responses=FollowUpDetailSerializer,
        examples=[
            OpenApiExample(
                "Still employed",
                value={"still_employed": True, "accommodation_working": True, "issues": "", "next_step": ""},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        followup = self.get_object()
        data = FollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _service(services.followup_record, actor=request.user, followup=followup, **data.validated_data)
        return self._detail(get_object_or_404(self.get_queryset(), pk=followup.pk))


ROUTES = [
    ("placements", PlacementViewSet, "placement"),
    ("follow-ups", FollowUpViewSet, "followup"),
]
