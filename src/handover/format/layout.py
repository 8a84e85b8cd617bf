"""The names of a team folder's files and folders. (Which folder a command works on is
`format/folder_lookup.py`.)
"""

from __future__ import annotations

import re

from handover.format.records import NOTE_ID

CONFIG_FILE = "handover.yaml"
CUSTOMERS_DIR = "customers"
PROFILE_FILE = "profile.yaml"
NOTES_DIR = "notes"

NOTE_FILE_NAME = re.compile(rf"^{NOTE_ID}\.yaml$")
"""A note's file name: ``<YYYYMMDDTHHMMSSZ>-<rep>-<hex>.yaml`` (the three groups of NOTE_ID)."""
