"""HTML pages: a user's API tokens in the current city — create (secret shown once), list, revoke.

Permission ``api.manage_tokens``. Roles in ``MFA_REQUIRED_ROLES`` must have confirmed a TOTP
authenticator first (``accounts.permissions.check`` redirects them to the set-up page), so a
staff token can never be created without MFA.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import permission_required
from api import tokens
from api.forms import TokenCreateForm
from api.models import ApiToken


def _crumbs() -> list[dict]:
    return [
        {"label": gettext_lazy("My account"), "url": reverse("accounts:profile")},
        {"label": gettext_lazy("API tokens")},
    ]


@permission_required("api.manage_tokens")
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """``GET``: the form and the user's tokens here; ``POST``: create one and show its secret once.

    The secret is in this one response only (``Cache-Control: no-store``); it is never stored,
    logged or put in the session.
    """
    form = TokenCreateForm(request.POST or None)
    created = raw = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires_at = None
        if data["expires"] != "never":
            expires_at = timezone.now() + datetime.timedelta(days=int(data["expires"]))
        created, raw = tokens.token_create(
            user=request.user, name=data["name"], scope=data["scope"], expires_at=expires_at
        )
        form = TokenCreateForm()
    page = Paginator(ApiToken.objects.filter(user_id=request.user.pk), 50).get_page(request.GET.get("page"))
    response = TemplateResponse(
        request,
        "api/token_list.html",
        {
            "form": form,
            "page_obj": page,
            "created": created,
            "raw_token": raw,
            "now": timezone.now(),
            "breadcrumbs": _crumbs(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@permission_required("api.manage_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens here (another user's or city's token is a 404)."""
    token = get_object_or_404(ApiToken.objects.filter(user_id=request.user.pk), pk=pk)
    tokens.token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” was revoked. It no longer works.") % {"name": token.name})
    return redirect("api-tokens:list")
