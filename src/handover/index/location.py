"""Where a team folder's index lives, without importing the index itself (completion uses it)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def index_path(root: Path) -> Path:
    """Where a team folder's index lives: the user cache folder, keyed by the real path."""
    from platformdirs import user_cache_dir

    real = os.path.realpath(root)
    key = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(user_cache_dir("handover", appauthor=False)) / f"{key}.sqlite3"
