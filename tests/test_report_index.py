"""What `handover report` reads from the index is what the files say: the compact stored
timeline and the health steps worked out at build time give the same figures as computing
from the records, on the demo team (a year of varied stories)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import PROJECT

DEMO = PROJECT / "profiles"


def test_the_indexed_report_is_the_report_computed_from_the_files() -> None:
    from handover.core.report import scan_report, team_report
    from handover.core.workspace import Workspace

    ws = Workspace.open(DEMO)
    for args in (
        {"until": "2026-11-20"},
        {"until": "2026-11-20", "by": "week", "since": "2026-05-04"},
        {"until": "2026-08-31", "rep": "hkang"},
    ):
        assert team_report(ws, **args) == scan_report(ws, **args), args


@pytest.mark.parametrize(
    "thresholds",
    [
        {},
        {"complaint_days": 3, "request_days": 5, "promise_grace_days": 2,
         "contact_overdue_days": 4, "silence_days": 20},
    ],
)  # fmt: skip
def test_the_stored_health_steps_give_every_days_health(thresholds: dict[str, int]) -> None:
    """Day by day over two years, for every demo customer, the health looked up in the steps
    (after a round trip through the stored form) is the health scored on that day."""
    from handover.domain.report import timeline
    from handover.domain.report.trends import health_series, health_steps
    from handover.format.store import TeamFolder
    from handover.format.team_config import HealthSettings

    folder = TeamFolder(DEMO)
    settings = HealthSettings(**thresholds)
    days = list(range(dt.date(2025, 9, 1).toordinal(), dt.date(2027, 9, 1).toordinal()))
    for customer_id in folder.customer_ids():
        built = timeline.build(customer_id, folder.records(customer_id))
        stored = timeline.loads(timeline.dumps(health_steps(built, settings)))
        assert stored.health is not None
        found, percents = list(stored.health.days), list(stored.health.percents)
        looked_up = [percents[max(i for i, start in enumerate(found) if start <= d)] for d in days]
        assert looked_up == health_series(built, days, settings), customer_id
