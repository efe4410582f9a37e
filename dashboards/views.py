"""Where each role lands after login (``/beranda/``), and each role's home page.

Each home shows the role's city and links to the role's tasks; the figures are on the city and
APEKSI dashboards further down. ``role_home`` picks the page by
``accounts.permissions.HOME_ORDER``.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import HOME_ORDER, HOME_URL_NAMES, has_permission, permission_required, roles_for
from cities.calendar import city_today
from cities.middleware import user_city_ids
from dashboards import figures, indicators, rollups
from dashboards.charts import bar_chart, kota_tile_map, line_chart
from dashboards.exports import export_response
from dashboards.figures import Period
from dashboards.forms import ApeksiFilterForm, PeriodForm, ReportMonthForm, apeksi_year
from dashboards.selectors import city_rollup_state, oldest_rollup_computed_at
from dashboards.tables import DataTable


@login_required
def role_home(request: HttpRequest) -> HttpResponse:
    """Redirect to the home of the user's main role here; the city chooser first when undecided."""
    roles = roles_for(request)
    for role in HOME_ORDER:
        if role in roles:
            return redirect(HOME_URL_NAMES[role])
    if request.city is None and len(user_city_ids(request.user)) > 1:
        return redirect(f"{reverse('accounts:choose-city')}?{urlencode({'next': reverse('dashboards:role-home')})}")
    return TemplateResponse(request, "dashboards/no_role.html")


def _city_dashboard_sections() -> list[tuple[str, str]]:
    """(title, URL) of each section of the city dashboard, for the homes that link them."""
    return [
        (title, reverse("dashboards:city-section", kwargs={"section": slug}))
        for slug, (title, _tables) in figures.CITY_SECTIONS.items()
        if slug
    ]


def _home(template: str, permission: str, title, *, dashboard_sections: bool = False):
    @permission_required(permission)
    def view(request: HttpRequest) -> HttpResponse:
        context = {"roles": roles_for(request), "home_title": title}
        if dashboard_sections:
            context["dashboard_sections"] = _city_dashboard_sections()
        return TemplateResponse(request, template, context)

    view.__name__ = permission.replace(".", "_")
    return view


home_job_seeker = _home("dashboards/home_job_seeker.html", "home.job_seeker", gettext_lazy("My job search"))
home_employer = _home("dashboards/home_employer.html", "home.employer", gettext_lazy("Employer home"))
home_staff = _home("dashboards/home_staff.html", "home.staff", gettext_lazy("Staff home"), dashboard_sections=True)
home_city_admin = _home(
    "dashboards/home_city_admin.html", "home.city_admin", gettext_lazy("City administration"), dashboard_sections=True
)
home_partner = _home("dashboards/home_partner.html", "home.partner", gettext_lazy("Partner home"))
home_apeksi = _home("dashboards/home_apeksi.html", "apeksi.home", gettext_lazy("APEKSI: all cities"))


# --- the city dashboard, its exports and monthly report (docs/dashboards.md) ---------------------------
# Read from the city's own rollups (dashboards.CityRollup, exact counts: the city's staff may see its
# people anyway); "refresh now" recomputes them in the request's city context first. See docs/dashboards.md.


def _charts_for(tables: list[DataTable]) -> list[tuple[DataTable, str]]:
    """Each table with its chart: a line chart for the months, bars for breakdowns, none for lists."""
    result = []
    for table in tables:
        value_keys = [column.key for column in table.columns if column.kind == "count"]
        if table.slug == "by-month" or table.slug.startswith("by-month-"):
            chart = line_chart(table, x_key="month", value_keys=value_keys, title=str(table.caption))
        elif table.slug.startswith("by-"):
            chart = bar_chart(table, label_key="category", value_keys=value_keys, title=str(table.caption))
        else:
            chart = ""
        result.append((table, chart))
    return result


def _period_path(period: Period) -> dict[str, str]:
    return {"dari": f"{period.first:%Y-%m}", "sampai": f"{period.last:%Y-%m}"}


