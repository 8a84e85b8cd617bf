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


def arguments() -> tuple[str, bool]:
    """TEAM and --stat. The timed call (`TEAM` or `TEAM --stat`, TEAM a team folder) skips
    argparse, whose import would be part of the measured floor; anything else (`--help`, a
    wrong folder, an unknown option) goes through argparse for its usage line and error."""
    given = sys.argv[1:]
    # os.path, not pathlib: importing pathlib would be part of the measured floor
    timed_call = given and not given[0].startswith("-") and given[1:] in ([], ["--stat"])
    if timed_call and os.path.isdir(f"{given[0]}/customers"):  # noqa: PTH112
        return given[0], bool(given[1:])
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="example: python benchmarks/bare_stats.py /tmp/hb-bench/team-0.08 --stat",
    )
    parser.add_argument("team", help="A team folder (the one with customers/ in it).")
    parser.add_argument("--stat", action="store_true", help="Also stat every profile.yaml.")
    parsed = parser.parse_args(given)
    if not os.path.isdir(f"{parsed.team}/customers"):  # noqa: PTH112
        parser.error(f"{parsed.team}: no customers/ folder in it (not a team folder)")
    return parsed.team, parsed.stat


team, with_stat = arguments()
customers = f"{team}/customers"
folder = os.open(customers, os.O_RDONLY | os.O_DIRECTORY)
paths = [os.fsencode(entry.name) + b"/profile.yaml" for entry in os.scandir(customers)]
if with_stat:
    deque(map(partial(os.stat, dir_fd=folder), paths), maxlen=0)  # each result dropped at once
