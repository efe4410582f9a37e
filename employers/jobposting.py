"""schema.org ``JobPosting`` of a published vacancy, without a request: for the API, webhooks and exports.

``job_posting(vacancy, url=...)`` returns a JSON-ready dict with Google's required fields (title,
description, datePosted, hiringOrganization, jobLocation) and, when known, validThrough,
employmentType, baseSalary (IDR per month) and the remote-work fields. Only what the public vacancy
page shows is included (https://schema.org/JobPosting; Google Search Central, "Job posting
structured data"). ``public_url(vacancy)`` is the vacancy's public page under ``PORTAL_BASE_URL``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse

from cities.calendar import city_zone
from employers.models import Vacancy

# Our employment types → schema.org employmentType values.
EMPLOYMENT_TYPE_SCHEMA = {
    "permanent": "FULL_TIME",
    "fixed_term": "TEMPORARY",
    "part_time": "PART_TIME",
    "internship": "INTERN",
    "daily": "PER_DIEM",
}


def public_url(vacancy: Vacancy) -> str:
    """The absolute URL of the vacancy's public page (``PORTAL_BASE_URL`` + ``/kota/<slug>/lowongan/<pk>/``)."""
    path = reverse("employers:vacancy-public", kwargs={"city_slug": vacancy.city.slug, "pk": vacancy.pk})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def job_posting(vacancy: Vacancy, *, url: str | None = None) -> dict:
    """The ``JobPosting`` dict of a published ``vacancy`` (``url`` defaults to ``public_url``).

    Reads ``vacancy.employer``, ``vacancy.workplace`` and ``vacancy.city`` (with its province), and
    ``vacancy.esco_skills`` (``skills``): select and prefetch them with the vacancy when building many.
    ``experienceRequirements`` is ``experience_years`` in months. Dates are ISO 8601 on the city's own
    clock with its UTC offset (WIB +07:00, WITA +08:00, WIT +09:00): ``datePosted`` is the moment of
    publication, ``validThrough`` the end of the deadline day; wages are whole rupiah per month.
    """
    city = vacancy.city
    zone = city_zone(city)
    address = vacancy.workplace.address if vacancy.workplace else vacancy.employer.address
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description,
        "datePosted": (
            vacancy.published_at.astimezone(zone).replace(microsecond=0).isoformat() if vacancy.published_at else None
        ),
        "hiringOrganization": {"@type": "Organization", "name": vacancy.employer.legal_name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": address,
                "addressLocality": city.name,
                "addressRegion": city.province.name,
                "addressCountry": "ID",
            },
        },
        "employmentType": EMPLOYMENT_TYPE_SCHEMA.get(vacancy.employment_type, "OTHER"),
        "identifier": {"@type": "PropertyValue", "name": vacancy.employer.legal_name, "value": str(vacancy.pk)},
        "totalJobOpenings": vacancy.openings,
        "directApply": False,
        "url": url or public_url(vacancy),
    }
    if vacancy.employer.website:
        data["hiringOrganization"]["sameAs"] = vacancy.employer.website
    if vacancy.deadline:
        end_of_day = datetime.datetime.combine(vacancy.deadline, datetime.time(23, 59, 59), tzinfo=zone)
        data["validThrough"] = end_of_day.isoformat()
    if vacancy.arrangement == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "ID"}
    skills = sorted(skill.label_en for skill in vacancy.esco_skills.all())  # prefetch "esco_skills" for many
    if skills:
        data["skills"] = ", ".join(skills)
    if vacancy.experience_years:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": vacancy.experience_years * 12,
        }
    if vacancy.wage_min is not None or vacancy.wage_max is not None:
        value: dict = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if vacancy.wage_min is not None:
            value["minValue"] = vacancy.wage_min
        if vacancy.wage_max is not None:
            value["maxValue"] = vacancy.wage_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "IDR", "value": value}
    return data
