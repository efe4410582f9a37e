"""Pages of the placements app (thin: rules in ``placements.services``, reads in ``placements.selectors``).

- ``/petugas/penempatan/...``: staff's work list, a vacancy's suggestions (propose a referral),
  a referral with its history and next steps, a follow-up; the requests from job seekers to send on
  or decline; confirming a referral for the person (with the disclosure and its consent basis);
- ``/pemberi-kerja/kandidat/...``: an employer's referred candidates per vacancy, showing only what
  each person disclosed; interview accommodations to confirm, offer, placement or rejection;
- ``/pencari-kerja/...``: a job seeker's suggestions and referrals; confirm with disclosure choices.

Objects come through the city-scoped managers (another city's is a 404) and are further limited to
the organisation (employer) or the person (job seeker).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import record_access
from accounts.drafts import keeps_draft
from accounts.permissions import HasPortalPermission, permission_required
from cities.calendar import city_today
from employers.models import EmployerMember, Vacancy
from jobseekers.models import JobSeeker
from placements import forms, selectors, services
from placements.matching.reasons import render
from placements.models import FollowUp, Referral
from placements.services import PlacementError
from reference.models import AccommodationType


def _catalogue_labels() -> dict[str, str]:
    from django.utils.translation import get_language

    field = "text_id" if get_language() == "id" else "text_en"
    return dict(AccommodationType.objects.values_list("code", field))


def _render(request, template: str, context: dict) -> HttpResponse:
    response = TemplateResponse(request, template, context)
    response.render()
    return response


# --- City admin -------------------------------------------------------------------------------------


@permission_required("placements.configure_followups")
def followup_schedule(request: HttpRequest) -> HttpResponse:
    """The city's follow-up schedule (months after a placement's start), for the city admin."""
    current = selectors.followup_months()
    form = forms.FollowupScheduleForm(request.POST or None, initial={"months": ", ".join(str(m) for m in current)})
    if request.method == "POST" and form.is_valid():
        services.followup_schedule_save(actor=request.user, months=form.cleaned_data["months"])
        messages.success(request, _("The follow-up schedule is saved. It applies to placements recorded from now on."))
        return redirect("placements:followup-schedule")
    return _render(request, "placements/followup_schedule.html", {"form": form, "current": current})


# --- Staff ------------------------------------------------------------------------------------------


@permission_required("placements.view_worklist")
def staff_today(request: HttpRequest) -> HttpResponse:
    work = selectors.staff_today(today=city_today(request.city.pk))
    return _render(request, "placements/staff_today.html", {"work": work})


@permission_required("placements.match")
def vacancy_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=pk)
    form = forms.ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = get_object_or_404(JobSeeker, pk=form.cleaned_data["job_seeker"])
        try:
            referral = services.referral_propose(
                actor=request.user, job_seeker=person, vacancy=vacancy, note=form.cleaned_data["note"]
            )
        except PlacementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Referral proposed. The person is asked to confirm it."))
            return redirect("placements:staff-referral", pk=referral.pk)
    reach_form = forms.ReachForm(request.GET or None)
    reach = reach_form.cleaned_data["jangkauan"] if reach_form.is_valid() else ""
    found = selectors.within_reach(selectors.suggestions_for_vacancy(vacancy), reach, city_name=request.city.name)
    suggestions = list(found[:50])
    labels = _catalogue_labels()
    for suggestion in suggestions:
        suggestion.reason_lines = render(suggestion.reasons, catalogue_labels=labels)
        record_access(obj=suggestion.job_seeker, groups=["needs"])
    return _render(
        request,
        "placements/vacancy_suggestions.html",
        {"vacancy": vacancy, "suggestions": suggestions, "reach_form": reach_form, "reach": reach},
    )


def _show_errors(request, form, error: ValidationError) -> None:
    """A service's ``ValidationError`` on the form that was sent: each message on its field (the typed
    input stays), the others above the form; without a form, as a page message."""
    if form is None:
        messages.error(request, " ".join(error.messages))
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _referral_actions(request, referral: Referral, bound: dict) -> HttpResponse | None:
    """Handle a POSTed action on a referral (shared by the staff and employer pages); None on GET or
    error. The forms sent are put in ``bound`` (by their context name) to show with their errors."""
    action = request.POST.get("action")
    form = None
    try:
        if action == "interview":
            form = bound["interview_form"] = forms.InterviewForm(request.POST)
            if not form.is_valid():
                return None
            services.interview_schedule(actor=request.user, referral=referral, **form.cleaned_data)
        elif action == "confirm-interview":
            form = forms.InterviewChoiceForm(request.POST, referral=referral)
            if not form.is_valid():
                messages.error(request, forms.first_error(form))
                return None
            services.interview_confirm(actor=request.user, interview=form.cleaned_data["interview"])
        elif action == "offer":
            services.referral_offer(actor=request.user, referral=referral)
        elif action == "reject":
            form = forms.RejectForm(request.POST)
            if not form.is_valid():
                return None
            services.referral_reject(
                actor=request.user,
                referral=referral,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        elif action == "place":
            form = bound["placement_form"] = forms.PlacementForm(request.POST)
            if not form.is_valid():
                return None
            services.placement_record(actor=request.user, referral=referral, **form.cleaned_data)
        elif action == "withdraw":
            services.referral_withdraw(actor=request.user, referral=referral)
        elif action == "send-on" and referral.status == Referral.Status.REQUESTED:
            services.referral_request_send_on(actor=request.user, referral=referral)
        elif action == "decline-request" and referral.status == Referral.Status.REQUESTED:
            form = forms.DeclineRequestForm(request.POST)
            if not form.is_valid():
                return None
            services.referral_request_decline(actor=request.user, referral=referral, reason=form.cleaned_data["reason"])
        else:
            return None
    except PlacementError as error:
        messages.error(request, str(error))
        return None
    except ValidationError as error:  # a date out of order: nothing was written
        referral.refresh_from_db()
        _show_errors(request, form if action in ("interview", "place") else None, error)
        return None
    messages.success(request, _done_message(action, request.POST))
    return redirect(request.path)


def _done_message(action: str, post) -> str:
    """What a referral action did, in words that claim no more than happened: accommodations asked for an
    interview are "asked", not agreed, until the employer confirms them."""
    if action == "interview":
        if post.getlist("accommodations") or post.get("accommodation_note", "").strip():
            return _(
                "Interview scheduled. The accommodations asked for are not confirmed yet: the employer "
                "confirms them on this page."
            )
        return _("Interview scheduled.")
    done = {
        "confirm-interview": _("The employer confirmed the interview accommodations."),
        "offer": _("Offer recorded."),
        "reject": _("Recorded as not selected, with the reason."),
        "place": _("Placement recorded. The follow-ups are scheduled."),
        "withdraw": _("Referral withdrawn."),
        "send-on": _("The request is sent on to the employer. The person is told."),
        "decline-request": _("The request is declined. The person is told the reason."),
    }
    return done.get(action, _("Saved."))


def _referral_context(request, referral: Referral, bound: dict | None = None) -> dict:
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    bound = bound or {}
    return {
        "referral": referral,
        "events": referral.events.select_related("actor"),
        "interviews": referral.interviews.all(),
        "interview_form": bound.get("interview_form") or forms.InterviewForm(post if action == "interview" else None),
        "reject_form": forms.RejectForm(post if action == "reject" else None),
        "placement_form": bound.get("placement_form") or forms.PlacementForm(post if action == "place" else None),
        "decline_form": forms.DeclineRequestForm(post if action == "decline-request" else None),
        "can": {to: selectors.may_move(request.user, referral, to) for to in Referral.Status.values},
        "is_employer": "employer" in selectors.actor_kinds(request.user, referral),
        "placements": referral.placements.prefetch_related("followups"),
    }


@permission_required("placements.match")
def staff_referral(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral.objects.select_related("job_seeker", "vacancy__employer"), pk=pk)
    bound: dict = {}
    if request.method == "POST":
        response = _referral_actions(request, referral, bound)
        if response is not None:
            return response
    context = _referral_context(request, referral, bound)
    return _render(request, "placements/referral.html", {**context, "staff": True})


def _disclosure_labels(groups) -> list[str]:
    labels = dict(forms.STAFF_DISCLOSURE_CHOICES)
    return [str(labels[g]) for g in groups if g in labels]


@permission_required("placements.match")
def referral_requests(request: HttpRequest) -> HttpResponse:
    """The requests from job seekers waiting for an officer (the city's, oldest first): the person,
    the vacancy, the match reasons (a read of needs, audited) and the disclosure the person chose;
    send each on to the employer or decline it with a reason for the person."""
    invalid: tuple[int, forms.DeclineRequestForm] | None = None
    if request.method == "POST":
        choice = forms.RequestChoiceForm(request.POST)
        action = request.POST.get("action")
        try:
            if not choice.is_valid():
                raise PlacementError(forms.first_error(choice))
            referral = choice.cleaned_data["referral"]
            if action == "send-on":
                services.referral_request_send_on(actor=request.user, referral=referral)
                messages.success(request, _("The request is sent on to the employer. The person is told."))
                return redirect("placements:referral-requests")
            if action == "decline":
                decline = forms.DeclineRequestForm(request.POST, prefix=f"r{referral.pk}")
                if decline.is_valid():
                    services.referral_request_decline(
                        actor=request.user, referral=referral, reason=decline.cleaned_data["reason"]
                    )
                    messages.success(request, _("The request is declined. The person is told the reason."))
                    return redirect("placements:referral-requests")
                invalid = (referral.pk, decline)
            else:
                raise PlacementError(_("Choose what to do."))
        except PlacementError as error:
            messages.error(request, str(error))
    waiting = list(selectors.referral_requests()[: selectors.REQUESTS_PAGE])
    suggestions = selectors.suggestions_for_pairs(waiting)
    labels = _catalogue_labels()
    for referral in waiting:
        suggestion = suggestions.get((referral.job_seeker_id, referral.vacancy_id))
        referral.reason_lines = render(suggestion.reasons, catalogue_labels=labels) if suggestion else []
        referral.match_score = suggestion.score if suggestion else referral.score
        if suggestion:
            record_access(obj=referral.job_seeker, groups=["needs"])
        referral.disclosure_labels = _disclosure_labels(referral.disclosed)
        referral.decline_form = (
            invalid[1] if invalid and invalid[0] == referral.pk else forms.DeclineRequestForm(prefix=f"r{referral.pk}")
        )
    return _render(
        request,
        "placements/referral_requests.html",
        {"requests": waiting, "total": selectors.referral_requests().count()},
    )


@permission_required("placements.match")
def confirm_for_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a referral for the person (without an account, or at the desk): the groups the employer
    may see, chosen with the person (defaulting to the profile's choices), and how the person gave the
    decision; the sharing consent too when it is not in force."""
    referral = get_object_or_404(Referral.objects.select_related("job_seeker", "vacancy__employer"), pk=pk)
    person = referral.job_seeker
    # A request: what the person chose when asking; otherwise the profile's choices.
    if referral.status == Referral.Status.REQUESTED:
        initial = {"disclosed": list(referral.disclosed)}
    else:
        initial = {"disclosed": [group for group, shared in person.disclosures().items() if shared]}
    form = forms.ConfirmForPersonForm(
        request.POST or None, request.FILES or None, initial=initial, sharing_allowed=person.sharing_allowed
    )
    waiting = referral.status in (Referral.Status.PROPOSED, Referral.Status.REQUESTED) and selectors.may_move(
        request.user, referral, Referral.Status.CONFIRMED
    )
    if request.method == "POST" and waiting and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_confirm_for_person(
                actor=request.user,
                referral=referral,
                disclosed=data["disclosed"],
                channel=data["channel"],
                basis=data["basis"],
                guardian_name=data["guardian_name"],
                guardian_relation=data["guardian_relation"],
                paper_form=data["paper_form"],
                give_sharing_consent=bool(data.get("give_sharing_consent")),
                note=data["note"],
            )
        except PlacementError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                form.add_error(None, error)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The referral is confirmed for the person and sent to the employer."))
            return redirect("placements:staff-referral", pk=referral.pk)
    elif request.method == "POST" and not waiting:
        messages.error(request, _("This referral is not waiting for the person's confirmation."))
    return _render(
        request, "placements/confirm_for_person.html", {"referral": referral, "form": form, "waiting": waiting}
    )


@keeps_draft
@permission_required("placements.view_worklist")
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        FollowUp.objects.select_related("placement__referral__job_seeker", "placement__referral__vacancy"), pk=pk
    )
    form = forms.FollowUpForm(request.POST or None, initial=forms.bpjs_initial(item.placement))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        working = {"yes": True, "no": False}.get(data["accommodation_working"])
        try:
            with transaction.atomic():  # the follow-up and the social security asked again, or neither
                services.followup_record(
                    actor=request.user,
                    followup=item,
                    still_employed=data["still_employed"] == "yes",
                    accommodation_working=working,
                    issues=data["issues"],
                    next_step=data["next_step"],
                    left_reason=data["left_reason"],
                )
                services.placement_bpjs_update(
                    actor=request.user,
                    placement=item.placement,
                    enrolment=services.enrolment_clean(
                        data["bpjs_enrolled"], data["bpjs_kpj_number"], data["bpjs_programmes"]
                    ),
                )
        except PlacementError as error:
            messages.error(request, str(error))
        except ValidationError as error:  # before the placement's start: nothing was written
            item.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("placements:staff-today")
    return _render(request, "placements/followup.html", {"followup": item, "form": form})


