"""API of referrals (docs/api.md): the city's referrals with their transitions as actions.

Registered under ``/api/v1/`` by ``api.urls`` (``ROUTES`` below). Every write calls
``placements.services`` (the same rules as the pages): a move the workflow or the actor's role does
not allow (``PlacementError``) is a 409 ``conflict``; a Django ``ValidationError`` is a 400
``invalid``. Interview accommodations appear only on a single referral and reading them is audited
(``accounts.audit.record_access``, group ``needs``), like the pages' sensitive reads. Hiring
(``place``) answers with the placement (``api.endpoints.placements``).
"""

from __future__ import annotations

from functools import partial

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.audit import record_access
from api.endpoints.placements import PLACEMENT_EXAMPLE, PlacementDetailSerializer, placement_queryset
from api.exceptions import conflict_on
from api.serializers import ON_BEHALF_BASES as API_BASES
from api.serializers import ON_BEHALF_CHANNELS as API_CHANNELS
from employers.models import EmploymentType, Vacancy
from jobseekers.models import DISCLOSURE_GROUPS, JobSeeker
from placements import services
from placements.models import InterviewAccommodation, Referral, SocialSecurityProgramme
from placements.services import REASON_MAX_LENGTH, PlacementError

_service = partial(conflict_on, PlacementError)


# --- Serializers: shapes only ------------------------------------------------------------------------
@extend_schema_field(OpenApiTypes.INT)
class CityPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key looked up in the current city only (another city's id is "does not exist")."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()


class ReferralEventSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor_kind = serializers.CharField()
    note = serializers.CharField()
    at = serializers.DateTimeField()


class InterviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    accommodations = serializers.ListField(child=serializers.ChoiceField(choices=InterviewAccommodation.choices))
    accommodation_note = serializers.CharField()
    confirmed_at = serializers.DateTimeField(allow_null=True)


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    job_seeker = serializers.IntegerField(source="job_seeker_id")
    job_seeker_name = serializers.CharField(source="job_seeker.name")
    vacancy = serializers.IntegerField(source="vacancy_id")
    vacancy_title = serializers.CharField(source="vacancy.title")
    employer_name = serializers.CharField(source="vacancy.employer.legal_name")
    disclosed = serializers.ListField(child=serializers.CharField(), help_text="What the employer may see.")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    note = serializers.CharField()
    rejection_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ReferralDetailSerializer(ReferralSerializer):
    history = ReferralEventSerializer(many=True, source="events.all")
    interviews = InterviewSerializer(many=True, source="interviews.all")


class ProposeSerializer(serializers.Serializer):
    job_seeker = CityPrimaryKeyField(JobSeeker)
    vacancy = CityPrimaryKeyField(Vacancy)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Referral.RejectionReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InterviewInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    accommodations = serializers.ListField(
        child=serializers.ChoiceField(choices=InterviewAccommodation.choices), required=False, default=list
    )
    accommodation_note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Why the request is not sent on; the person reads it."
    )


class ConfirmForPersonSerializer(serializers.Serializer):
    """A confirmation staff record for the person who came to the desk or called
    (``placements.services.referral_confirm_for_person``)."""

    disclosed = serializers.ListField(
        child=serializers.ChoiceField(choices=list(DISCLOSURE_GROUPS)),
        required=False,
        default=list,
        help_text="What the employer may see, chosen with the person.",
    )
    channel = serializers.ChoiceField(choices=API_CHANNELS)
    basis = serializers.ChoiceField(
        choices=API_BASES,
        help_text="How the person gave the decision. A signed paper form needs its scan: use the page.",
    )
    guardian_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    guardian_relation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    give_sharing_consent = serializers.BooleanField(
        required=False, default=False, help_text="Record the person's consent to sharing now, with the same basis."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlaceSerializer(serializers.Serializer):
    start_date = serializers.DateField()
    wage = serializers.IntegerField(min_value=0, help_text="Monthly wage in rupiah.")
    contract_type = serializers.ChoiceField(choices=EmploymentType.choices)
    accommodation_provided = serializers.CharField(required=False, allow_blank=True, default="")
    backdated_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="Needed when start_date is before the offer (or the referral): why the person started earlier.",
    )
    bpjs_enrolled = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Enrolled in BPJS Ketenagakerjaan (null: not known)."
    )
    bpjs_kpj_number = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The 11-digit KPJ number, only when enrolled."
    )
    bpjs_programmes = serializers.ListField(
        child=serializers.ChoiceField(choices=SocialSecurityProgramme.choices),
        required=False,
        default=list,
        help_text="JKK, JKM, JHT, JP: only when enrolled.",
    )


