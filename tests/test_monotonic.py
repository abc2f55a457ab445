"""Improving any single fact of a park never lowers its rating (property test).

Random parks start from a perfect park (tests/standard/perfect.toml) and move up to eight
facts to random values: numbers drawn over values that straddle every threshold of the
standard (read from tests/standard/expected-table.toml: each threshold, one step under and
one step over), grades, platform statuses and assessment levels from the code lists
(ordered by their ps:rank), and documents, facilities, services, platforms, units and
assessments taken away or weakened. Each improvement changes one fact for the better: one
step more of a number, the next rank of a graded fact, one more item of a set, a false
flag made true, an item restored to the perfect park's. Every cell met before must still
be met, so the stars cannot go down."""

from __future__ import annotations

import copy
import tomllib
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parks import BASE, build_park
from rdflib import Graph, URIRef

from parkstar import paths
from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import Rater
from parkstar.vocab import PREFIXES, PS, SKOS

STANDARD = Path(__file__).parent / "standard"
PERFECT = tomllib.loads((STANDARD / "perfect.toml").read_text(encoding="utf-8"))
TABLE = tomllib.loads((STANDARD / "expected-table.toml").read_text(encoding="utf-8"))

# The input facts behind the figures the table's thresholds test, and their resolution.
FACT_OF_PATH = {
    "ps:landAreaMu": "land_area_mu",
    "ps:floorAreaSqm": "floor_area_sqm",
    "ps:residentEnterpriseCount": "enterprises",
    "ps:leadingIndustryShare": "leading_share",
    "ps:operatedBy/ps:managementStaffCount": "management_staff",
    "ps:emergencyDrillCount": "drills",
    "ps:seniorTalentIntroduced": "talent",
    "ps:aboveSizeGrown": "above_size_grown",
    "ps:techResultCount": "patents",
}
STEP = {fact: Decimal(1) for fact in FACT_OF_PATH.values()} | {
    "land_area_mu": Decimal("0.01"),
    "leading_share": Decimal("0.01"),
}
FLAGS = ("independent_operator", "property_management", "network_link")


def _compact(node: object) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(node).startswith(namespace) and "/" not in str(node)[len(namespace) :]:
            return f"{prefix}:{str(node)[len(namespace) :]}"
    raise KeyError(node)


CODES = Graph()
for _file in sorted(paths.ONTOLOGY_DIR.glob("codes/*.ttl")):
    CODES.parse(_file)


def _ranked(concepts: list) -> list[str]:
    return [_compact(c) for c in sorted(concepts, key=lambda c: int(CODES.value(c, PS.rank)))]


def _scheme(prefix: str) -> list:
    return list(CODES.subjects(SKOS.inScheme, URIRef(PREFIXES[prefix].rstrip("/"))))


GRADES = _ranked(_scheme("grade"))
STATUSES = _ranked(_scheme("pstat"))
UNIT_KINDS = sorted(_compact(c) for c in _scheme("ukind"))
LEVELS = {
    aspect: _ranked([c for c in _scheme("lvl") if _compact(CODES.value(c, PS.levelOf)) == aspect])
    for park in PERFECT.values()
    for aspect in park["assessments"]
}


def _candidates(fact: str) -> list[Decimal]:
    """Zero, every threshold on the fact with one step either side, the perfect values."""
    values = {Decimal(0)} | {Decimal(str(p[fact])) for p in PERFECT.values()}
    for item in TABLE["item"]:
        if FACT_OF_PATH.get(item["path"]) == fact and "at_least" in item:
            t = Decimal(str(item["at_least"]))
            values |= {t - STEP[fact], t, t + STEP[fact]}
    return sorted(v for v in values if v >= 0)


CANDIDATES = {fact: _candidates(fact) for fact in FACT_OF_PATH.values()}


def _pick(draw: st.DrawFn, items: list | dict) -> object:
    return draw(st.sampled_from(sorted(items))) if items else None


def _degrade(draw: st.DrawFn, park: dict, perfect: dict) -> None:
    """Move one fact of the park away from the perfect park's, to a random value."""
    what = draw(st.sampled_from(["number", "grade", "flag", "list", "service", "platform", "unit", "assessment"]))
    if what == "number":
        fact = _pick(draw, CANDIDATES)
        park[fact] = draw(st.sampled_from(CANDIDATES[fact]))
    elif what == "grade":
        park["grade"] = draw(st.sampled_from(GRADES))
    elif what == "flag":
        fact = _pick(draw, [*FLAGS, "certification", *(f"coverage {f}" for f in park["coverage_gap"])])
        if fact.startswith("coverage"):
            park["coverage_gap"][fact.split()[1]] = draw(st.sampled_from([1, 2]))
        else:
            park[fact] = False if fact in FLAGS else None
    elif what == "list":
        where = _pick(draw, park["facilities"])
        held = draw(st.sampled_from([park["documents"], park["facilities"][where]]))
        if held:
            held.remove(_pick(draw, held))
    elif what == "service" and park["services"]:
        i = draw(st.integers(0, len(park["services"]) - 1))
        attribute = draw(st.sampled_from([None, "fee", "distinctive", "institution"]))
        if attribute is None:
            del park["services"][i]
        else:
            park["services"][i].pop(attribute, None)
    elif what in ("platform", "unit", "assessment"):
        held = park[what + "s"]
        key = _pick(draw, held)
        if key is None:
            return
        if what == "platform":
            values = STATUSES
        elif what == "assessment":
            values = LEVELS[key]
        else:
            values = [{"kind": k, "staff": s} for k in UNIT_KINDS for s in (0, perfect["units"][key]["staff"])]
        changed = draw(st.sampled_from([None, *values]))
        if changed is None:
            del held[key]
        else:
            held[key] = changed


