"""Answers assessments gives the apps below it through their provider registries (registered in
``apps.py``)."""

from __future__ import annotations

from assessments import selectors


def verified_accessibility(workplace) -> dict | None:
    """``employers.providers.verified_accessibility``: the newest assessment of
    ``workplace`` the employer has **shared** (a completed one stays with the IJC until shared), in
    the shape that provider documents; ``None`` when there is none."""
    from assessments.templatetags.assessments import area_label

    verified = selectors.verified_features(workplace, shared_only=True)
    if verified is None:
        return None
    return {
        "assessed_on": verified["assessed_on"],
        "checklist": verified["version"].name_text,  # in the reader's language, like the area labels
        "features": dict(verified["features"]),
        "areas": [
            {"label": area_label(area.area), "passed": area.passed, "counted": area.counted, "percent": area.percent}
            for area in verified["areas"]
            if area.counted
        ],
    }


def register() -> None:
    from employers import providers

    providers.verified_accessibility.register(verified_accessibility)
