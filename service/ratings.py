"""The stored ratings as the pages and their JSON twins need them: a list with what the
facets filter on, one park's full rating, and the overview's counts. Pages never re-rate:
everything comes from RatingResults.ratings(), read once per ratings run (the graph the
ratings pointer names) and kept until the pointer moves."""

import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import ParkRating
from parkstar.labels import label
from parkstar.report.data import rating_data
from parkstar.results import RatingResults

REGION_BASE = "https://w3id.org/parkstar/code/region/"
_CODE = re.compile(r"(\d{6})$")


def city_code(region: URIRef | None) -> str | None:
    """The prefecture-level city of a county code: its first 4 digits + "00"."""
    if region is None:
        return None
    match = _CODE.search(str(region))
    return f"{match.group(1)[:4]}00" if match else None


def park_id(park: URIRef) -> str:
    """The last segment of a park's IRI: what its page URL uses."""
    return re.split(r"[/#]", str(park).rstrip("/#"))[-1]


@dataclass
class Snapshot:
    run: str  # the ratings graph these were read from
    ratings: list[ParkRating]
    by_key: dict[str, ParkRating] = field(default_factory=dict)
    summaries: list[dict] | None = None  # the parks table's rows, made once per run

    def __post_init__(self) -> None:
        for rating in self.ratings:
            self.by_key.setdefault(str(rating.park), rating)
        for rating in self.ratings:
            self.by_key.setdefault(park_id(rating.park), rating)


class StoredRatings:
    def __init__(self, results: RatingResults) -> None:
        self.results = results
        self.criteria = results.criteria
        self.context = results.criteria.context
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        run = str(self.results.graph)
        current = self._snapshot
        if current is not None and current.run == run:
            return current
        with self._lock:
            if self._snapshot is None or self._snapshot.run != run:
                self._snapshot = Snapshot(run, self.results.ratings())
            return self._snapshot

    def find(self, key: str) -> ParkRating | None:
        """A park by its IRI or the last segment of it."""
        by_key = self.snapshot().by_key
        if key in by_key:
            return by_key[key]
        repaired = re.sub(r"^(https?):/(?!/)", r"\1://", key)  # "//" merged by a proxy or a path router
        return by_key.get(repaired)

    # ── JSON ─────────────────────────────────────────────────────────────────
    def compact(self, node) -> str | None:
        return None if node is None else self.context.namespace_manager.normalizeUri(node)

    def name_of(self, node) -> dict | None:
        """A code's label from the ontology and code lists, as {"zh", "en"}."""
        return None if node is None else label(self.context, node).as_dict()

    def summary(self, rating: ParkRating) -> dict:
        """One row of the parks table."""
        city = city_code(rating.region)
        return {
            "park": str(rating.park),
            "id": park_id(rating.park),
            "name": rating.name.as_dict(),
            "category": self.compact(rating.category),
            "category_name": self.name_of(rating.category),
            "region": self.compact(rating.region),
            "region_name": self.name_of(rating.region),
            "city": f"region:{city}" if city else None,
            "city_name": self.name_of(URIRef(REGION_BASE + city)) if city else None,
            "stars": rating.stars,
            "pending_level": rating.pending_level,
            "next_level": rating.next_level,
            "gap_indicators": sorted({r.requirement.indicator_number for r in rating.gap()}),
        }

    def rows(self) -> list[dict]:
        """Every park's row of the parks table (shared: callers copy before changing).
        Labelling every park is most of a table's cost, so it is done once per ratings run."""
        snapshot = self.snapshot()
        if snapshot.summaries is None:
            snapshot.summaries = [self.summary(r) for r in snapshot.ratings]
        return snapshot.summaries

    def parks(self) -> dict:
        rows = self.rows()
        return {"edition": self.results.edition_id, "count": len(rows), "parks": rows}

    def park(self, rating: ParkRating) -> dict:
        return rating_data(self.context, rating)

    def overview(self) -> dict:
        """How many parks at each star level, overall, by city and by category, and which
        indicators keep parks from their next star at each level (the number of parks
        whose next level is `level` with a requirement of `indicator` not met, or not
        assessable)."""
        ratings = self.snapshot().ratings
        levels = [0, *self.criteria.levels]

        def stars(group: list[ParkRating]) -> dict[str, int]:
            counts = Counter(r.stars for r in group)
            return {str(level): counts.get(level, 0) for level in levels}

        def grouped(key) -> dict:
            groups: dict = {}
            for rating in ratings:
                groups.setdefault(key(rating), []).append(rating)
            return groups

        cities = grouped(lambda r: city_code(r.region))
        by_city = [
            {
                "city": f"region:{code}" if code else None,
                "name": label(self.context, URIRef(REGION_BASE + code)).as_dict() if code else None,
                "parks": len(group),
                "stars": stars(group),
            }
            for code, group in sorted(cities.items(), key=lambda item: item[0] or "~")
        ]
        categories = grouped(lambda r: r.category)
        by_category = [
            {
                "category": self.compact(category),
                "name": label(self.context, category).as_dict() if category is not None else None,
                "parks": len(group),
                "stars": stars(group),
            }
            for category, group in sorted(categories.items(), key=lambda item: str(item[0] or "~"))
        ]
        blocking: Counter = Counter()
        for rating in ratings:  # each park counts once per indicator and outcome
            for indicator, outcome in {(r.requirement.indicator_number, r.outcome) for r in rating.gap()}:
                blocking[(rating.next_level, indicator, outcome)] += 1
        indicators = {i.number: i.label.as_dict() for i in self.criteria.indicators}
        heat = [
            {
                "level": level,
                "indicator": number,
                "indicator_name": indicators.get(number),
                "not_met": blocking[(level, number, Outcome.NOT_MET)],
                "not_assessable": blocking[(level, number, Outcome.NOT_ASSESSABLE)],
            }
            for level in self.criteria.levels
            for number in sorted(indicators)
        ]
        return {
            "edition": self.results.edition_id,
            "parks": len(ratings),
            "stars": stars(ratings),
            "pending": sum(1 for r in ratings if r.pending_level is not None),
            "by_city": by_city,
            "by_category": by_category,
            "blocking": heat,
        }
