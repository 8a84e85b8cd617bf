"""The names of a team folder's files and folders. (Which folder a command works on is
`format/folder_lookup.py`.)
"""

from __future__ import annotations

import re

CONFIG_FILE = "handover.yaml"
CUSTOMERS_DIR = "customers"
PROFILE_FILE = "profile.yaml"
NOTES_DIR = "notes"

NOTE_ID = r"(\d{8}T\d{6}Z)-([a-z0-9][a-z0-9-]*)-([0-9a-f]{2,16})"
"""The one pattern of a note's name: its UTC time, its rep, its random token (three groups).
Here, not with the record models, so that naming a file never imports pydantic."""

NOTE_FILE_NAME = re.compile(rf"^{NOTE_ID}\.yaml$")
"""A note's file name: ``<YYYYMMDDTHHMMSSZ>-<rep>-<hex>.yaml`` (the three groups of NOTE_ID)."""
