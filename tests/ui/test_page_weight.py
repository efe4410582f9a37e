"""Page weight budget: a typical page is at most 100 KB transferred (HTML + CSS + JS, gzip-compressed).

Measured the way the page travels: the rendered HTML and every stylesheet and script it links,
each gzip-compressed (whitenoise serves pre-compressed .gz/.br files in production; brotli is
smaller still). Images are not counted: the public pages have none.
"""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

BUDGET_BYTES = 100 * 1024


def transferred_bytes(client, url: str) -> dict[str, int]:
    html = client.get(url).content
    sizes = {"html": len(gzip.compress(html, compresslevel=6))}
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(asset.decode())
        with open(path, "rb") as handle:
            sizes[asset.decode()] = len(gzip.compress(handle.read(), compresslevel=6))
    return sizes


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "accessibility"])
def test_the_page_stays_within_the_weight_budget(client, url_name):
    sizes = transferred_bytes(client, reverse(url_name))

    total = sum(sizes.values())
    print(f"{url_name}: {total / 1024:.1f} KB gzip ({', '.join(f'{k} {v / 1024:.1f}' for k, v in sizes.items())})")
    assert len(sizes) >= 3, sizes  # the page, its stylesheet and its script were all counted
    assert total <= BUDGET_BYTES
