"""Hypothesis profiles: ``ci`` (the default, 300 examples) and ``dev`` (2000), chosen by
the ``HYPOTHESIS_PROFILE`` environment variable."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Each example writes and checks a small project: slower than hypothesis expects of one
# example, and the strategies draw file choices that a few examples cannot satisfy.
_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]

settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=_SUPPRESSED)
settings.register_profile("dev", max_examples=2000, deadline=None, suppress_health_check=_SUPPRESSED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
