"""The least any correct freshness check of a team folder costs: one `stat` per profile.

Usage: python benchmarks/bare_stats.py TEAM [--stat]

Lists the customer folders; with --stat, also stats every `profile.yaml` as the index's check
does (`index/stamps.stat_all`: relative to the open customers folder, from C through `map`).
`read_side.py` runs both in the same rounds as the commands: the difference is what the
system calls alone cost, which a hand edit (it changes only its own file's stat) makes every
team view pay.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from functools import partial

customers = f"{sys.argv[1]}/customers"
folder = os.open(customers, os.O_RDONLY | os.O_DIRECTORY)
paths = [os.fsencode(entry.name) + b"/profile.yaml" for entry in os.scandir(customers)]
if "--stat" in sys.argv[2:]:
    deque(map(partial(os.stat, dir_fd=folder), paths), maxlen=0)  # each result dropped at once
