"""Where a team folder's index lives, without importing the index itself (completion uses it).

A Tab runs this on every key press, so on Linux the cache folder is found as platformdirs
finds it there ($XDG_CACHE_HOME, else ~/.cache) without importing platformdirs (which brings
tempfile, shutil and bz2), and the key is hashed without hashlib's OpenSSL; a test keeps both
equal to the libraries' answers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """handover's user cache folder: platformdirs' ``user_cache_dir("handover")``."""
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path("~/.cache").expanduser())
        return Path(base) / "handover"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("handover", appauthor=False))


def _sha256_hex(data: bytes) -> str:
    try:  # CPython's own SHA-256: no OpenSSL to load (3.11: _sha256; 3.12: _sha2)
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256  # type: ignore[assignment,unused-ignore]
    digest: str = sha256(data).hexdigest()
    return digest


def index_path(root: Path) -> Path:
    """Where a team folder's index lives: the user cache folder, keyed by the real path."""
    real = os.path.realpath(root)
    key = _sha256_hex(real.encode("utf-8", "surrogateescape"))[:24]
    return cache_dir() / f"{key}.sqlite3"
