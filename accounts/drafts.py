"""Server-side drafts of long forms (docs/ui.md, "Drafts and the session time-out").

A view decorated with ``@keeps_draft`` (outside its ``@permission_required``) keeps what the
signed-in person typed, per user, form and object, in ``FormDraft`` (city-owned, forced RLS):

- a POST that is answered with the form again (it failed validation) saves the submitted fields;
  a POST answered with a redirect (saved) deletes the draft;
- a GET restores the draft into the page's unbound forms (as initial values: text, choices,
  multi-choices, radios, checkbox lists, day/month/year boxes) and puts ``form_draft`` in the
  context for the "We restored what you typed on …" notice (``components/draft_notice.html``);
- a POST with ``_draft=discard`` deletes it; ``_draft=autosave`` (portal.js) saves it and answers
  204 without running the view; both need the view's permission;
- a POST that arrives after the session expired is kept in the new, anonymous session (signed,
  for ``STASH_MAX_AGE``) with the user the expired session belonged to; when that same user
  signs in again and comes back to the page, it becomes their draft. Another person signing in
  on the same browser never sees it (``on_sign_in``).

Never kept: passwords, the CSRF token, files (a file must be chosen again).
"""

from __future__ import annotations

import functools
import json
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import FORM_DRAFT_KEPT_FOR, FormDraft
from accounts.permissions import check

DRAFT_FIELD = "_draft"  # the POST field of the notice's "discard" button and of portal.js's autosave
STASH_SESSION_KEY = "form_draft_stash"
STASH_SALT = "accounts.drafts.stash"
STASH_MAX_AGE = 2 * 60 * 60  # seconds a POST sent after the session expired waits for the sign-in
MAX_DRAFT_CHARS = 200_000  # a larger submission is not kept (no form of ours comes near it)
NEVER_KEPT = frozenset({"csrfmiddlewaretoken", DRAFT_FIELD})
SKIPPED_WIDGETS = (forms.HiddenInput, forms.FileInput, forms.PasswordInput)


# --- What is kept ------------------------------------------------------------------------------------


def posted_fields(data: QueryDict) -> dict[str, list[str]]:
    """The submitted fields as ``{name: [values]}``, without passwords and tokens. NUL characters are
    dropped: PostgreSQL's ``jsonb`` cannot hold them, and no field of ours takes one (the form refuses it)."""
    return {
        name.replace("\x00", ""): [str(value).replace("\x00", "") for value in data.getlist(name)]
        for name in data
        if name not in NEVER_KEPT and "password" not in name.lower()
    }


def as_querydict(fields: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, [str(value) for value in values])
    return data


def form_key(request: HttpRequest) -> tuple[str, int]:
    """The form (the URL's name and its arguments but the object's ``pk``) and the object (``pk``, 0 if none)."""
    match = request.resolver_match
    arguments = {name: value for name, value in match.kwargs.items() if name not in ("pk", "city_slug")}
    key = match.view_name + "".join(f":{name}={arguments[name]}" for name in sorted(arguments))
    return key[:200], int(match.kwargs.get("pk") or 0)


# --- Services and selectors --------------------------------------------------------------------------


def draft_save(*, user, key: str, object_id: int, fields: dict, saved_at: datetime | None = None) -> FormDraft | None:
    """Keep ``fields`` as the user's draft of this form (replacing an older one); ``None`` if too large."""
    if len(json.dumps(fields)) > MAX_DRAFT_CHARS:
        return None
    draft, _created = FormDraft.objects.update_or_create(
        user=user,
        form_key=key,
        object_id=object_id,
        defaults={"data": fields, "saved_at": saved_at or timezone.now()},
    )
    return draft


def draft_get(*, user, key: str, object_id: int) -> FormDraft | None:
    """The user's draft of this form, if one is kept (an expired one is deleted here)."""
    drafts = FormDraft.objects.filter(user=user, form_key=key, object_id=object_id)
    draft = drafts.first()
    if draft is not None and draft.saved_at <= timezone.now() - FORM_DRAFT_KEPT_FOR:
        drafts.delete()
        return None
    return draft


def draft_discard(*, user, key: str, object_id: int) -> int:
    return FormDraft.objects.filter(user=user, form_key=key, object_id=object_id).delete()[0]


def drafts_delete_expired() -> int:
    """Delete the current city's drafts older than ``FORM_DRAFT_KEPT_FOR`` (run inside ``city_context``)."""
    return FormDraft.objects.filter(saved_at__lte=timezone.now() - FORM_DRAFT_KEPT_FOR).delete()[0]


# --- Restoring into forms ----------------------------------------------------------------------------


def _page_forms(context: dict) -> list[forms.BaseForm]:
    found = []
    for value in context.values():
        candidates = value if isinstance(value, list | tuple) else [value]
        found.extend(item for item in candidates if isinstance(item, forms.BaseForm) and item not in found)
    return found