def _city_page(request: HttpRequest, section: str) -> HttpResponse:
    """One page of the city dashboard (``figures.CITY_SECTIONS``): the summary (``""``) or a section,
    with the local navigation to the others (keeping the query string, so the period carries over)."""
    form = PeriodForm(request.GET or None, today=city_today(request.city))
    period = form.period()
    title, slugs = figures.CITY_SECTIONS[section]
    tables = {table.slug: table for table in figures.city_tables(request.city.pk, period)}
    query = request.GET.urlencode()
    nav = []
    for slug, (nav_title, _slugs) in figures.CITY_SECTIONS.items():
        url = (
            reverse("dashboards:city-section", kwargs={"section": slug})
            if slug
            else reverse("dashboards:city-dashboard")
        )
        nav.append((slug, nav_title, f"{url}?{query}" if query else url))
    context = {
        "form": form,
        "period": period,
        "section": section,
        "section_title": title,
        "nav": nav,
        "blocks": _charts_for([tables[slug] for slug in slugs]),
        "state": city_rollup_state(city=request.city),
        "export_url": reverse("dashboards:city-export", kwargs=_period_path(period)),
        "definitions": None if section else figures.definitions_table(),
        "report_url": reverse("dashboards:city-report"),
    }
    return TemplateResponse(request, "dashboards/city_dashboard.html", context)


@permission_required("dashboards.view_city_dashboard")
@require_GET
def city_dashboard(request: HttpRequest) -> HttpResponse:
    """The city dashboard's summary for a period (GET ``dari``/``sampai``): freshness, the headline
    figures, the trend by month, the definitions and the links to each section."""
    return _city_page(request, "")


@permission_required("dashboards.view_city_dashboard")
@require_GET
def city_section(request: HttpRequest, section: str) -> HttpResponse:
    """One section of the city dashboard (``figures.CITY_SECTIONS``: registrations, matching and
    referrals, placements and retention, employers and the quota, assessments, services), each chart
    with its table and downloads, for the same period; an unknown section is a 404."""
    if not section or section not in figures.CITY_SECTIONS:
        raise Http404("no such section")
    return _city_page(request, section)


def _export(tables: list[DataTable], request: HttpRequest, prefix: str) -> HttpResponse:
    slug = request.GET.get("table", "")
    fmt = request.GET.get("format", "")
    for table in tables:
        if table.slug == slug:
            return export_response(table, fmt, filename=f"{prefix}-{slug}")
    raise Http404("no such table")


def _path_period(dari: str, sampai: str) -> Period:
    """The period a download link names, checked by the dashboard's own form (months of the years
    ``MonthField`` accepts, in order, at most ``MAX_MONTHS``); anything else is a 404 — no month
    arithmetic on a year the calendar cannot go past (9999-12 + 1 month)."""
    form = PeriodForm({"dari": dari, "sampai": sampai}, today=timezone.localdate())
    if not form.is_valid():
        raise Http404("bad period")
    return form.cleaned_data["period"]


@permission_required("dashboards.view_city_dashboard")
@require_GET
def city_export(request: HttpRequest, dari: str, sampai: str) -> HttpResponse:
    """One table of the city dashboard as CSV or XLSX (``?table=<slug>&format=csv|xlsx``); 404 otherwise."""
    period = _path_period(dari, sampai)
    tables = [*figures.city_tables(request.city.pk, period), figures.definitions_table()]
    return _export(tables, request, f"{request.city.slug}-{period.first:%Y-%m}-{period.last:%Y-%m}")


@permission_required("dashboards.refresh_city")
@require_POST
def city_refresh(request: HttpRequest) -> HttpResponse:
    """Recompute the request city's rollups now (incremental), in its own context, then show the dashboard."""
    state = rollups.refresh_city(request.city.pk)
    messages.success(
        request,
        _("The figures were recomputed (%(months)s months, %(ms)s ms).")
        % {"months": state.months, "ms": state.duration_ms},
    )
    return redirect("dashboards:city-dashboard")


