"""The empty first option of every drop-down, in the reader's language.

Django's own (``"- Select an option -"``, or ``"---------"`` written by hand) has no Indonesian
translation, so an Indonesian page would show English. ``BLANK_LABEL`` replaces Django's
``BLANK_CHOICE_LABEL`` project-wide (``ijc_portal.apps.PortalConfig.ready``: model fields, model
choice fields and the admin), and ``with_blank`` puts it before the choices of a plain form field.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

BLANK_LABEL = _("— Choose —")


def with_blank(choices) -> list[tuple[str, object]]:
    """``choices`` with the empty option first: ``[("", "— Pilih —"), *choices]``."""
    return [("", BLANK_LABEL), *choices]