def _changed_since(form: forms.BaseForm, data: QueryDict) -> bool:
    """Whether a hidden field of the form (an assessment item's ``revision``) has another value now
    than in the draft: the object was saved since (by this person or another), and what is saved wins."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field.widget, forms.HiddenInput) and key in data:
            now = form.initial.get(name, field.initial)
            if str(data.get(key) or "") != str("" if now is None else now):
                return True
    return False


def restore_into(form: forms.BaseForm, data: QueryDict) -> bool:
    """Put ``data`` into an unbound ``form`` as its initial values (a field missing from ``data`` is
    an unticked box or an empty list); ``False`` for a bound form or one saved since the draft."""
    if form.is_bound or _changed_since(form, data):
        return False
    empty = QueryDict()
    for name, field in form.fields.items():
        if field.disabled or isinstance(field.widget, SKIPPED_WIDGETS):
            continue  # hidden fields carry the page's state (a revision): the current one stays
        form.initial[name] = field.widget.value_from_datadict(data, empty, form.add_prefix(name))
    form._bound_fields_cache.clear()  # a page already rendered once has its fields' initial values cached
    return True


# --- The expired-session stash -----------------------------------------------------------------------


def _expired_session_owner(request: HttpRequest) -> tuple[int | None, int | None]:
    """The user (and active city) of the session the browser still names, if it has only expired."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return None, None
    row = Session.objects.filter(session_key=key, expire_date__lte=timezone.now()).first()
    if row is None:
        return None, None
    decoded = row.get_decoded()
    user_id, city_id = decoded.get(SESSION_KEY), decoded.get("active_city_id")
    return (int(user_id) if str(user_id or "").isdigit() else None), (city_id if isinstance(city_id, int) else None)


def stash_expired_post(request: HttpRequest) -> bool:
    """Keep an anonymous POST sent from a page of an expired session, for that session's user only."""
    user_id, city_id = _expired_session_owner(request)
    if user_id is None:
        return False
    key, object_id = form_key(request)
    if not posted_fields(request.POST):
        return False
    payload = {
        "user": user_id,
        "city": city_id,
        "path": request.path,
        "key": key,
        "object": object_id,
        "fields": posted_fields(request.POST),
        "at": timezone.now().isoformat(),
    }
    if len(json.dumps(payload)) > MAX_DRAFT_CHARS:
        return False
    request.session[STASH_SESSION_KEY] = signing.dumps(payload, salt=STASH_SALT)
    return True


def _stash(request: HttpRequest) -> dict | None:
    value = request.session.get(STASH_SESSION_KEY)
    if not value:
        return None
    try:
        return signing.loads(value, salt=STASH_SALT, max_age=STASH_MAX_AGE)
    except signing.BadSignature:  # also expired
        request.session.pop(STASH_SESSION_KEY, None)
        return None


def on_sign_in(sender, request=None, user=None, **kwargs) -> None:
    """``user_logged_in``: forget a stash that belongs to someone else (a shared computer)."""
    if request is None or user is None or not hasattr(request, "session"):
        return
    stash = _stash(request)
    if stash is not None and stash["user"] != user.pk:
        request.session.pop(STASH_SESSION_KEY, None)


def claim_stash(request: HttpRequest, key: str, object_id: int) -> FormDraft | None:
    """Turn the stash into the signed-in user's draft of this form, when it is theirs and of this page."""
    stash = _stash(request)
    if stash is None or stash["user"] != request.user.pk:
        return None
    if stash["path"] != request.path or (stash["key"], stash["object"]) != (key, object_id):
        return None
    if stash["city"] is not None and stash["city"] != request.city.pk:
        return None
    request.session.pop(STASH_SESSION_KEY, None)
    saved_at = datetime.fromisoformat(stash["at"])
    return draft_save(user=request.user, key=key, object_id=object_id, fields=stash["fields"], saved_at=saved_at)


# --- The decorator -----------------------------------------------------------------------------------


def _restore(context: dict, draft: FormDraft | None) -> None:
    """Fill the page's unbound forms from ``draft``; ``form_draft`` (and ``form_draft_files``) for the notice."""
    if draft is None:
        return
    data = as_querydict(draft.data)
    restored = [form for form in _page_forms(context) if restore_into(form, data)]
    if restored:
        context["form_draft"] = draft
        fields = [field for form in restored for field in form.fields.values()]
        context["form_draft_files"] = any(isinstance(field.widget, forms.FileInput) for field in fields)


def _redirects(response: HttpResponse) -> bool:
    return response.status_code in (301, 302, 303, 307, 308)


def keeps_draft(view):
    """Keep a server-side draft of the view's form (module docs). Put it above ``@permission_required``."""
    permission = getattr(view, "permission_required", None)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            response = view(request, *args, **kwargs)
            if request.method == "POST" and _redirects(response) and request.POST.get(DRAFT_FIELD) != "discard":
                stash_expired_post(request)
            return response
        if getattr(request, "city", None) is None:
            return view(request, *args, **kwargs)
        key, object_id = form_key(request)
        action = request.POST.get(DRAFT_FIELD) if request.method == "POST" else None
        if action in ("autosave", "discard"):
            if permission:
                denied = check(request, permission)
                if denied is not None:
                    return denied
            if action == "autosave":
                draft_save(user=user, key=key, object_id=object_id, fields=posted_fields(request.POST))
                saved = HttpResponse(status=204)  # the request renewed the session: the warning's clock restarts
                saved["X-Session-Expires-In"] = str(request.session.get_expiry_age())
                return saved
            draft_discard(user=user, key=key, object_id=object_id)
            messages.success(request, _("What you typed is discarded. The form shows what is saved."))
            return redirect(request.get_full_path())
        if request.method == "GET":
            claim_stash(request, key, object_id)
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            if _redirects(response):
                draft_discard(user=user, key=key, object_id=object_id)
            elif isinstance(response, TemplateResponse) and response.status_code == 200:
                draft_save(user=user, key=key, object_id=object_id, fields=posted_fields(request.POST))
        if isinstance(response, TemplateResponse) and response.status_code == 200:
            context = response.context_data if response.context_data is not None else {}
            context["form_draft_enabled"] = bool(_page_forms(context))  # a vacancy no longer a draft has none
            if request.method == "GET":
                _restore(context, draft_get(user=user, key=key, object_id=object_id))
            response.context_data = context
            if response.is_rendered:  # a view that renders before returning: render again with the draft
                response.content = response.rendered_content
        return response

    return wrapped
