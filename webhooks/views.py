"""City admin pages for webhooks (``webhooks.manage_endpoints``), under ``/kelola/webhook/``:

- list of the city's endpoints, and "register an endpoint" (the secret is shown once, on the
  answer to the POST, never stored in the session nor shown again);
- one endpoint: its settings, actions (edit events, rotate the secret, pause/resume, delete), its
  failed deliveries (each can be sent again) and its delivery log (each attempt: time, event,
  attempt number, response status, duration, error), 25 a page.

Every object is fetched through the city-scoped manager: another city's endpoint is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import permission_required
from webhooks import services
from webhooks.forms import EndpointCreateForm, EndpointEventsForm
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

PERMISSION = "webhooks.manage_endpoints"


def _endpoint(pk: int) -> WebhookEndpoint:
    return get_object_or_404(WebhookEndpoint.objects, pk=pk)


def _show_secret(request: HttpRequest, endpoint: WebhookEndpoint, secret: str, *, created: bool) -> HttpResponse:
    response = TemplateResponse(
        request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret, "created": created}
    )
    add_never_cache_headers(response)  # the secret must not stay in a cache or the browser's history
    return response


@permission_required(PERMISSION)
def endpoint_list(request: HttpRequest) -> HttpResponse:
    endpoints = WebhookEndpoint.objects.order_by("url", "pk")
    return TemplateResponse(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.user,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error("url", error)
        except services.WebhookError as error:
            form.add_error("events", str(error))
        else:
            return _show_secret(request, endpoint, secret, created=True)
    return TemplateResponse(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": None})


@permission_required(PERMISSION)
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    attempts = (
        WebhookAttempt.objects.filter(endpoint=endpoint).select_related("delivery").order_by("-started_at", "-pk")
    )
    page = Paginator(attempts, 25).get_page(request.GET.get("page"))
    waiting = endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).count()
    failed = endpoint.deliveries.filter(status=WebhookDelivery.Status.FAILED).order_by("-created_at")[:50]
    return TemplateResponse(
        request,
        "webhooks/endpoint_detail.html",
        {"endpoint": endpoint, "page_obj": page, "waiting": waiting, "failed": failed},
    )


@require_POST
@permission_required(PERMISSION)
def delivery_retry(request: HttpRequest, pk: int, delivery_pk: str) -> HttpResponse:
    endpoint = _endpoint(pk)
    delivery = get_object_or_404(WebhookDelivery.objects, pk=delivery_pk, endpoint=endpoint)
    try:
        services.delivery_retry(actor=request.user, delivery=delivery)
    except services.WebhookError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The event is queued to be sent again."))
    return redirect("webhooks:endpoint", pk=endpoint.pk)


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    initial = {"events": endpoint.events, "description": endpoint.description}
    form = EndpointEventsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(
                actor=request.user,
                endpoint=endpoint,
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except services.WebhookError as error:
            form.add_error("events", str(error))
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect("webhooks:endpoint", pk=endpoint.pk)
    return TemplateResponse(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint})


@require_POST
@permission_required(PERMISSION)
def endpoint_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    secret = services.endpoint_rotate_secret(actor=request.user, endpoint=endpoint)
    return _show_secret(request, endpoint, secret, created=False)


@require_POST
@permission_required(PERMISSION)
def endpoint_pause(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    try:
        services.endpoint_pause(actor=request.user, endpoint=endpoint)
    except services.WebhookError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The endpoint is paused. Events are kept until you resume it."))
    return redirect("webhooks:endpoint", pk=endpoint.pk)


@require_POST
@permission_required(PERMISSION)
def endpoint_resume(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    try:
        services.endpoint_resume(actor=request.user, endpoint=endpoint)
    except services.WebhookError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The endpoint is active again. Waiting events are being sent."))
    return redirect("webhooks:endpoint", pk=endpoint.pk)


@permission_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(pk)
    if request.method == "POST":
        services.endpoint_delete(actor=request.user, endpoint=endpoint)
        messages.success(request, _("The endpoint is deleted."))
        return redirect("webhooks:list")
    return TemplateResponse(request, "webhooks/endpoint_delete.html", {"endpoint": endpoint})