def _report_context(request: HttpRequest) -> dict:
    form = ReportMonthForm(request.GET or None, today=city_today(request.city))
    month = form.month()
    return {
        "form": form,
        "month": month,
        "month_label": date_format(month, "F Y"),
        "sections": figures.monthly_report(request.city.pk, month),
        "state": city_rollup_state(city=request.city),
        "city": request.city,
    }


@permission_required("dashboards.view_city_dashboard")
@require_GET
def city_report(request: HttpRequest) -> HttpResponse:
    """The printable monthly report (``?bulan=YYYY-MM``, default last month): HTML with a print stylesheet."""
    context = _report_context(request)
    context["pdf_url"] = reverse("dashboards:city-report-pdf") + f"?bulan={context['month']:%Y-%m}"
    return TemplateResponse(request, "dashboards/city_report.html", context)


def _pdf_fetcher():
    """The PDF is self-contained: WeasyPrint reads only ``data:`` URIs (the letterhead's logo); any
    other URL (http, file, ...) stops the rendering (no server-side request forgery, no file read)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)


@permission_required("dashboards.view_city_dashboard")
@require_GET
def city_report_pdf(request: HttpRequest) -> HttpResponse:
    """The monthly report as a PDF (WeasyPrint, stylesheet inlined, only ``data:`` URIs read)."""
    from weasyprint import HTML  # loading Pango only when a PDF is asked for

    context = _report_context(request)
    path = finders.find("css/dashboards-report.css")
    context["report_css"] = Path(path).read_text(encoding="utf-8") if path else ""
    html = render_to_string("dashboards/city_report_document.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=_pdf_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{request.city.slug}-{context["month"]:%Y-%m}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- APEKSI: all cities, from rollups only ---------------------------------------------------------------
def _apeksi_view(
    request: HttpRequest, data, *, rank: str | None = None, province: str | None = None, section: str | None = None
):
    cities = figures.active_cities()
    today = timezone.localdate()
    form = ApeksiFilterForm(data, today=today, provinces=figures.provinces_of(cities))
    period = form.period()
    rank = rank if rank is not None else form.choice("peringkat", "placements")
    province = province if province is not None else form.choice("provinsi", "")
    view = figures.apeksi_tables(period, rank=rank, province=province, all_cities=cities, section=section)
    return form, period, view


# The APEKSI dashboard is a summary page and one page per section (local navigation between them),
# so a phone loads one table at a time: the whole dashboard on one page was about 250 KB of HTML at
# 98 cities (docs/dashboards.md, "Page weight"). Slug (in the URL) → title.
APEKSI_SECTIONS: dict[str, str] = {
    "peringkat": gettext_lazy("Ranking and map"),
    "kota": gettext_lazy("Per city"),
    "provinsi": gettext_lazy("Per province"),
    "tren": gettext_lazy("Trends"),
    "rincian": gettext_lazy("Breakdowns"),
}


def _apeksi_section_blocks(section: str, view, period: Period) -> list[tuple[DataTable, str]]:
    """The (table, chart) pairs of one section; only that section's charts are drawn."""
    tables = {table.slug: table for table in view.tables}
    if section == "peringkat":
        rank_label = str(indicators.INDICATORS[view.rank_indicator].label)
        tile_map = kota_tile_map(
            view.map_values,
            title=_("%(indicator)s by city, %(period)s") % {"indicator": rank_label, "period": period.label()},
            legend=rank_label,
        )
        return [(tables["ranking"], tile_map)]
    if section == "kota":
        return [(tables["cities"], "")]
    if section == "provinsi":
        provinces = tables["provinces"]
        chart = bar_chart(
            provinces, label_key="province", value_keys=[view.rank_indicator], title=str(provinces.caption)
        )
        return [(provinces, chart)]
    if section == "tren":
        return _charts_for([tables["by-month"]])
    elsewhere = ("cities", "ranking", "provinces", "by-month")
    return _charts_for([t for t in view.tables if t.slug not in elsewhere])