@st.composite
def random_parks(draw: st.DrawFn) -> tuple[str, dict]:
    """A perfect park with a few facts moved to random values (none to many)."""
    kind = draw(st.sampled_from(sorted(PERFECT)))
    perfect = PERFECT[kind]
    park = copy.deepcopy(perfect)
    for fact in CANDIDATES:
        park[fact] = Decimal(str(perfect[fact]))
    park["new_products"] = 0
    park["coverage_gap"] = {flag: 0 for flag in perfect["coverages"]}
    park.setdefault("facilities", {}).setdefault("nearby", [])
    for _ in range(draw(st.integers(0, 8))):
        _degrade(draw, park, perfect)
    return kind, park


def improvements(kind: str, park: dict) -> list[tuple[str, dict]]:
    """Every single-fact improvement of a park, named."""
    perfect = PERFECT[kind]
    found: list[tuple[str, dict]] = []

    def better(name: str, *path: str | int, to: object = None, append: object = None) -> None:
        """The park with the fact at `path` set `to` a value, or with an item appended."""
        changed = copy.deepcopy(park)
        *parents, last = path
        holder = changed
        for key in parents:
            holder = holder[key]
        if append is not None:
            holder.setdefault(last, []).append(copy.deepcopy(append))
        else:
            holder[last] = copy.deepcopy(to)
        if changed != park:
            found.append((name, changed))

    def next_rank(ladder: list[str], value: str) -> str:
        if value not in ladder:  # e.g. a platform listed without a status
            return value
        return ladder[min(ladder.index(value) + 1, len(ladder) - 1)]

    for fact in CANDIDATES:
        value = park[fact] + STEP[fact]
        if value <= CANDIDATES[fact][-1]:  # within the drawn range (a share stays a percentage)
            better(f"more {fact}", fact, to=value)
    better("better grade", "grade", to=next_rank(GRADES, park["grade"]))
    for aspect, level in park["assessments"].items():
        better(f"better {aspect}", "assessments", aspect, to=next_rank(LEVELS[aspect], level))
    for platform, status in park["platforms"].items():
        better(f"better {platform}", "platforms", platform, to=next_rank(STATUSES, status))
    for fact in FLAGS:
        better(f"{fact} true", fact, to=True)
    better("certification", "certification", to=perfect["certification"])
    for flag, gap in park["coverage_gap"].items():
        better(f"fuller coverage {flag}", "coverage_gap", flag, to=max(gap - 1, 0))
    for doc in perfect["documents"]:
        if doc not in park["documents"]:
            better(f"add {doc}", "documents", append=doc)
    for where, codes in perfect["facilities"].items():
        for code in codes:
            if code not in park["facilities"].get(where, []):
                better(f"add {code} {where}", "facilities", where, append=code)
    labels = [s["label"] for s in park["services"]]
    for service in perfect["services"]:
        if service["label"] in labels:
            better(f"restore {service['label']}", "services", labels.index(service["label"]), to=service)
        else:
            better(f"add {service['label']}", "services", append=service)
    for platform, status in perfect["platforms"].items():
        if platform not in park["platforms"]:
            better(f"add {platform}", "platforms", platform, to=status)
    for function, unit in perfect["units"].items():
        better(f"perfect {function}", "units", function, to=unit)
    return found


def to_facts(park: dict) -> dict:
    """The builder's facts: coverage gaps become numbers of firms flagged."""
    facts = {k: v for k, v in park.items() if k != "coverage_gap"}
    n = int(park["enterprises"])
    facts["enterprises"] = n
    facts["coverages"] = {f: "all" if gap == 0 else max(n - gap, 0) for f, gap in park["coverage_gap"].items()}
    for fact in ("management_staff", "drills", "talent", "above_size_grown", "patents"):
        facts[fact] = int(park[fact])
    return facts


RATER = Rater()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_parks())
def test_improving_one_fact_never_lowers_the_rating(drawn: tuple[str, dict]) -> None:
    kind, park = drawn
    options = improvements(kind, park)
    graph = Graph()
    build_park(to_facts(park), key="base", graph=graph)
    for n, (_name, improved) in enumerate(options):
        build_park(to_facts(improved), key=f"improved-{n}", graph=graph)
    ratings = {str(r.park).removeprefix(BASE): r for r in RATER.rate(graph)}
    base = ratings["base"]
    met = {(c.indicator.number, c.level) for c in base.cells if c.outcome is Outcome.MET}
    for n, (name, _improved) in enumerate(options):
        rating = ratings[f"improved-{n}"]
        now_met = {(c.indicator.number, c.level) for c in rating.cells if c.outcome is Outcome.MET}
        assert met <= now_met, f"{name}: cells no longer met {sorted(met - now_met)}"
        assert rating.stars >= base.stars, f"{name}: {base.stars}★ → {rating.stars}★"
