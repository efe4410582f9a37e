"""Test-only URLconf for the attack tests (never routed in the real portal)."""

from django.http import JsonResponse
from django.urls import path

from cities.tenancy import current_city_id
from jobseekers.models import JobSeeker
from tests.cities.urls import counts


async def async_counts(request, city_slug=None):
    # An async view under the sync CityContextMiddleware: the ORM's async API hops back to the
    # request's sync thread (same connection, same transaction, same ContextVar).
    names = sorted([s.name async for s in JobSeeker.objects.all()]) if current_city_id() else None
    return JsonResponse({"city": current_city_id(), "orm": names})


def slow_async_factory():
    import asyncio

    async def slow(request, city_slug):
        await asyncio.sleep(0.3)  # let a concurrent request for another city interleave
        names = sorted([s.name async for s in JobSeeker.objects.all()])
        return JsonResponse({"city": current_city_id(), "orm": names})

    return slow


urlpatterns = [
    path("kota/<slug:city_slug>/counts/", counts),
    path("kota/<slug:city_slug>/async/", async_counts),
    path("kota/<slug:city_slug>/slow/", slow_async_factory()),
    path("me/counts/", counts),
]

# The real routes too (templates reverse 'home', 'accessibility', ... when rendering 404/500 pages).
from ijc_portal.urls import urlpatterns as _portal  # noqa: E402

urlpatterns += _portal
