"""`parkstar generate`: deterministic, valid, parseable output spread over Zhejiang's
current counties, and a population the engine rates at every star level."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SKOS

from parkstar import paths
from parkstar.cli import main
from parkstar.creditcode import is_valid
from parkstar.engine import Rater
from parkstar.generate import generate, write_population
from parkstar.rdf.reading import read_graph

#: A seed whose 150-park population the engine rates at every level from 0★ to 5★.
RATED_SEED = 2
RATED_PARKS = 150

PREFIXES = """
PREFIX ps:   <https://w3id.org/parkstar/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _text(parks: int, seed: int, syntax: str = "turtle") -> bytes:
    out = io.BytesIO()
    generate(out, parks, seed=seed, syntax=syntax)
    return out.getvalue()


def _store(data: bytes, fmt: ox.RdfFormat) -> ox.Store:
    store = ox.Store()
    store.load(data, format=fmt)
    return store


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(PREFIXES + query)]


@pytest.fixture(scope="module")
def turtle() -> bytes:
    return _text(60, seed=7)


@pytest.fixture(scope="module")
def store(turtle: bytes) -> ox.Store:
    return _store(turtle, ox.RdfFormat.TURTLE)


# ------------------------------------------------------------------ determinism


def test_same_seed_gives_identical_bytes():
    assert _text(12, seed=3) == _text(12, seed=3)
    assert _text(12, seed=3, syntax="ntriples") == _text(12, seed=3, syntax="ntriples")


def test_different_seeds_differ():
    assert _text(12, seed=3) != _text(12, seed=4)


def test_a_smaller_population_is_the_start_of_a_larger_one():
    small, large = _text(5, seed=9).decode(), _text(9, seed=9).decode()
    first_park = small.index("park:P000001 a ps:Park")
    assert large[large.index("park:P000001 a ps:Park") :].startswith(small[first_park:])


def test_gzip_output_is_deterministic(tmp_path: Path):
    a, b = tmp_path / "a.nt.gz", tmp_path / "b.nt.gz"
    write_population(a, 6, seed=2)
    write_population(b, 6, seed=2)
    assert a.read_bytes() == b.read_bytes()
    assert gzip.decompress(a.read_bytes()) == _text(6, seed=2, syntax="ntriples")


# ------------------------------------------------------------------ parsing


def test_turtle_parses_with_rdflib_and_oxigraph(turtle: bytes, store: ox.Store):
    graph = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    assert len(graph) == len(store) > 0


def test_ntriples_hold_the_same_triples_as_turtle(store: ox.Store):
    nt = _store(_text(60, seed=7, syntax="ntriples"), ox.RdfFormat.N_TRIPLES)
    assert set(nt) == set(store)


def test_statistics_count_what_is_written():
    out = io.BytesIO()
    stats = generate(out, 8, seed=5, syntax="ntriples")
    lines = [line for line in out.getvalue().decode().splitlines() if line and not line.startswith("#")]
    assert stats.parks == 8
    assert stats.triples == len(lines)


# ------------------------------------------------------------------ content


def _current_counties() -> set[str]:
    regions = Graph().parse(paths.ONTOLOGY_DIR / "codes" / "region.ttl")
    rows = regions.query(
        PREFIXES
        + """
        SELECT ?code ?until WHERE {
          ?county skos:notation ?code ; skos:broader/skos:broader/skos:notation "330000" .
          OPTIONAL { ?county ps:validUntil ?until }
        }"""
    )
    today = dt.date.today()
    return {str(code) for code, until in rows if until is None or until.toPython() >= today}


def test_every_park_is_in_a_current_county_level_division(store: ox.Store):
    counties = _current_counties()
    assert len(counties) > 80
    regions = _rows(store, "SELECT ?park ?region WHERE { ?park a ps:Park ; ps:region ?region }")
    assert len(regions) == 60
    for _park, region in regions:
        assert region.rsplit("/", 1)[1] in counties


def test_parks_spread_over_cities_and_categories():
    store = _store(_text(400, seed=1, syntax="ntriples"), ox.RdfFormat.N_TRIPLES)
    rows = _rows(
        store, "SELECT ?region ?category WHERE { ?p a ps:Park ; ps:region ?region ; ps:parkCategory ?category }"
    )
    cities = {region.rsplit("/", 1)[1][:4] for region, _ in rows}
    assert len(cities) == 11
    manufacturing = sum(category.endswith("/manufacturing") for _, category in rows) / len(rows)
    assert 0.5 <= manufacturing <= 0.7


