"""Hypothesis profiles: ``ci`` (the default, 300 examples, the same ones every run) and ``dev``
(2000 new ones each run, to look for more), chosen by the ``HYPOTHESIS_PROFILE`` environment
variable."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Each example writes and checks a small project: slower than hypothesis expects of one
# example, and the strategies draw file choices that a few examples cannot satisfy.
_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

# The gate's own tests must give the same answer for the same commit; finding new failing
# inputs is the dev profile's job, and each one found becomes an explicit example or test.
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=_SUPPRESSED, derandomize=True
)
settings.register_profile("dev", max_examples=2000, deadline=None, suppress_health_check=_SUPPRESSED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Runs in tests cache their facts in a temporary folder, never in the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WSLINT_CACHE_DIR", str(tmp_path_factory.mktemp("wslint-cache")))
        yield
