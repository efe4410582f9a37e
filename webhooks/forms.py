"""Forms of the webhook pages: register an endpoint (URL, events, description) and edit its events."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.models import Event, WebhookEndpoint
from webhooks.security import validate_webhook_url


class EndpointEventsForm(forms.Form):
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one event.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional: which system receives the events, and who looks after it."),
    )


class EndpointCreateForm(EndpointEventsForm):
    url = forms.URLField(
        label=_("URL of the receiving system"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Must start with https:// and be reachable on the public Internet."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
    )
    field_order = ["url", "events", "description"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        validate_webhook_url(url)  # https, public addresses only (the service checks again)
        if WebhookEndpoint.objects.filter(url=url).exists():
            raise forms.ValidationError(_("This URL is already registered."))
        return url
