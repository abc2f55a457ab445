"""Ratings as CSV: one row a park with its stars and the outcome of every cell of the
matrix (columns `i<indicator>_l<level>`), for spreadsheets and analysts."""

import csv
import io

from parkstar.engine.rater import ParkRating
from parkstar.report.text import rating_note


def ratings_csv(ratings: list[ParkRating], lang: str, edition: str | None = None) -> str:
    """`edition`: the identifier of the edition the ratings were computed under (a column,
    so a table passed on still says which standard it applies)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    cells = [(c.indicator.number, c.level) for c in ratings[0].cells] if ratings else []
    writer.writerow(
        ["park", "name_zh", "name_en", "category", "region", "stars", "pending_level", "note", "edition"]
        + [f"i{i}_l{level}" for i, level in cells]
    )
    for r in ratings:
        writer.writerow(
            [
                str(r.park),
                r.name.zh,
                r.name.en,
                str(r.category or ""),
                str(r.region or ""),
                r.stars,
                r.pending_level or "",
                rating_note(r, lang),
                edition or "",
            ]
            + [r.cell(i, level).outcome.value for i, level in cells]
        )
    return buffer.getvalue()
