"""`handover report --format csv`: one figure per row (a long table) for a spreadsheet's pivot."""

from __future__ import annotations

import csv
import io

from handover.domain.report.results import Report

CSV_COLUMNS = ("section", "subject", "start", "end", "figure", "value")


def report_csv(report: Report) -> str:
    """One figure per row (a long table), so a spreadsheet can pivot it any way."""
    scope = report.scope
    start, end = str(scope.since), str(scope.until)
    rows: list[tuple[object, ...]] = []

    def add(
        section: str, subject: str, figures: dict[str, object], a: str = start, b: str = end
    ) -> None:
        for figure, value in figures.items():
            rows.append((section, subject, a, b, figure, "" if value is None else value))

    response = report.response
    add("response", "all", response.all.model_dump())
    for kind, waits in response.by_kind.items():
        add("response", kind, waits.model_dump())
    for rep, waits in response.by_rep.items():
        add("response", f"rep:{rep}", waits.model_dump())
    for part in response.by_part:
        add(
            "response",
            "all",
            part.model_dump(exclude={"start", "end"}),
            str(part.start),
            str(part.end),
        )
    promises = report.promises.model_dump(exclude={"broken_refs"})
    promises["broken_refs"] = " ".join(report.promises.broken_refs)
    add("promises", "all", promises)
    recovery = report.recovery.model_dump(exclude={"recovered_refs", "silent_refs"})
    recovery["silent_refs"] = " ".join(report.recovery.silent_refs)
    add("recovery", "complaints", recovery)
    for point in report.health:
        add(
            "health", "customers", point.model_dump(exclude={"day"}), str(point.day), str(point.day)
        )
    contact = report.contact
    add(
        "contact",
        "all",
        {
            "moments": contact.moments,
            "weeks": contact.weeks,
            **contact.channels,
            "customers": contact.customers,
            "silent": contact.silent,
            "never": contact.never,
        },
    )
    for row in contact.reps:
        add(
            "contact",
            f"rep:{row.rep}",
            {"moments": row.moments, "per_week": row.per_week, **row.channels},
        )
    ratings = report.ratings
    add(
        "ratings",
        "all",
        {
            "moments": ratings.moments,
            "rated": ratings.rated,
            "unrated": ratings.unrated,
            "zero_share": ratings.zero_share,
            **{f"rating_{k}": v for k, v in ratings.counts.items()},
        },
    )
    for rated in ratings.by_part:
        add(
            "ratings",
            "all",
            {"rated": rated.rated, "zeros": rated.zeros},
            str(rated.start),
            str(rated.end),
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
