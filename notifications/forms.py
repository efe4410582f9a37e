"""The preferences form: a group of channel checkboxes per kind the person can receive (by their roles),
then language, format, quiet hours and limit; and the form logging a call to a person."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KINDS, kinds_for_roles
from notifications.models import CallLog, Channel, NotificationPreference
from notifications.services import channels_for
from reference.widgets import SplitDateTimeField

CHANNEL_LABELS = dict(Channel.choices)


class MarkReadForm(forms.Form):
    """The "mark as read" buttons: one inbox message (its id) or, without one, every unread message."""

    notification = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages={key: _("Choose a message from your inbox.") for key in ("invalid", "min_value", "max_value")},
    )


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["language", "easy_read", "quiet_hours", "quiet_start", "quiet_end", "daily_limit"]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, roles=(), **kwargs):
        """``roles``: the person's city roles in every city (``accounts.Membership.Role``); only the
        kinds sent to one of them are shown (``Kind.roles``)."""
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The language of my account")), *settings.LANGUAGES]
        self.fields["language"].widget = forms.Select(choices=self.fields["language"].choices)
        self.fields["quiet_start"].help_text = _("Time in your city, for example 21:00.")
        self.fields["quiet_end"].help_text = _("Time in your city, for example 07:00.")
        self.kind_fields = []
        for kind in kinds_for_roles(roles):
            code = kind.code
            name = f"kind_{code}"
            self.fields[name] = forms.MultipleChoiceField(
                label=kind.label,
                help_text=kind.audience,
                choices=[(channel, CHANNEL_LABELS[channel]) for channel in kind.allowed_channels],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=list(channels_for(self.instance, code)),
            )
            self.kind_fields.append(name)

    def kind_bound_fields(self):
        return [self[name] for name in self.kind_fields]

    def chosen_channels(self) -> dict[str, list[str]]:
        """The choices shown, on top of the saved choices of kinds not shown (a role held before)."""
        kept = {code: list(wanted) for code, wanted in self.instance.channels.items() if code in KINDS}
        return kept | {name.removeprefix("kind_"): self.cleaned_data[name] for name in self.kind_fields}

    def other_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CallLogForm(forms.Form):
    """One call made for a call to make: the outcome, a note, and when (the city's clock; default now)."""

    outcome = forms.ChoiceField(
        label=_("How did the call go?"), choices=CallLog.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example: asked to call back after 4 pm, or the number belongs to someone else."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    called_at = SplitDateTimeField(
        label=_("When was the call?"),
        noun=_("The call"),
        help_text=_("Date and time in the city's time. For example 5 3 2026, time 09.30."),
    )

    def clean_called_at(self):
        called_at = self.cleaned_data["called_at"]
        try:
            called_at.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError(_("This date and time is out of range."), code="overflow") from error
        if called_at > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("The call cannot be in the future."), code="future")
        return called_at
