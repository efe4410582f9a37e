"""Fixtures the fault tests borrow from other test folders: the local webhook receiver, and the
placements' staff officer, employer and published vacancy."""

from tests.placements.conftest import employer_user, staff, vacancy  # noqa: F401
from tests.webhooks.conftest import receiver  # noqa: F401


def pytest_collection_modifyitems(config, items):
    """Tests marked ``faults`` (over 30 s each) run only with ``IJC_FAULTS=1`` (``make faults``)."""
    import os

    import pytest

    if os.environ.get("IJC_FAULTS") == "1":
        return
    skip = pytest.mark.skip(reason="slow fault test: run with `make faults` (IJC_FAULTS=1)")
    for item in items:
        if item.get_closest_marker("faults"):
            item.add_marker(skip)