def test_credit_codes_are_valid_unique_and_carry_the_county(store: ox.Store):
    assert is_valid("91330683MA2JQPJT6U")  # the independent example (330683 = 嵊州市)
    rows = _rows(
        store,
        """SELECT ?firm ?code ?region
           WHERE { ?firm ps:creditCode ?code ; ps:residentIn ?park . ?park ps:region ?region }""",
    )
    assert len(rows) > 1000
    codes = [code for _, code, _ in rows]
    assert len(set(codes)) == len(codes)
    assert len({firm for firm, _, _ in rows}) == len(rows)
    for _firm, code, region in rows:
        assert is_valid(code), code
        assert code[2:8] == region.rsplit("/", 1)[1]
        assert code[:2] in {"91", "92"}


def test_industry_codes_are_classes_of_real_divisions(store: ox.Store):
    industry = Graph().parse(paths.ONTOLOGY_DIR / "codes" / "industry.ttl")
    divisions = {str(n) for n in industry.objects(None, SKOS.notation)}
    codes = {c.rsplit("/", 1)[1] for (c,) in _rows(store, "SELECT DISTINCT ?c WHERE { ?f ps:industry ?c }")}
    assert codes
    for code in codes:
        assert re.fullmatch(r"[A-T]\d{4}", code), code
        assert code[:3] in divisions, code
    leading = {c.rsplit("/", 1)[1] for (c,) in _rows(store, "SELECT DISTINCT ?c WHERE { ?p ps:leadingIndustry ?c }")}
    assert leading <= divisions


def test_every_part_of_the_input_format_occurs():
    store = _store(_text(150, seed=RATED_SEED, syntax="ntriples"), ox.RdfFormat.N_TRIPLES)
    used = {p for (p,) in _rows(store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    ps = "https://w3id.org/parkstar/def#"
    for local in (
        "performanceGrade landAreaMu floorAreaSqm leadingIndustry relatedIndustry operatedBy hasDocument "
        "emergencyDrillCount hasFacility professionalPropertyManagement offersService hasPlatform connectedTo "
        "seniorTalentIntroduced patentsGranted newProductsLaunched hasAssessment independentOperator "
        "managementStaffCount holdsCertification unitFunction unitKind staffCount documentType facilityCategory "
        "facilityLocation serviceCategory feeBasis distinctive providedBy platformKind platformStatus "
        "assessmentAspect assessmentLevel creditCode residentIn industry annualOutput annualRevenue tenancyStart "
        "tenancyEnd aboveSizeSince freeOrLowFeeServiceCovered usesDigitalServices"
    ).split():
        assert ps + local in used, local


# ------------------------------------------------------------------ rating


@pytest.fixture(scope="module")
def ratings(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("generated") / "parks.nt"
    write_population(path, RATED_PARKS, seed=RATED_SEED)
    return list(Rater().rate(read_graph([path])))


def test_rating_a_population_gives_every_star_level(ratings):
    stars = Counter(r.stars for r in ratings)
    assert len(ratings) == RATED_PARKS
    assert set(stars) == {0, 1, 2, 3, 4, 5}, stars
    assert stars[0] + stars[1] + stars[2] > stars[4] + stars[5]


def test_some_parks_are_pending_for_missing_data(ratings):
    assert any(r.pending_level for r in ratings)


# ------------------------------------------------------------------ command line


def test_cli_writes_the_file_the_api_writes(tmp_path: Path):
    out = tmp_path / "pop.ttl.gz"
    result = CliRunner().invoke(main, ["generate", "--parks", "4", "--seed", "8", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert gzip.decompress(out.read_bytes()) == _text(4, seed=8)


def test_cli_writes_turtle_to_stdout():
    result = CliRunner().invoke(main, ["generate", "--parks", "2", "--seed", "8", "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "ps:dataYear 2023" in result.stdout
    Graph().parse(data=result.stdout, format="turtle")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--parks", "0"], ("至少", "at least")),
        (["--parks", "2", "--out", "{tmp}/x.csv"], ("输出格式", "output format")),
        (["--parks", "2", "--profile", "{tmp}/no-such-profile.toml"], ("无法读取", "cannot read")),
    ],
)
def test_cli_errors_are_bilingual(tmp_path: Path, args: list[str], words: tuple[str, str]):
    result = CliRunner().invoke(main, ["generate", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code == 2
    assert words[0] in result.stderr and words[1] in result.stderr


def test_a_profile_naming_an_unknown_code_is_refused(tmp_path: Path):
    profile = tmp_path / "profile.toml"
    text = (paths.DATA_DIR / "generator" / "profile.toml").read_text(encoding="utf-8")
    profile.write_text(text.replace("[documents.serviceLedger]", "[documents.serviceLedgr]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "--parks", "1", "--profile", str(profile)])
    assert result.exit_code == 2
    assert "serviceLedgr" in result.stderr and "code list" in result.stderr