# --- Examples -------------------------------------------------------------------------------------------
REFERRAL_EXAMPLE = OpenApiExample(
    "A referral",
    value={
        "id": 88,
        "status": "interview",
        "job_seeker": 301,
        "job_seeker_name": "Contoh Pencari Kerja",
        "vacancy": 41,
        "vacancy_title": "Operator data",
        "employer_name": "PT Contoh Inklusif",
        "disclosed": ["needs"],
        "score": "82.50",
        "note": "Cocok untuk pekerjaan administrasi.",
        "rejection_reason": "",
        "created_at": "2026-11-02T09:00:00+07:00",
        "updated_at": "2026-11-05T10:00:00+07:00",
    },
    response_only=True,
)
REFERRAL_DETAIL_EXAMPLE = OpenApiExample(
    "A referral with its history (interview accommodations: an audited read)",
    value={
        **REFERRAL_EXAMPLE.value,
        "history": [
            {
                "from_status": "",
                "to_status": "proposed",
                "actor_kind": "staff",
                "note": "",
                "at": "2026-11-02T09:00:00+07:00",
            },
            {
                "from_status": "proposed",
                "to_status": "confirmed",
                "actor_kind": "person",
                "note": "",
                "at": "2026-11-03T08:00:00+07:00",
            },
            {
                "from_status": "confirmed",
                "to_status": "interview",
                "actor_kind": "staff",
                "note": "",
                "at": "2026-11-05T10:00:00+07:00",
            },
        ],
        "interviews": [
            {
                "id": 14,
                "starts_at": "2026-11-10T09:30:00+07:00",
                "place": "Kantor pusat, lantai 1",
                "accommodations": ["interpreter", "extra_time"],
                "accommodation_note": "",
                "confirmed_at": None,
            }
        ],
    },
    response_only=True,
)


# --- Referrals --------------------------------------------------------------------------------------------
class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Referral.Status.choices)
    vacancy = django_filters.NumberFilter(field_name="vacancy_id")
    job_seeker = django_filters.NumberFilter(field_name="job_seeker_id")

    class Meta:
        model = Referral
        fields: list[str] = []  # declared above: Meta fields would query the model at import, outside a city


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related("job_seeker", "vacancy__employer")


def _audit_interviews(referral: Referral) -> None:
    if any(i.accommodations or i.accommodation_note for i in referral.interviews.all()):
        record_access(obj=referral.job_seeker, groups=["needs"])


def _referral_detail(pk: int) -> Response:
    referral = _referrals().prefetch_related("events", "interviews").get(pk=pk)
    _audit_interviews(referral)
    return Response(ReferralDetailSerializer(referral).data)


TRANSITIONS_DOC = (
    "The workflow: proposed → confirmed (by the person, choosing what the employer may see, or by staff for "
    "the person with the consent basis) → interview → offered → placed; declined by the person; rejected "
    "(coded reason) or withdrawn from any open stage. A referral the person asked for themselves waits as "
    "requested until an officer sends it on (→ confirmed) or declines it with a reason (→ not_sent); the "
    "employer sees nothing before confirmed. A move the workflow or your role does not allow is a 409 conflict."
)


