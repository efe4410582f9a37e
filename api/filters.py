"""The filter backend of the API: django-filter's, named so the schema can describe it without a city."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend


class CityFilterBackend(DjangoFilterBackend):
    """``DjangoFilterBackend`` unchanged at request time (the view's queryset is the city's).

    Exists so ``api.schema.CityDjangoFilterExtension`` can document filters of tenant models: the
    stock extension asks the model's default manager for ``none()``, which raises outside a city.
    FilterSets of tenant models must declare their filters (no ``Meta.fields``) for the same reason.
    """
