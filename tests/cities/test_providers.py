"""``cities.providers.Provider``: how a lower app asks a higher one for a value (docs/architecture.md)."""

from __future__ import annotations

import pytest

from cities import providers
from cities.providers import Provider
from employers import providers as employer_providers


def test_an_empty_slot_answers_its_default():
    slot = Provider("example", list)
    assert slot.registered is None
    assert slot("anything", key="value") == []


def test_a_registered_function_answers_with_the_arguments_given():
    slot = Provider("example", list)

    def answer(user, *, extra=0):
        return [user, extra]

    assert slot.register(answer) is answer
    assert slot.register(answer) is answer  # the same function again changes nothing
    assert slot(7, extra=1) == [7, 1]


def test_a_second_function_is_refused():
    slot = Provider("example", list)
    slot.register(lambda: [1])
    with pytest.raises(RuntimeError, match="already has a provider"):
        slot.register(lambda: [2])


def test_the_apps_above_registered_their_answers():
    assert providers.member_city_ids.registered.__module__ == "accounts.selectors"
    assert employer_providers.portal_hires.registered.__module__ == "placements.providers"
    assert employer_providers.portal_hires_many.registered.__module__ == "placements.providers"
    assert employer_providers.referred_candidates.registered.__module__ == "placements.providers"
    assert employer_providers.verified_accessibility.registered.__module__ == "assessments.providers"
