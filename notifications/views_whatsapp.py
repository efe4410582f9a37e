"""The WhatsApp Cloud API webhook: ``/whatsapp/webhook/`` (a machine endpoint, no city in the URL, no user).

- ``GET``: Meta's subscription handshake: ``hub.mode=subscribe`` and ``hub.verify_token`` equal to
  ``WHATSAPP_VERIFY_TOKEN`` answer ``hub.challenge``; anything else is 403.
- ``POST``: delivery statuses and inbound messages, signed by Meta (``X-Hub-Signature-256``: the
  HMAC-SHA256 of the raw body with ``WHATSAPP_APP_SECRET``). A bad or missing signature is 403 and
  changes nothing; a signed body that is not JSON is 400. Each status is applied in the city of the
  notification it names (``notifications.whatsapp.apply_status``), never another.

The only view of the portal exempt from CSRF: Meta cannot hold a CSRF token; the signature stands in.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import whatsapp


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        mode = request.GET.get("hub.mode", "")
        if not whatsapp.verify_subscription(mode, request.GET.get("hub.verify_token", "")):
            return HttpResponseForbidden("Forbidden", content_type="text/plain")
        return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
    body = request.body
    if not whatsapp.verify_signature(body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden("Bad signature", content_type="text/plain")
    try:
        event = json.loads(body)
    except ValueError:
        return HttpResponseBadRequest("Not JSON", content_type="text/plain")
    if not isinstance(event, dict):
        return HttpResponseBadRequest("Not an event", content_type="text/plain")
    return JsonResponse(whatsapp.handle_event(event))
