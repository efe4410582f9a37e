"""The preferences form: a group of channel checkboxes per kind the person can receive (by their roles),
then language, format, quiet hours and limit."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KINDS, kinds_for_roles
from notifications.models import Channel, NotificationPreference
from notifications.services import channels_for

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
