"""Shared test configuration: hypothesis profiles and common fixtures.

The ``ci`` profile (used by ``.ci/run`` through ``HYPOTHESIS_PROFILE=ci``) is deterministic and
has no deadline, so a slow machine never fails a property; ``dev`` is hypothesis' default.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """The folder of test fixtures (``tests/data``)."""
    return DATA
