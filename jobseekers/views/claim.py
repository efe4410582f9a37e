"""Taking over one's own profile (``jobseekers.services.claim``).

- ``/ambil-akun/`` (linked from the sign-in page): which city's job center registered you;
- ``/kota/<city>/ambil-akun/``: phone number or email, and the code from the message;
- ``/kota/<city>/ambil-akun/tautan/<token>/``: the link from the message (256-bit token);
- ``/kota/<city>/ambil-akun/akun/``: email and password; the account is made, linked to the existing
  profile, signed in, and the person lands on their profile;
- ``/petugas/pencari-kerja/<id>/kode-akun/`` (POST, staff, from the case page): send a code.

The person's pages are public and run in the city of their address; someone signed in is sent to
their home page. Between the code (or link) and the password page, the session holds the code's id
only (``SESSION_KEY``), re-checked on every request.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.permissions import permission_required
from cities.middleware import ACTIVE_CITY_SESSION_KEY
from cities.models import City
from cities.phones import display_phone
from jobseekers import services
from jobseekers.models import JobSeeker

SESSION_KEY = "jobseekers_claim"
CHANNEL_LABELS = {
    "sms": gettext_lazy("SMS to %(address)s"),
    "whatsapp": gettext_lazy("WhatsApp to %(address)s"),
    "email": gettext_lazy("Email to %(address)s"),
}


class ClaimCodeForm(forms.Form):
    address = forms.CharField(
        label=gettext_lazy("Your phone number or email address"),
        max_length=254,
        help_text=gettext_lazy("The one the job center sent the code to, for example 0812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Write the phone number or the email address the code was sent to.")},
    )
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy("6 digits, from the SMS, WhatsApp message or email."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Write the code from the message you received.")},
    )


class ClaimAccountForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        help_text=gettext_lazy(
            "You will sign in to the portal with this email address and your password. If you have no "
            "email address yet, the job center can help you make one."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Write your email address: the portal signs you in with it."),
            "invalid": gettext_lazy("Write a whole email address, for example nama@contoh.id."),
        },
    )
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters; not only numbers, not a common password."),
        error_messages={"required": gettext_lazy("Choose a password.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Write the password a second time.")},
    )

    def __init__(self, *args, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=cleaned.get("email", ""), name=self.name))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SendCodeForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Send the code by"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how the code is sent.")},
    )

    def __init__(self, *args, channels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (channel, CHANNEL_LABELS[channel] % {"address": display_phone(address) if channel != "email" else address})
            for channel, address in channels.items()
        ]


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return redirect("dashboards:role-home")
    return None


@require_http_methods(["GET"])
def claim_start(request: HttpRequest) -> HttpResponse:
    """Which city registered you: the active cities (straight to the only one)."""
    if (response := _signed_in(request)) is not None:
        return response
    cities = list(City.objects.filter(is_active=True).order_by("name"))
    if len(cities) == 1:
        return redirect("jobseekers:claim", city_slug=cities[0].slug)
    return TemplateResponse(request, "jobseekers/claim_start.html", {"cities": cities})


@require_http_methods(["GET", "POST"])
def claim_code(request: HttpRequest, city_slug: str) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    form = ClaimCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.claim_code_check(address=form.cleaned_data["address"], code=form.cleaned_data["code"])
        except services.ClaimError as error:
            form.add_error("code" if error.reason not in ("address", "rate") else "address", str(error))
        else:
            request.session[SESSION_KEY] = {"code": row.pk, "city": request.city.pk, "by": "code"}
            return redirect("jobseekers:claim-account", city_slug=request.city.slug)
    return TemplateResponse(request, "jobseekers/claim_code.html", {"form": form, "city": request.city})


@require_http_methods(["GET"])
def claim_link(request: HttpRequest, city_slug: str, token: str) -> HttpResponse:
    """The link of the message: a usable code goes to the password page (the token leaves the address
    bar); otherwise a page saying why (404 unknown, 410 used, void or expired)."""
    if (response := _signed_in(request)) is not None:
        return response
    try:
        row = services.claim_link_check(token=token)
    except services.ClaimError as error:
        context = {"problem": str(error), "city": request.city}
        status = 404 if error.reason == "unknown" else 410
        return TemplateResponse(request, "jobseekers/claim_problem.html", context, status=status)
    request.session[SESSION_KEY] = {"code": row.pk, "city": request.city.pk, "by": "link"}
    return redirect("jobseekers:claim-account", city_slug=request.city.slug)


@require_http_methods(["GET", "POST"])
def claim_account(request: HttpRequest, city_slug: str) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    held = request.session.get(SESSION_KEY)
    if not isinstance(held, dict) or held.get("city") != request.city.pk or not isinstance(held.get("code"), int):
        return redirect("jobseekers:claim", city_slug=request.city.slug)
    try:
        row = services.claim_usable(code_id=held["code"])
    except services.ClaimError as error:
        request.session.pop(SESSION_KEY, None)
        context = {"problem": str(error), "city": request.city}
        return TemplateResponse(request, "jobseekers/claim_problem.html", context, status=410)
    seeker = row.job_seeker
    initial = {"email": row.address if row.channel == "email" else seeker.email}
    form = ClaimAccountForm(request.POST or None, initial=initial, name=seeker.name)
    if request.method == "POST" and form.is_valid():
        try:
            user, verified = services.claim_complete(
                claim_code=row,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                language=translation.get_language(),
                by=held.get("by", "code"),
            )
        except services.ClaimError as error:
            form.add_error("email" if error.reason == "email" else None, str(error))
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            record_authentication(request, user, method="password", email=user.email)
            request.session[ACTIVE_CITY_SESSION_KEY] = request.city.pk
            messages.success(request, _("Your account is ready. This is your profile, as the job center recorded it."))
            if not verified:
                from allauth.account.models import EmailAddress

                EmailAddress.objects.get(user=user, email=user.email).send_confirmation(request)
                messages.info(
                    request,
                    _(
                        "We sent a message to %(email)s. Open the link in it to confirm the address: you need it "
                        "to sign in next time."
                    )
                    % {"email": user.email},
                )
            return redirect("jobseekers:my-profile")
    context = {"form": form, "city": request.city, "seeker": seeker, "row": row}
    return TemplateResponse(request, "jobseekers/claim_account.html", context)


@require_POST
@permission_required("jobseekers.manage_case")
def claim_code_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff send a person without an account a code (case page, "Send an account code")."""
    seeker = get_object_or_404(JobSeeker.objects.filter(anonymised_at__isnull=True), pk=pk)
    form = SendCodeForm(request.POST, channels=services.claim_channels(seeker))
    back = reverse("jobseekers:case", kwargs={"pk": seeker.pk}) + "#account-code-title"
    if not form.is_valid():
        messages.error(request, form.errors["channel"][0])
        return redirect(back)
    try:
        row, _code, _token = services.claim_code_send(
            actor=request.user, job_seeker=seeker, channel=form.cleaned_data["channel"]
        )
    except services.ClaimError as error:
        messages.error(request, str(error))
    else:
        shown = display_phone(row.address) if row.channel != "email" else row.address
        messages.success(
            request,
            _("The code is on its way: %(how)s. It works once, for 72 hours.")
            % {"how": CHANNEL_LABELS[row.channel] % {"address": shown}},
        )
    return redirect(back)
