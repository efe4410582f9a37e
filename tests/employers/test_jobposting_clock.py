"""The JobPosting JSON-LD and the vacancy export give dates on the city's own clock, with its offset."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from cities.tenancy import city_context
from employers.jobposting import job_posting
from employers.models import Vacancy

pytestmark = pytest.mark.django_db

# 23:30 UTC on 7 December is 8 December in every Indonesian zone.
PUBLISHED = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("zone", "posted", "valid_through"),
    [
        ("Asia/Jakarta", "2026-12-08T06:30:00+07:00", "2099-01-31T23:59:59+07:00"),
        ("Asia/Makassar", "2026-12-08T07:30:00+08:00", "2099-01-31T23:59:59+08:00"),
        ("Asia/Jayapura", "2026-12-08T08:30:00+09:00", "2099-01-31T23:59:59+09:00"),
    ],
)
def test_date_posted_and_valid_through_are_local_with_the_citys_offset(
    city_a, published_vacancy, zone, posted, valid_through
):
    city_a.timezone = zone
    city_a.save(update_fields=["timezone"])
    with city_context(city_a):
        Vacancy.objects.filter(pk=published_vacancy.pk).update(published_at=PUBLISHED)
        vacancy = Vacancy.objects.select_related("city__province", "employer", "workplace").get(pk=published_vacancy.pk)
        data = job_posting(vacancy, url="https://example.test/")

    assert data["datePosted"] == posted
    assert data["validThrough"] == valid_through


def test_the_feeds_give_publication_times_with_the_citys_offset(client, city_a, published_vacancy):
    city_a.timezone = "Asia/Makassar"  # WITA, UTC+8
    city_a.save(update_fields=["timezone"])

    rss = client.get(reverse("employers:city-feed", kwargs={"city_slug": city_a.slug})).content.decode()
    atom = client.get(reverse("employers:city-atom-feed", kwargs={"city_slug": city_a.slug})).content.decode()

    assert re.search(r"<pubDate>[^<]+ \+0800</pubDate>", rss), rss
    assert re.search(r"<updated>[^<]+\+08:00</updated>", atom), atom