# --- Employer ---------------------------------------------------------------------------------------


@permission_required("placements.view_candidates")
def employer_candidates(request: HttpRequest) -> HttpResponse:
    referrals = list(selectors.employer_referrals(request.user))
    by_vacancy: dict[Vacancy, list[Referral]] = {}
    for referral in referrals:
        by_vacancy.setdefault(referral.vacancy, []).append(referral)
    return _render(request, "placements/employer_candidates.html", {"by_vacancy": by_vacancy})


@permission_required("placements.view_candidates")
def employer_referral(request: HttpRequest, pk: int) -> HttpResponse:
    if not EmployerMember.objects.filter(user_id=request.user.pk).exists():
        raise Http404
    referral = get_object_or_404(selectors.employer_referrals(request.user), pk=pk)
    bound: dict = {}
    if request.method == "POST":
        response = _referral_actions(request, referral, bound)
        if response is not None:
            return response
    groups = selectors.audited_groups(referral)
    if groups:
        record_access(obj=referral.job_seeker, groups=groups)
    context = {**_referral_context(request, referral, bound), "candidate": selectors.candidate_for_employer(referral)}
    return _render(request, "placements/referral.html", context)


# --- Job seeker -------------------------------------------------------------------------------------


def _own_profile(request) -> JobSeeker | None:
    return JobSeeker.objects.filter(user_id=request.user.pk).first()


