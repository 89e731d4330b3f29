"""Which hypothesis profile a run uses: many examples in CI, few on a developer's machine."""

from __future__ import annotations

from collections.abc import Mapping

PROFILES = {"ci": 150, "dev": 15}  # examples per property or fuzz test


def in_ci(environ: Mapping[str, str]) -> bool:
    return environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    """HYPOTHESIS_PROFILE when set, else "ci" under CI=true, else "dev"."""
    chosen = environ.get("HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    return "ci" if in_ci(environ) else "dev"
