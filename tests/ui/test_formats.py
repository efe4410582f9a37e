"""Numbers and rupiah in the reader's language ({% load ui %})."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from ijc_portal.templatetags.ui import number, rupiah


def test_rupiah_uses_dots_for_thousands_in_indonesian():
    with translation.override("id"):
        assert rupiah(1250000) == "Rp 1.250.000"
        assert rupiah(Decimal("4999.60")) == "Rp 5.000"
        assert rupiah(-1500) == "-Rp 1.500"


def test_rupiah_uses_commas_for_thousands_in_english():
    with translation.override("en"):
        assert rupiah(1250000) == "Rp 1,250,000"


def test_numbers_use_the_indonesian_decimal_comma():
    with translation.override("id"):
        assert number(12345) == "12.345"
        assert number(Decimal("2.5"), 1) == "2,5"


def test_a_non_number_passes_through_unchanged():
    assert rupiah("n/a") == "n/a"
    assert number(None) is None


def test_the_filters_load_in_templates():
    with translation.override("id"):
        rendered = Template("{% load ui %}{{ wage|rupiah }} · {{ n|number }}").render(
            Context({"wage": 3500000, "n": 98})
        )
    assert rendered == "Rp 3.500.000 · 98"
