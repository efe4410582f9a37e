"""The public job board's search: full-text (``indonesian``), typos (pg_trgm), relevance, the capped count."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers import selectors
from employers.models import BoardWord, PublishedVacancy
from employers.views import public

pytestmark = pytest.mark.django_db


def _row(city, n: int, title: str, text: str = "", days_ago: int = 0) -> PublishedVacancy:
    return PublishedVacancy.objects.create(
        portal_city=city,
        vacancy_id=n,
        title=title,
        employer_name="PT Contoh",
        arrangement="on_site",
        employment_type="permanent",
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
        search_text=f"{title} pt contoh {text}".lower(),
    )


def _titles(**kwargs) -> list[str]:
    return [row.title for row in selectors.board_search(**kwargs)]


def test_words_are_stemmed_and_all_required(city_a):
    _row(city_a, 1, "Penjahit pakaian", "Menjahit seragam kantor.")
    _row(city_a, 2, "Staf gudang", "Pekerjaan mengatur barang.")
    assert _titles(q="menjahit") == ["Penjahit pakaian"]
    assert _titles(q="JAHIT seragam") == ["Penjahit pakaian"]
    assert _titles(q="bekerja") == ["Staf gudang"]  # "pekerjaan" and "bekerja" share the stem "kerja"
    assert _titles(q="penjahit astronaut") == []


def test_a_typo_finds_the_nearest_title_word(city_a):
    _row(city_a, 1, "Penjahit pakaian")
    _row(city_a, 2, "Operator mesin")
    assert BoardWord.objects.filter(word__in=["penjahit", "pakaian", "operator", "mesin"]).count() == 4
    assert _titles(q="penjhit") == ["Penjahit pakaian"]
    assert _titles(q="oprator mesin") == ["Operator mesin"]
    assert _titles(q="xqzv") == []


def test_title_matches_rank_first_then_the_newest(city_a):
    _row(city_a, 1, "Kasir toko", days_ago=5)
    _row(city_a, 2, "Pramuniaga", "Membantu kasir di toko.", days_ago=0)
    _row(city_a, 3, "Kasir minimarket", days_ago=1)
    assert _titles(q="kasir") == ["Kasir minimarket", "Kasir toko", "Pramuniaga"]
    assert _titles() == ["Pramuniaga", "Kasir minimarket", "Kasir toko"]


def test_query_syntax_and_junk_are_plain_words(city_a):
    _row(city_a, 1, "Operator data")
    for q in ["operator & | ! ( ) : * '", "operator:*", "'operator'", "\u00b2", "a" * 500, "!!!"]:
        selectors.board_search(q=q).count()  # no syntax error
    assert _titles(q="operator:*") == ["Operator data"]
    assert selectors.search_words("Op-erator  & DATA! x" * 3, limit=3) == ["operator", "data", "xoperator"]


def test_the_board_says_more_than_the_counted_limit(client, city_a, monkeypatch):
    monkeypatch.setattr(selectors, "BOARD_RANKED", 2)
    monkeypatch.setattr(public.BoardPaginator, "limit", 2)
    for n in range(4):
        _row(city_a, n + 1, f"Kasir {n}")
    page = client.get(reverse("employers:board"), {"q": "kasir"})
    assert page.context["page_obj"].paginator.more and page.context["page_obj"].paginator.count == 2
    assert "More than 2 vacancies found" in page.content.decode()
    page = client.get(reverse("employers:board"), {"q": "kasir 1"})
    assert not page.context["page_obj"].paginator.more
    assert "1 vacancy found" in page.content.decode()
