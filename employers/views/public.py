"""The public job board: ``/lowongan/`` (every city, from the public index) and
``/kota/<slug>/lowongan/...`` (one city), readable without login, with JSON-LD, RSS and Atom feeds."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from accounts.permissions import has_permission, permission_required
from cities.models import City
from employers import selectors, services
from employers.forms import (
    BoardSearchForm,
    InterestForm,
)
from employers.jobposting import job_posting
from employers.models import (
    Interest,
    Vacancy,
)
from employers.views.common import (
    vacancy_facts,
)

PAGE_SIZE = 20


class BoardPaginator(Paginator):
    """Counts at most ``selectors.BOARD_RANKED`` vacancies (50 pages): ``more`` says there are more,
    and the page says "more than 1000 found". Counting 100,000 rows for a heading nobody pages
    through would cost more than the rest of the page."""

    limit = selectors.BOARD_RANKED

    @cached_property
    def count(self) -> int:
        found = self.object_list.values("pk").order_by()[: self.limit + 1].count()
        self.more = found > self.limit
        return min(found, self.limit)

    more = False


def _board(request: HttpRequest, *, city: City | None) -> HttpResponse:
    cities = None if city else list(City.objects.filter(is_active=True).order_by("name"))
    form = BoardSearchForm(request.GET or None, cities=cities)
    filters = form.cleaned_data if form.is_valid() else {}
    city_id = city.pk if city else filters.get("city")
    rows = selectors.board_search(
        city_id=city_id,
        q=filters.get("q", ""),
        occupation=filters.get("occupation", ""),
        arrangement=filters.get("arrangement", ""),
        accommodation=filters.get("accommodation"),
        reserved_only=bool(filters.get("reserved")),
    )
    page = BoardPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "employers/board.html",
        {"form": form, "page_obj": page, "city": city, "searched": bool(request.GET.get("q") or filters)},
    )


def board(request: HttpRequest) -> HttpResponse:
    """Every city's published vacancies, from the public index: no city context is needed or used."""
    return _board(request, city=None)


def city_board(request: HttpRequest, city_slug: str) -> HttpResponse:
    """One city's published vacancies (the middleware has resolved the city; 404 when inactive)."""
    return _board(request, city=request.city)


def _published(request: HttpRequest, pk: int) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("employer", "workplace", "occupation"),
        pk=pk,
        status=Vacancy.Status.PUBLISHED,
    )


def _json_ld(data: dict) -> str:
    """JSON safe inside a <script> element (no ``</script>`` break-out)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vacancy_public(request: HttpRequest, city_slug: str, pk: int) -> HttpResponse:
    """A published vacancy, readable without login; anything else (or another city's) is a 404."""
    vacancy = _published(request, pk)
    context = {
        "vacancy": vacancy,
        "city": request.city,
        "json_ld": _json_ld(job_posting(vacancy, url=request.build_absolute_uri())),
        "can_express_interest": request.user.is_authenticated and has_permission(request, "vacancies.express_interest"),
        "already_interested": request.user.is_authenticated
        and Interest.objects.filter(vacancy=vacancy, user_id=request.user.pk).exists(),
    }
    context.update(vacancy_facts(vacancy))
    return TemplateResponse(request, "employers/vacancy_public.html", context)


@permission_required("vacancies.express_interest")
def express_interest(request: HttpRequest, city_slug: str, pk: int) -> HttpResponse:
    vacancy = _published(request, pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_express(actor=request.user, vacancy=vacancy, message=form.cleaned_data["message"])
        except services.EmployerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. The center's staff will contact you about this vacancy."))
            return redirect("employers:vacancy-public", city_slug=city_slug, pk=vacancy.pk)
    return TemplateResponse(
        request, "employers/express_interest.html", {"form": form, "vacancy": vacancy, "city": request.city}
    )


class CityVacancyFeed(Feed):
    """RSS 2.0 of a city's published vacancies, newest first (from the public index)."""

    def get_object(self, request, city_slug: str) -> City:
        self.request = request
        return request.city

    def title(self, city: City) -> str:
        return _("Vacancies in %(city)s") % {"city": city.name}

    def description(self, city: City) -> str:
        return _("Vacancies published by the Inclusive Job Center of %(city)s.") % {"city": city.name}

    def link(self, city: City) -> str:
        return reverse("employers:city-board", kwargs={"city_slug": city.slug})

    def items(self, city: City):
        return selectors.board_search(city_id=city.pk)[:50]

    def item_title(self, item) -> str:
        return f"{item.title} · {item.employer_name}"

    def item_description(self, item) -> str:
        parts = [item.employer_name, item.get_arrangement_display(), item.get_employment_type_display()]
        if item.deadline:
            parts.append(_("Apply by %(date)s") % {"date": item.deadline.isoformat()})
        return " · ".join(str(part) for part in parts)

    def item_link(self, item) -> str:
        return reverse("employers:vacancy-public", kwargs={"city_slug": item.portal_city.slug, "pk": item.vacancy_id})

    def item_pubdate(self, item):
        """On the city's own clock (the request's time zone), so the date carries its offset."""
        return timezone.localtime(item.published_at)

    def item_guid(self, item) -> str:
        return f"ijc-vacancy-{item.portal_city_id}-{item.vacancy_id}"

    item_guid_is_permalink = False


class CityVacancyAtomFeed(CityVacancyFeed):
    """The same list as Atom 1.0 (RFC 4287): ``subtitle`` carries the description, entries the same
    ids, links, dates and summaries as the RSS items."""

    feed_type = Atom1Feed

    def subtitle(self, city: City) -> str:
        return self.description(city)

    def item_updateddate(self, item):
        """Every Atom entry needs ``updated`` (RFC 4287 4.1.2); a published vacancy does not change."""
        return timezone.localtime(item.published_at)


city_feed = CityVacancyFeed()
city_atom_feed = CityVacancyAtomFeed()
