"""Forms of the accounts pages: sign-up, profile, city choice, invitations."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from accounts.models import Invitation, Membership, User
from cities.models import City

PASSWORD_HINT = _("At least 10 characters. Not only numbers and not a common password.")


def active_cities():
    return City.objects.filter(is_active=True).order_by("name")


class PhoneField(PhoneNumberField):
    """An optional Indonesian mobile number, normalised to E.164 (+62...) by ``phonenumbers``."""

    default_error_messages = {
        "invalid": _("Write a valid Indonesian mobile number, for example 0812 3456 7890 or +62 812 3456 7890."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number (optional)"))
        kwargs.setdefault("help_text", _("For text-message notifications. For example 0812 3456 7890."))
        kwargs.setdefault("required", False)
        kwargs.setdefault("region", "ID")
        super().__init__(**kwargs)
        self.widget.attrs.update(autocomplete="tel", inputmode="tel")


class SignupForm(AllauthSignupForm):
    """Self sign-up for job seekers and employer members, into one city.

    Staff, city admins and partners cannot sign up here: they join by invitation only.
    """

    SIGNUP_ROLES = [
        (Membership.Role.JOB_SEEKER.value, _("I am looking for work")),
        (Membership.Role.EMPLOYER.value, _("I represent an employer that wants to hire")),
    ]

    name = forms.CharField(
        label=_("Full name"), max_length=255, help_text=_("Your name as you want it written."), strip=True
    )
    role = forms.ChoiceField(label=_("Why are you signing up?"), choices=SIGNUP_ROLES, widget=forms.RadioSelect)
    city = forms.ModelChoiceField(
        label=_("City"),
        help_text=_("Job seekers: the city where you live. Employers: the city where your organisation is."),
        queryset=City.objects.none(),
        empty_label=_("Choose a city"),
    )
    phone = PhoneField()

    field_order = ["name", "email", "phone", "role", "city", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = active_cities()
        self.fields["email"].help_text = _("We send a link to this address to confirm it.")
        self.fields["password1"].help_text = PASSWORD_HINT
        for name in ("email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def save(self, request):
        with transaction.atomic():
            return super().save(request)

    def custom_signup(self, request, user) -> None:
        from accounts.services import member_sign_up

        member_sign_up(user=user, city=self.cleaned_data["city"], role=self.cleaned_data["role"])


class LoginForm(AllauthLoginForm):
    """allauth's login form with our labels ("Email address", "Password") and no placeholders."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        self.fields["password"].label = _("Password")
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "email"


class MFAAuthenticateForm(AuthenticateForm):
    """The code step at login: the field is named for what the person holds in their hand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from your authenticator app, or a recovery code")
        self.fields["code"].widget.attrs.pop("placeholder", None)


class ProfileForm(forms.ModelForm):
    phone = PhoneField()

    class Meta:
        model = User
        fields = ["name", "phone", "language"]
        help_texts = {"language": _("The language of the portal and of the messages we send you.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["language"].choices = settings.LANGUAGES


class ChooseCityForm(forms.Form):
    city = forms.TypedChoiceField(label=_("City"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [(city.pk, city.name) for city in cities]


class InvitationForm(forms.ModelForm):
    """A city admin invites a colleague (staff, city admin) or a partner organisation's worker."""

    role = forms.ChoiceField(label=_("Role"), choices=Invitation.Role.choices, widget=forms.RadioSelect)

    class Meta:
        model = Invitation
        fields = ["name", "email", "role", "organisation"]
        help_texts = {"email": _("The invitation link is sent here. It works once and for 7 days.")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Invitation.Role.PARTNER and not cleaned.get("organisation"):
            self.add_error("organisation", _("Write the name of the partner's organisation."))
        return cleaned


class CityAdminInvitationForm(forms.Form):
    """APEKSI admin invites the first city admin of a city."""

    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.none(), empty_label=_("Choose a city"))
    name = forms.CharField(label=_("Name"), max_length=255)
    email = forms.EmailField(label=_("Email address"), help_text=_("The invitation link is sent here."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = active_cities()


class AcceptInvitationForm(forms.Form):
    """Create an account from an invitation: the email address is the invited one."""

    name = forms.CharField(label=_("Full name"), max_length=255, help_text=_("Your name as you want it written."))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HINT,
    )
    password2 = forms.CharField(
        label=_("Password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email, name=cleaned.get("name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
