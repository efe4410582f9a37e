"""APEKSI: the cross-city aggregates of the APEKSI dashboard, read-only, suppressed like the page.

From ``dashboards`` rollups only (``dashboards.figures.apeksi_tables``: counts per city and month,
never a tenant table), with the dashboard's small-cell suppression: a count from 1 to 4 is ``"<5"``,
and a cell hidden only because a small one could be derived from it is ``"x"`` (any value).
The period and filters are checked by the dashboard's
own form (``dashboards.forms.ApeksiFilterForm``): the period is always one calendar year
(``tahun``; default this year, January to this month; ``dari``/``sampai`` without ``tahun``:
the year of ``sampai``), so that no two requests cover overlapping periods whose difference
would reveal a small count.
APEKSI users have no city, so they use the signed-in session (API tokens belong to one city).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from dashboards import figures
from dashboards.forms import ApeksiFilterForm
from dashboards.tables import Suppressed

TABLE_SCHEMA = {
    "type": "object",
    "properties": {
        "slug": {"type": "string"},
        "caption": {"type": "string"},
        "definition": {"type": "string"},
        "note": {"type": "string"},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "kind": {"type": "string", "description": "text, count, percent, ..."},
                },
                "required": ["key", "label", "kind"],
            },
        },
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": {
                    "description": (
                        'A number, a text, null (no figure), "<5" (a count of 1 to 4, suppressed) or "x" '
                        "(hidden only to protect another figure: any value, never 1 to 4)."
                    ),
                    "nullable": True,
                    "oneOf": [{"type": "number"}, {"type": "string"}],
                },
            },
        },
    },
    "required": ["slug", "caption", "columns", "rows"],
}
RESPONSE_SCHEMA = {
    "type": "object",
    "properties": {
        "period": {
            "type": "object",
            "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
            "required": ["from", "to"],
        },
        "rank": {"type": "string"},
        "province": {"type": "string"},
        "tables": {"type": "array", "items": TABLE_SCHEMA},
    },
    "required": ["period", "rank", "province", "tables"],
}
EXAMPLE = OpenApiExample(
    "Placements by city",
    value={
        "period": {"from": "2026-01", "to": "2026-11"},
        "rank": "placements",
        "province": "",
        "tables": [
            {
                "slug": "cities",
                "caption": "Indicators by city, January 2026 to November 2026",
                "definition": "",
                "note": "<5: fewer than 5 people (hidden to protect them). x: hidden to protect another figure.",
                "columns": [
                    {"key": "city", "label": "City", "kind": "text"},
                    {"key": "placements", "label": "Placements", "kind": "count"},
                ],
                "rows": [{"city": "Kota Surakarta", "placements": 42}, {"city": "Kota Bandung", "placements": "<5"}],
            }
        ],
    },
    response_only=True,
)


def _value(value):
    if isinstance(value, Suppressed):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _table(table) -> dict:
    return {
        "slug": table.slug,
        "caption": str(table.caption),
        "definition": str(table.definition or ""),
        "note": str(table.note or ""),
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in table.columns],
        "rows": [{key: _value(value) for key, value in row.items()} for row in table.rows],
    }


class ApeksiIndicatorViewSet(viewsets.ViewSet):
    """``GET``: every table of the APEKSI dashboard for a period, as JSON (suppressed)."""

    permission_required = "apeksi.view_dashboard"

    @extend_schema(
        tags=["apeksi"],
        summary="Cross-city indicators (aggregates only, suppressed)",
        description=__doc__,
        parameters=[
            OpenApiParameter(
                "tahun", OpenApiTypes.INT, description="Calendar year (default: this year, January to this month)."
            ),
            OpenApiParameter("dari", OpenApiTypes.STR, description="Older interface, YYYY-MM."),
            OpenApiParameter(
                "sampai", OpenApiTypes.STR, description="Older interface, YYYY-MM: without tahun, its year decides."
            ),
            OpenApiParameter("peringkat", OpenApiTypes.STR, enum=list(figures.RANKABLE), description="Rank by."),
            OpenApiParameter("provinsi", OpenApiTypes.STR, description="A province's Kemendagri code (2 digits)."),
        ],
        responses={200: RESPONSE_SCHEMA},
        examples=[EXAMPLE],
    )
    def list(self, request):
        cities = figures.active_cities()
        keys = ("tahun", "dari", "sampai", "peringkat", "provinsi")
        params = {key: request.query_params.get(key, "") for key in keys}
        form = ApeksiFilterForm(params, today=timezone.localdate(), provinces=figures.provinces_of(cities))
        if not form.is_valid():
            raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
        period = form.cleaned_data["period"] if "period" in form.cleaned_data else form.period()
        rank = form.cleaned_data.get("peringkat") or "placements"
        province = form.cleaned_data.get("provinsi") or ""
        view = figures.apeksi_tables(period, rank=rank, province=province, all_cities=cities)
        return Response(
            {
                "period": {"from": period.first.strftime("%Y-%m"), "to": period.last.strftime("%Y-%m")},
                "rank": view.rank_indicator,
                "province": province,
                "tables": [_table(table) for table in [*view.tables, figures.definitions_table()]],
            }
        )


ROUTES = [("apeksi/indikator", ApeksiIndicatorViewSet, "apeksi-indicators")]
