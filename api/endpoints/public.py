"""Public, no sign-in: a city's published vacancies (the public index), also as schema.org JobPosting.

``/api/v1/kota/<city_slug>/lowongan/``: the city comes from the URL like the public pages
(``cities.middleware``); an unknown or inactive city is a 404. Only what the public vacancy page
shows is returned (``employers.models.PublishedVacancy``).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.serializers import JOBPOSTING_SCHEMA, PublicVacancySerializer
from employers import selectors
from employers.jobposting import job_posting
from employers.models import Vacancy

CITY_SLUG = OpenApiParameter("city_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The city's slug.")
FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Words that must all appear (title, employer, occupation)."),
    OpenApiParameter("occupation", OpenApiTypes.STR, description="KBJI 2014 code prefix, e.g. 2512."),
    OpenApiParameter(
        "arrangement", OpenApiTypes.STR, enum=["on_site", "hybrid", "remote"], description="Work arrangement."
    ),
    OpenApiParameter("accommodation", OpenApiTypes.INT, description="An accommodation type id the vacancy offers."),
    OpenApiParameter(
        "reserved", OpenApiTypes.BOOL, description="Only vacancies reserved for persons with disabilities."
    ),
]
PUBLIC_EXAMPLE = OpenApiExample(
    "A published vacancy",
    value={
        "id": 41,
        "city": "surakarta",
        "title": "Operator data",
        "employer_name": "PT Contoh Inklusif",
        "occupation": "411001",
        "arrangement": "on_site",
        "employment_type": "permanent",
        "accommodation_ids": [3, 7],
        "reserved_for_pwd": False,
        "wage_min": 2500000,
        "wage_max": 3200000,
        "wage_negotiable": False,
        "deadline": "2027-01-31",
        "published_at": "2026-11-02T09:15:00+07:00",
        "url": "https://portal.example/kota/surakarta/lowongan/41/",
    },
    response_only=True,
)
JOBPOSTING_EXAMPLE = OpenApiExample(
    "JobPosting",
    value={
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": "Operator data",
        "description": "<p>Mengetik dan memeriksa data.</p>",
        "datePosted": "2026-11-02T09:15:00+07:00",
        "validThrough": "2027-01-31T23:59:59+07:00",
        "employmentType": "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": "PT Contoh Inklusif"},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Jl. Slamet Riyadi 1",
                "addressLocality": "Kota Surakarta",
                "addressRegion": "Jawa Tengah",
                "addressCountry": "ID",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "IDR",
            "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 2500000, "maxValue": 3200000},
        },
        "identifier": {"@type": "PropertyValue", "name": "PT Contoh Inklusif", "value": "41"},
        "totalJobOpenings": 2,
        "directApply": False,
        "url": "https://portal.example/kota/surakarta/lowongan/41/",
    },
    response_only=True,
)


def _text(value: str | None, limit: int) -> str:
    """A free-text query parameter cut to ``limit`` characters, without NUL (PostgreSQL refuses it in text: a 500)."""
    return (value or "").replace("\x00", "")[:limit]


def _is_id(value: str) -> bool:
    """ASCII digits only, fewer than 10 (``"²".isdigit()`` is true but ``int("²")`` raises: a 500)."""
    return value.isascii() and value.isdigit() and len(value) < 10


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes"}


@extend_schema_view(
    list=extend_schema(
        tags=["public"],
        summary="A city's published vacancies",
        description="Newest first. Public: no token needed.",
        parameters=[CITY_SLUG, *FILTERS],
        examples=[PUBLIC_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=["public"],
        summary="One published vacancy",
        parameters=[CITY_SLUG, OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        examples=[PUBLIC_EXAMPLE],
    ),
)
class PublicVacancyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only, public: ``PublishedVacancy`` rows of the URL's city (``employers.selectors.board_search``)."""

    permission_classes = [AllowAny]
    serializer_class = PublicVacancySerializer
    filter_backends: list = []  # the filters are board_search's, documented above
    lookup_field = "vacancy_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        city = getattr(self.request, "city", None)
        if city is None:
            raise Http404
        params = self.request.query_params
        accommodation = params.get("accommodation", "")
        return selectors.board_search(
            city_id=city.pk,
            q=_text(params.get("q"), 200),
            occupation=_text(params.get("occupation"), 10),
            arrangement=_text(params.get("arrangement"), 10),
            accommodation=int(accommodation) if _is_id(accommodation) else None,
            reserved_only=_truthy(params.get("reserved")),
        )

    def _postings(self, vacancy_ids: list[int]) -> list[dict]:
        vacancies = (
            Vacancy.objects.filter(pk__in=vacancy_ids, status=Vacancy.Status.PUBLISHED)
            .select_related("employer", "workplace", "city__province")
            .prefetch_related("esco_skills")  # JobPosting.skills, one query for the page
        )
        by_id = {v.pk: v for v in vacancies}
        return [job_posting(by_id[pk]) for pk in vacancy_ids if pk in by_id]

    @extend_schema(
        tags=["public"],
        summary="One published vacancy as schema.org JobPosting",
        operation_id="public_vacancy_jobposting",
        description="The JSON-LD Google and national job portals read (schema.org/JobPosting).",
        parameters=[CITY_SLUG, OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: JOBPOSTING_SCHEMA},
        examples=[JOBPOSTING_EXAMPLE],
    )
    @action(detail=True, methods=["get"], url_path="jobposting")
    def jobposting(self, request, *args, **kwargs):
        row = get_object_or_404(self.get_queryset(), vacancy_id=self.kwargs["id"])
        postings = self._postings([row.vacancy_id])
        if not postings:
            raise Http404
        return Response(postings[0])

    @extend_schema(
        tags=["public"],
        summary="A city's published vacancies as schema.org JobPosting",
        operation_id="public_vacancy_jobposting_list",
        description="The same list, filters and pages as the list, each vacancy as a JobPosting.",
        parameters=[CITY_SLUG, *FILTERS],
        responses={
            200: {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "next": {"type": "string", "format": "uri", "nullable": True},
                    "previous": {"type": "string", "format": "uri", "nullable": True},
                    "results": {"type": "array", "items": JOBPOSTING_SCHEMA},
                },
                "required": ["count", "results"],
            }
        },
        examples=[JOBPOSTING_EXAMPLE],
    )
    @action(detail=False, methods=["get"], url_path="jobposting")
    def jobpostings(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._postings([row.vacancy_id for row in page]))


ROUTES = [(r"kota/(?P<city_slug>[-a-zA-Z0-9_]+)/lowongan", PublicVacancyViewSet, "public-vacancy")]
