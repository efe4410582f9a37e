"""The printable card: its fields (Permenaker 39/2016's AK/1 form), a QR code to the public
verification page, and the PDF (WeasyPrint, fetching nothing but ``data:`` URIs)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from ak1.models import REPORT_BOXES, Card
from ak1.services import current_settings
from reference.education import EducationLevel


def verification_url(request: HttpRequest, card: Card) -> str:
    return request.build_absolute_uri(
        reverse("ak1:verify", kwargs={"city_slug": card.city.slug, "token": card.verification_token})
    )


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code, an SVG ``data:`` URI (no file, no request)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def card_context(request: HttpRequest, card: Card) -> dict:
    seeker = card.job_seeker
    levels = [entry.level for entry in seeker.education.all()]
    ranked = [level for level in EducationLevel.values if level in levels]
    reports = {report.box: report for report in card.reports.all()}
    return {
        "card": card,
        "seeker": seeker,
        "education": EducationLevel(ranked[-1]).label if ranked else "",
        "skills": [skill.label() for skill in seeker.skills.all()[:8]],
        "boxes": [(box, card.box_due_on(box), reports.get(box)) for box in range(1, REPORT_BOXES + 1)],
        "office_name": current_settings().office_name,
        "verify_url": verification_url(request, card),
        "qr": qr_data_uri(verification_url(request, card)),
    }


def card_css() -> str:
    path = finders.find("css/ak1.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def card_pdf(request: HttpRequest, card: Card) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "ak1/card_document.html", {**card_context(request, card), "card_css": card_css()}, request=request
    )
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
