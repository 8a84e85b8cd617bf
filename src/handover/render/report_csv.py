"""`handover report --format csv`: one figure per row (a long table) for a spreadsheet's pivot.

A spreadsheet is read by people, so the words (column headers, sections, subjects, figures)
are in the interface language: a Korean lead opening it in Excel reads Korean. In English they
are the identifiers of `--json` (`median_days`), which stays English for programs."""

from __future__ import annotations

import csv
import io

from handover.domain import words
from handover.domain.report.results import Report
from handover.i18n import N_, _

CSV_COLUMNS = (N_("section"), N_("subject"), N_("start"), N_("end"), N_("figure"), N_("value"))

WORDS = {
    word: word
    for word in (
        N_("response"), N_("promises"), N_("recovery"), N_("health"), N_("contact"),
        N_("ratings"), N_("all"), N_("complaints"), N_("customers"),
        N_("resolved"), N_("median_days"), N_("p90_days"), N_("open"), N_("open_median_days"),
        N_("open_oldest_days"), N_("reopened"),
        N_("due"), N_("kept_on_time"), N_("kept_late"), N_("late_median_days"),
        N_("late_max_days"), N_("broken"), N_("due_last_day"), N_("renegotiated"),
        N_("kept_on_time_share"), N_("without_due"), N_("broken_refs"),
        N_("recovered"), N_("not_recovered"), N_("silent"), N_("waiting"), N_("silent_refs"),
        N_("zero"), N_("low"), N_("middle"), N_("full"),
        N_("moments"), N_("weeks"), N_("never"), N_("per_week"),
        N_("rated"), N_("unrated"), N_("zero_share"), N_("zeros"),
    )
}  # fmt: skip
"""Every word the sheet uses, marked for the catalogue; `_word` translates them."""


def _word(value: str) -> str:
    """A section, subject or figure in the interface language (rep ids stay as they are)."""
    if value in WORDS:
        return _(value)
    if value.startswith("rep:"):
        return _("rep:{rep}", rep=value[4:])
    if value.startswith("rating_"):
        return _("rating_{score}", score=value[7:])
    if value in words.ITEM_KINDS:
        return words.item_kind(value)
    return words.channel(value)  # the channels of `contact`


def report_csv(report: Report) -> str:
    """One figure per row (a long table), so a spreadsheet can pivot it any way."""
    scope = report.scope
    start, end = str(scope.since), str(scope.until)
    rows: list[tuple[object, ...]] = []

    def add(
        section: str, subject: str, figures: dict[str, object], a: str = start, b: str = end
    ) -> None:
        for figure, value in figures.items():
            value = "" if value is None else value
            rows.append((_word(section), _word(subject), a, b, _word(figure), value))

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
    writer.writerow([_(column) for column in CSV_COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue()
