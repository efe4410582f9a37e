"""Fixtures for the reference-data tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reference.datacopy import copy_data


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of reference/data/ to corrupt and pass as ``--data-dir``."""
    return copy_data(tmp_path)
