"""Notification pages.

- ``/akun/pesan/``: the person's inbox in the current city (newest first, unread marked), with
  "mark as read" (one message or all);
- ``/akun/pemberitahuan/``: their preferences (channels per kind, language, easy read, quiet hours,
  daily limit);
- ``/kelola/pemberitahuan-gagal/``: a city admin's list of failed notifications, each with "retry";
- ``/petugas/panggilan/``: staff's calls to make to people who chose a phone call, each with its
  script and a form to log the call;
- ``/petugas/surat/``: staff's letters to print for people told by a visit or with no contact, each
  a printable page marked printed by the officer.
"""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Membership
from accounts.permissions import permission_required
from cities.models import CityProfile
from cities.tenancy import user_context
from notifications import person_messages, selectors, services
from notifications.forms import CallLogForm, MarkReadForm, PreferenceForm
from notifications.models import Channel, Notification, PersonMessage


@permission_required("notifications.view_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient_id=request.user.pk, channel=Channel.INBOX).order_by(
        "-created_at", "-id"
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return TemplateResponse(request, "notifications/inbox.html", {"page_obj": page})


@require_POST
@permission_required("notifications.view_inbox")
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["notification"][0])
        return redirect("notifications:inbox")
    one = form.cleaned_data["notification"]
    ids = None if one is None else [one]
    count = services.inbox_mark_read(actor=request.user, notification_ids=ids)
    if ids is None:
        messages.success(request, _("All your messages are marked as read."))
    elif count:
        messages.success(request, _("The message is marked as read."))
    return redirect("notifications:inbox")


def _roles_everywhere(user) -> set[str]:
    """The user's city roles in every city (preferences hold for all of them)."""
    with user_context(user.pk):
        return set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(
        request.POST or None, instance=services.preference_for(request.user), roles=_roles_everywhere(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.preference_save(
            actor=request.user, user=request.user, channels=form.chosen_channels(), **form.other_fields()
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return TemplateResponse(request, "notifications/preferences.html", {"form": form})


@permission_required("notifications.manage_failed")
def failed_list(request: HttpRequest) -> HttpResponse:
    rows = (
        Notification.objects.filter(status=Notification.Status.FAILED)
        .select_related("recipient", "retried_by")
        .order_by("-created_at", "-id")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "notifications/failed_list.html", {"page_obj": page})


@require_POST
@permission_required("notifications.manage_failed")
def failed_retry(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Notification.objects, pk=pk)
    try:
        services.notification_retry(actor=request.user, notification=row)
    except ValueError:
        messages.error(request, _("Only a failed notification can be retried."))
    else:
        messages.success(request, _("The notification is queued to be sent again."))
    return redirect("notifications:failed-list")


# --- Staff: calls to make and letters to print ------------------------------------------------------
def _city_clock(request: HttpRequest):
    """Dates and times shown and typed on the city's clock (WIB, WITA or WIT), not the server's."""
    return timezone.override(zoneinfo.ZoneInfo(request.city.timezone))


@permission_required("notifications.contact_people")
def calls(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.calls_to_make(fetched_by=request.user), 50).get_page(request.GET.get("page"))
    with _city_clock(request):
        return TemplateResponse(request, "notifications/calls.html", {"page_obj": page}).render()


@require_http_methods(["GET", "POST"])
@permission_required("notifications.contact_people")
def call(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(PersonMessage.objects, pk=pk, way=PersonMessage.Way.PHONE)
    # The form's date and time and the history are on the city's clock (WIB, WITA or WIT).
    with _city_clock(request):
        form = CallLogForm(request.POST or None, initial={"called_at": timezone.localtime().replace(second=0)})
        if request.method == "POST" and message.done_at is None and form.is_valid():
            try:
                person_messages.call_log(actor=request.user, message=message, **form.cleaned_data)
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The call is saved."))
                return redirect("notifications:calls")
        logs = message.call_logs.select_related("called_by").order_by("called_at", "id")
        response = TemplateResponse(
            request, "notifications/call.html", {"message": message, "form": form, "logs": logs}
        )
        return response.render()


@permission_required("notifications.contact_people")
def letters(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.letters_to_print(fetched_by=request.user), 50).get_page(request.GET.get("page"))
    with _city_clock(request):
        return TemplateResponse(request, "notifications/letters.html", {"page_obj": page}).render()


@permission_required("notifications.contact_people")
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(PersonMessage.objects.select_related("done_by"), pk=pk, way=PersonMessage.Way.LETTER)
    with _city_clock(request):
        context = {"message": message, "profile": CityProfile.objects.first(), "city": request.city}
        return TemplateResponse(request, "notifications/letter.html", context).render()


@require_POST
@permission_required("notifications.contact_people")
def letter_printed(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(PersonMessage.objects, pk=pk, way=PersonMessage.Way.LETTER)
    person_messages.letter_mark_printed(actor=request.user, message=message)
    messages.success(request, _("The letter is marked as printed."))
    return redirect("notifications:letters")