@permission_required("placements.view_own")
def my_matches(request: HttpRequest) -> HttpResponse:
    person = _own_profile(request)
    if request.method == "POST" and person is not None:
        form = forms.VacancyChoiceForm(request.POST)
        try:
            if not form.is_valid():
                raise PlacementError(forms.first_error(form))
            vacancy = form.cleaned_data["vacancy"]
            referral = services.referral_propose(actor=request.user, job_seeker=person, vacancy=vacancy)
        except PlacementError as error:
            messages.error(request, str(error))
        else:
            return redirect("placements:my-referral", pk=referral.pk)
    suggestions = list(selectors.suggestions_for_job_seeker(person)[:20]) if person else []
    labels = _catalogue_labels()
    for suggestion in suggestions:
        suggestion.reason_lines = render(suggestion.reasons, catalogue_labels=labels)
    referrals = selectors.job_seeker_referrals(person) if person else []
    return _render(
        request, "placements/my_matches.html", {"person": person, "suggestions": suggestions, "referrals": referrals}
    )


@permission_required("placements.view_own")
def my_referral(request: HttpRequest, pk: int) -> HttpResponse:
    person = _own_profile(request)
    if person is None:
        raise Http404
    referral = get_object_or_404(selectors.job_seeker_referrals(person), pk=pk)
    form = forms.ConfirmForm(request.POST or None, initial={"disclosed": referral.disclosed})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm" and form.is_valid():
                services.referral_confirm(
                    actor=request.user, referral=referral, disclosed=form.cleaned_data["disclosed"]
                )
            elif action == "decline":
                services.referral_decline(actor=request.user, referral=referral)
            elif action == "withdraw":
                services.referral_withdraw(actor=request.user, referral=referral)
            else:
                raise PlacementError(_("Choose what to do."))
        except PlacementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("placements:my-referral", pk=referral.pk)
    return _render(
        request,
        "placements/my_referral.html",
        {
            "referral": referral,
            "form": form,
            "events": referral.events.all(),
            "interviews": referral.interviews.all(),
            "can": {to: selectors.may_move(request.user, referral, to) for to in Referral.Status.values},
        },
    )


class EmployerCandidates(APIView):
    """``GET /api/pemberi-kerja/kandidat/``: the employer's referred candidates as JSON,
    ``{"results": [candidate, ...]}``, each as ``selectors.candidate_for_employer`` builds it.

    Served in this app's URL namespace (``placements:api-employer-candidates``), outside the
    ``/api/v1/`` router, so it lives with the pages (the app cannot import ``api``). Reads of
    disclosed sensitive groups are audited like the HTML page.
    """

    permission_classes = [HasPortalPermission]
    permission_required = "placements.view_candidates"

    def get(self, request):
        results = []
        for referral in selectors.employer_referrals(request.user):
            groups = selectors.audited_groups(referral)
            if groups:
                record_access(obj=referral.job_seeker, groups=groups)
            results.append({"vacancy": referral.vacancy.title, **selectors.candidate_for_employer(referral)})
        return Response({"results": results})