def _apeksi_page(request: HttpRequest, section: str) -> HttpResponse:
    # Only the section shown is read and computed (figures.apeksi_tables): a page, not the dashboard.
    form, period, view = _apeksi_view(request, request.GET or None, section=section)
    query = request.GET.urlencode()
    nav = [("", _("Summary"), reverse("dashboards:apeksi-dashboard"))]
    nav += [
        (slug, title, reverse("dashboards:apeksi-section", kwargs={"section": slug}))
        for slug, title in APEKSI_SECTIONS.items()
    ]
    nav = [(slug, title, f"{url}?{query}" if query else url) for slug, title, url in nav]
    context = {
        "form": form,
        "period": period,
        "section": section,
        "section_title": APEKSI_SECTIONS.get(section, ""),
        "nav": nav,
        "oldest_computed": oldest_rollup_computed_at(),
        "can_refresh": has_permission(request, "apeksi.refresh_rollups"),
        "export_url": reverse(
            "dashboards:apeksi-export",
            kwargs={
                **_period_path(period),
                "peringkat": view.rank_indicator,
                "provinsi": form.choice("provinsi", "") or "semua",
            },
        ),
    }
    if section:
        context["blocks"] = _apeksi_section_blocks(section, view, period)
    else:
        cities_table = next(table for table in view.tables if table.slug == "cities")
        context["summary"] = figures.apeksi_summary_table(cities_table, period)
        context["definitions"] = figures.definitions_table()
    return TemplateResponse(request, "dashboards/apeksi_dashboard.html", context)


@permission_required("apeksi.view_dashboard")
@require_GET
def apeksi_dashboard(request: HttpRequest) -> HttpResponse:
    """The APEKSI dashboard's summary: freshness, the period and filters, the all-cities figures, the
    definitions and the links to each section — from rollups only (never a tenant table),
    suppressed, in a constant number of queries."""
    return _apeksi_page(request, "")


@permission_required("apeksi.view_dashboard")
@require_GET
def apeksi_section(request: HttpRequest, section: str) -> HttpResponse:
    """One section of the APEKSI dashboard (``APEKSI_SECTIONS``: ranking with the kota tile map, per
    city, per province, trends, breakdowns), each chart with its table, under the same filters (the
    query string is kept across the sections). Rollups only, suppressed, constant queries; an
    unknown section is a 404."""
    if section not in APEKSI_SECTIONS:
        raise Http404("no such section")
    return _apeksi_page(request, section)


@permission_required("apeksi.view_dashboard")
@require_GET
def apeksi_export(request: HttpRequest, dari: str, sampai: str, peringkat: str, provinsi: str) -> HttpResponse:
    """One table of the APEKSI dashboard as CSV or XLSX, suppressed like the page.

    The figures are those of the calendar year of ``sampai`` (``forms.apeksi_year``), whatever
    months the path names, so that no two exports cover overlapping periods (small-cell
    protection); a malformed, reversed or too long pair, or a future year, is a 404.
    """
    try:
        period = apeksi_year(_path_period(dari, sampai).last.year, timezone.localdate())
    except ValueError as error:
        raise Http404("future year") from error
    if peringkat not in figures.RANKABLE:
        raise Http404("unknown indicator")
    view = figures.apeksi_tables(period, rank=peringkat, province="" if provinsi == "semua" else provinsi)
    return _export([*view.tables, figures.definitions_table()], request, f"apeksi-{period.first.year}")


@permission_required("apeksi.refresh_rollups")
@require_POST
def apeksi_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a refresh of every active city's rollups (one task per city, each in its own context)."""
    from dashboards.tasks import refresh_all_rollups

    transaction.on_commit(lambda: refresh_all_rollups.delay())
    messages.success(request, _("Every city's figures will be recomputed in the next minutes."))
    return redirect("dashboards:apeksi-dashboard")