@extend_schema_view(
    list=extend_schema(
        tags=["referrals"],
        summary="The city's referrals",
        description="Filters: status, vacancy, job_seeker. No accommodation details in lists.",
        examples=[REFERRAL_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["referrals"],
        summary="One referral with its history and interviews",
        description="Interview accommodations are accommodation needs: reading them is written to the audit trail.",
        responses=ReferralDetailSerializer,
        examples=[REFERRAL_DETAIL_EXAMPLE],
    ),
    create=extend_schema(
        tags=["referrals"],
        summary="Propose a referral",
        description="Staff propose a job seeker for a published vacancy; the person is asked to confirm. "
        + TRANSITIONS_DOC,
        request=ProposeSerializer,
        responses={201: ReferralDetailSerializer},
        examples=[
            OpenApiExample("Propose", value={"job_seeker": 301, "vacancy": 41, "note": "Cocok."}, request_only=True),
            REFERRAL_DETAIL_EXAMPLE,
        ],
    ),
)
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """City staff: referrals of the city and their transitions (``placements.services``)."""

    permission_required = {
        "list": "placements.match",
        "retrieve": "placements.match",
        "create": "placements.match",
        "interview": "placements.match",
        "offer": "placements.match",
        "reject": "placements.match",
        "withdraw": "placements.match",
        "place": "placements.match",
        "send_on": "placements.match",
        "decline_request": "placements.match",
        "confirm_for_person": "placements.match",
    }
    serializer_class = ReferralSerializer
    lookup_value_regex = "[0-9]+"
    filterset_class = ReferralFilter
    ordering_fields = ["created_at", "updated_at", "status"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no city
            return QuerySet(model=Referral).none()
        return _referrals()

    def retrieve(self, request, *args, **kwargs):
        return _referral_detail(self.get_object().pk)

    def create(self, request, *args, **kwargs):
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = _service(services.referral_propose, actor=request.user, **data.validated_data)
        response = _referral_detail(referral.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    def _move(self, request, call, serializer_class, **extra) -> Response:
        referral = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        _service(call, actor=request.user, referral=referral, **data.validated_data, **extra)
        return _referral_detail(referral.pk)

    @extend_schema(
        tags=["referrals"],
        summary="Schedule (or re-schedule) an interview",
        description="With the accommodations asked; the employer confirms them before an offer. An interview "
        "before the day of the referral is a 400 on starts_at. " + TRANSITIONS_DOC,
        request=InterviewInputSerializer,
        responses=ReferralDetailSerializer,
        examples=[
            OpenApiExample(
                "Interview",
                value={
                    "starts_at": "2026-11-10T09:30:00+07:00",
                    "place": "Kantor pusat",
                    "accommodations": ["interpreter"],
                },
                request_only=True,
            ),
            REFERRAL_DETAIL_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        return self._move(request, services.interview_schedule, InterviewInputSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Record an offer",
        description="After the interview; its accommodations must be confirmed first. Before the day of the "
        "latest interview it is a 400. " + TRANSITIONS_DOC,
        request=NoteSerializer,
        responses=ReferralDetailSerializer,
        examples=[REFERRAL_DETAIL_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        return self._move(request, services.referral_offer, NoteSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Not selected, with a coded reason",
        request=RejectSerializer,
        responses=ReferralDetailSerializer,
        examples=[OpenApiExample("Reject", value={"reason": "position_filled", "note": ""}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._move(request, services.referral_reject, RejectSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Withdraw the referral",
        request=NoteSerializer,
        responses=ReferralDetailSerializer,
        examples=[OpenApiExample("Withdraw", value={"note": "The person found another job."}, request_only=True)],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(request, services.referral_withdraw, NoteSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Send a person's request on to the employer",
        description="A referral the person asked for (status requested) goes to the employer with what they "
        "chose to disclose. " + TRANSITIONS_DOC,
        request=NoteSerializer,
        responses=ReferralDetailSerializer,
        examples=[REFERRAL_DETAIL_EXAMPLE],
    )
    @action(detail=True, methods=["post"], url_path="send-on")
    def send_on(self, request, pk=None):
        return self._move(request, services.referral_request_send_on, NoteSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Decline a person's request",
        description="The request is not sent on; the person reads the reason on their referrals. " + TRANSITIONS_DOC,
        request=DeclineRequestSerializer,
        responses=ReferralDetailSerializer,
        examples=[
            OpenApiExample("Decline", value={"reason": "The vacancy needs a driving licence."}, request_only=True)
        ],
    )
    @action(detail=True, methods=["post"], url_path="decline-request")
    def decline_request(self, request, pk=None):
        return self._move(request, services.referral_request_decline, DeclineRequestSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Confirm for the person",
        description=(
            "The person, at the desk or on the phone, confirms a proposed referral (or their request) and chooses "
            "what the employer may see; the officer records it with how the person gave it (basis) and, for a family "
            "member or interpreter, their name. Without the person's consent to sharing it is a 409 unless "
            "give_sharing_consent records it now. " + TRANSITIONS_DOC
        ),
        request=ConfirmForPersonSerializer,
        responses=ReferralDetailSerializer,
        examples=[
            OpenApiExample(
                "At the desk",
                value={"disclosed": ["needs"], "channel": "in_person", "basis": "read_aloud"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="confirm-for-person")
    def confirm_for_person(self, request, pk=None):
        return self._move(request, services.referral_confirm_for_person, ConfirmForPersonSerializer)

    @extend_schema(
        tags=["referrals"],
        summary="Record the hire",
        description=(
            "The referral becomes placed, follow-ups are scheduled (the city's months, default 1, 3, 6) and the "
            "person's case moves to placed. A start_date before the offer (or the referral) is back-dated: it needs "
            "backdated_reason, else a 400 on start_date. " + TRANSITIONS_DOC
        ),
        request=PlaceSerializer,
        responses={201: PlacementDetailSerializer},
        examples=[
            OpenApiExample(
                "Hire",
                value={"start_date": "2026-12-01", "wage": 3000000, "contract_type": "permanent"},
                request_only=True,
            ),
            PLACEMENT_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def place(self, request, pk=None):
        referral = self.get_object()
        data = PlaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        placement = _service(services.placement_record, actor=request.user, referral=referral, **data.validated_data)
        return Response(
            PlacementDetailSerializer(placement_queryset().get(pk=placement.pk)).data, status=status.HTTP_201_CREATED
        )


ROUTES = [("referrals", ReferralViewSet, "referral")]
