"""The project's settings, unchanged but for STATIC_ROOT: the bench collects into a temp folder.

config/settings.py has no variable for STATIC_ROOT, and the bench must not touch the
developer's staticfiles/. Everything else — DEBUG off, whitenoise's compressed manifest
storage, the database from DATABASE_URL — is exactly what production runs.
"""

from __future__ import annotations

import os
from pathlib import Path

from config.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
