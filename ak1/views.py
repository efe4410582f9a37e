"""AK/1 pages: the officer's card page for a person, the list of holders due to report back, the
city's card settings, the holder's own card, the printable card and its PDF, and the public
verification page the card's QR code opens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.permissions import permission_required
from ak1 import document, forms, selectors, services
from ak1.models import Card
from cities.calendar import city_today
from jobseekers.models import JobSeeker
from jobseekers.selectors import own_profile


def _person(pk: int) -> JobSeeker:
    return get_object_or_404(JobSeeker.objects.filter(anonymised_at__isnull=True), pk=pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@permission_required("ak1.manage")
def person_cards(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's cards: issue the first, stamp a report box, renew; every card's boxes and state."""
    seeker = _person(pk)
    today = city_today(request.city)
    action = request.POST.get("action") if request.method == "POST" else None
    issue_form = forms.IssueForm(request.POST if action == "issue" else None, prefix="issue")
    report_form = forms.ReportForm(
        request.POST if action == "report" else None, prefix="report", initial={"reported_on": today}
    )
    cards = list(selectors.cards_of(seeker))
    current = cards[0] if cards else None
    if action == "issue" and issue_form.is_valid():
        try:
            card = services.issue(seeker, officer=request.user, birth_place=issue_form.cleaned_data["birth_place"])
        except ValidationError as error:
            _add_errors(issue_form, error)
        else:
            messages.success(
                request,
                _("Card %(number)s issued, valid until %(date)s.")
                % {"number": card.number, "date": card.expires_on.strftime("%d/%m/%Y")},
            )
            return redirect("ak1:person", pk=seeker.pk)
    elif action == "report" and current is not None and report_form.is_valid():
        try:
            report = services.record_report(current, officer=request.user, **report_form.cleaned_data)
        except ValidationError as error:
            _add_errors(report_form, error)
        else:
            messages.success(
                request,
                _("Report recorded in box %(box)s of card %(number)s.") % {"box": report.box, "number": current.number},
            )
            return redirect("ak1:person", pk=seeker.pk)
    elif action == "renew" and current is not None:
        try:
            card = services.renew(current, officer=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Card renewed: the new card %(number)s is valid until %(date)s.")
                % {"number": card.number, "date": card.expires_on.strftime("%d/%m/%Y")},
            )
        return redirect("ak1:person", pk=seeker.pk)
    status = current.status(today) if current else None
    context = {
        "seeker": seeker,
        "cards": [(card, card.status(today)) for card in cards],
        "current": current,
        "status": status,
        "next_box": services.next_box(current) if status == Card.Status.VALID else None,
        "can_renew": current is not None
        and status != Card.Status.RENEWED
        and (status != Card.Status.VALID or today >= services.renewal_opens_on(current)),
        "renewal_opens_on": services.renewal_opens_on(current) if current else None,
        "issue_form": issue_form,
        "report_form": report_form,
        "Status": Card.Status,
    }
    return TemplateResponse(
        request, "ak1/person_cards.html", context, status=400 if action and request.method == "POST" else 200
    )


@permission_required("ak1.manage")
def due_list(request: HttpRequest) -> HttpResponse:
    """Holders whose next report falls due this month, or is overdue."""
    today = city_today(request.city)
    cards = list(selectors.due_to_report(today)[:500])
    issued = list(selectors.issued_in_month(today)[:500])
    return TemplateResponse(request, "ak1/due_list.html", {"cards": cards, "issued": issued, "today": today})


@permission_required("ak1.configure")
def card_settings(request: HttpRequest) -> HttpResponse:
    instance = services.current_settings()
    form = forms.SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("AK/1 card settings saved."))
        return redirect("ak1:settings")
    example = (
        services.format_number(
            form.instance.number_format if form.is_valid() or request.method != "POST" else instance.number_format,
            city_code=request.city.code,
            issued_on=city_today(request.city),
            serial=1,
        )
        if not form.errors
        else ""
    )
    return TemplateResponse(
        request, "ak1/settings.html", {"form": form, "example": example}, status=400 if form.errors else 200
    )


def _staff_card(pk: int) -> Card:
    return get_object_or_404(
        Card.objects.filter(job_seeker__anonymised_at__isnull=True).select_related("job_seeker", "city"), pk=pk
    )


@permission_required("ak1.manage")
def card_print(request: HttpRequest, pk: int) -> HttpResponse:
    card = _staff_card(pk)
    return TemplateResponse(
        request,
        "ak1/card_print.html",
        {**document.card_context(request, card), "back_url": "ak1:person", "back_pk": card.job_seeker_id},
    )


@permission_required("ak1.manage")
def card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(request, _staff_card(pk))


def _own_card(request: HttpRequest) -> tuple[JobSeeker | None, Card | None]:
    seeker = own_profile(actor=request.user)
    if seeker is None:
        return None, None
    return seeker, selectors.cards_of(seeker).first()


@permission_required("ak1.view_own")
def my_card(request: HttpRequest) -> HttpResponse:
    seeker, card = _own_card(request)
    context = {"seeker": seeker, "card": card, "status": card.status(city_today(request.city)) if card else None}
    if card is not None:
        context.update(document.card_context(request, card))
    return TemplateResponse(request, "ak1/my_card.html", context)


@permission_required("ak1.view_own")
def my_card_pdf(request: HttpRequest) -> HttpResponse:
    _seeker, card = _own_card(request)
    if card is None:
        raise Http404
    return _pdf_response(request, card)


def _pdf_response(request: HttpRequest, card: Card) -> HttpResponse:
    response = HttpResponse(document.card_pdf(request, card), content_type="application/pdf")
    safe_number = "".join(ch if ch.isalnum() else "-" for ch in card.number)
    response["Content-Disposition"] = f'attachment; filename="kartu-ak1-{safe_number}.pdf"'
    return response


def verify(request: HttpRequest, city_slug: str, token: str) -> HttpResponse:
    """Public: whether the card of the QR code is valid. Nothing personal beyond the holder's
    initials; an unknown token reads "no such card" (the same 404 page for every city)."""
    card = selectors.by_token(token)
    if card is None:
        raise Http404
    initials = "".join(f"{part[0].upper()}." for part in card.job_seeker.name.split() if part[:1].isalpha())[:8]
    return TemplateResponse(
        request,
        "ak1/verify.html",
        {
            "card": card,
            "status": card.status(city_today(request.city)),
            "initials": initials,
            "Status": Card.Status,
        },
    )
