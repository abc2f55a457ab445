"""A park's rating as a compact record (what is stored) and back. The record keeps only
what the criteria cannot supply again: outcomes, the actual-vs-required texts and
findings, missing-data messages. Names, clauses and messages come from the criteria of
the edition when the record is read.

The record is stored packed: its JSON compressed (zlib, level 1) and written in base64
(an xsd:base64Binary literal). A park's JSON is about 77 KB, most of it texts repeated
between findings and levels; packed it is about 9 KB, which is what a full rating of
10,000 parks writes, moves between processes and bulk-loads (0.9 GB became 0.1 GB).
Records stored as rdf:JSON by earlier versions are still read."""

import base64
import json
import zlib

from rdflib import URIRef

from parkstar.criteria import Criteria, Text
from parkstar.engine.explain import Explanation, Finding
from parkstar.engine.outcome import Outcome, combine
from parkstar.engine.rater import CellResult, ParkRating, RequirementResult

RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"  # records as earlier versions stored them


def _text(t: Text | None) -> list[str] | None:
    return None if t is None else [t.zh, t.en]


def _from(pair: list[str] | None) -> Text | None:
    return None if pair is None else Text(pair[0], pair[1])


def _finding(d: dict) -> Finding:
    return Finding(
        property=URIRef(d["property"]),
        kind=d["constraint"],
        text=Text(d["text"]["zh"], d["text"]["en"]),
        holds=d["holds"],
        shortfall=None if d["shortfall"] is None else d["shortfall"],
        required=d["required"],
        actual=d["actual"],
    )


def _entry(r: RequirementResult) -> object:
    """What the record keeps of one requirement's result."""
    if r.outcome is Outcome.MET:
        return "met"
    e = r.explanation
    closest = e.branches[e.closest].text if e and e.closest is not None else None
    return {
        "outcome": r.outcome.value,
        "detail": _text(e.text) if e else None,
        "closest": _text(closest),
        "closest_index": e.closest if e else None,
        "findings": [f.as_dict() for f in e.findings] if e else [],
        "missing": [_text(m) for m in r.missing],
    }


def _header(rating: ParkRating) -> dict:
    return {
        "name": _text(rating.name),
        "category": str(rating.category) if rating.category is not None else None,
        "category_label": _text(rating.category_label),
        "region": str(rating.region) if rating.region is not None else None,
        "stars": rating.stars,
        "pending": rating.pending_level,
    }


def _cell_missing(rating: ParkRating) -> dict:
    return {f"{c.indicator.number}-{c.level}": [_text(m) for m in c.missing] for c in rating.cells if c.missing}


def to_record(rating: ParkRating) -> dict:
    applicable: dict[str, object] = {}
    for cell in rating.cells:
        for r in cell.results:
            applicable[str(r.requirement.iri)] = _entry(r)
    return {**_header(rating), "requirements": applicable, "cell_missing": _cell_missing(rating)}


#: JSON as the record is stored: compact, non-ASCII kept
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_MET = _dumps("met")
_KEYS: dict[URIRef, str] = {}  # a requirement's IRI as a JSON string


def record_json(rating: ParkRating) -> str:
    """`to_record(rating)` as compact JSON (ensure_ascii=False, separators "," and ":"),
    the same text, built from pieces: each explanation's entry is encoded once for all the
    parks that share it (the explanation keeps it, with the outcome and missing-data
    messages it was encoded for)."""
    entries: dict[str, str] = {}
    for cell in rating.cells:
        for r in cell.results:
            iri = r.requirement.iri
            key = _KEYS.get(iri)
            if key is None:
                key = _KEYS[iri] = _dumps(str(iri))
            if r.outcome is Outcome.MET:
                entries[key] = _MET
                continue
            e = r.explanation
            if e is None:
                entries[key] = _dumps(_entry(r))
                continue
            variant = (r.outcome, tuple(r.missing))
            encoded = e.encoded.get(variant)
            if encoded is None:
                encoded = e.encoded[variant] = _dumps(_entry(r))
            entries[key] = encoded
    header = _dumps(_header(rating))
    requirements = ",".join(f"{k}:{v}" for k, v in entries.items())
    return f'{header[:-1]},"requirements":{{{requirements}}},"cell_missing":{_dumps(_cell_missing(rating))}}}'


def packed(record: str) -> str:
    """A record's JSON as stored (the lexical form of an xsd:base64Binary literal).
    Level 1: nine tenths of the size for a quarter of a millisecond a park."""
    return base64.b64encode(zlib.compress(record.encode("utf-8"), 1)).decode("ascii")


def unpacked(value: str, datatype: str) -> dict:
    """A stored record (packed, or rdf:JSON as earlier versions stored it) as a dict."""
    if datatype == RDF_JSON:
        return json.loads(value)
    return json.loads(zlib.decompress(base64.b64decode(value)))


def from_record(park: URIRef, record: dict, criteria: Criteria) -> ParkRating:
    stored = record["requirements"]
    cells = []
    for indicator in criteria.indicators:
        for level in criteria.levels:
            results = []
            for requirement in criteria.for_cell(indicator.iri, level):
                entry = stored.get(str(requirement.iri))
                if entry is None:
                    continue  # did not apply to this park
                if entry == "met":
                    results.append(RequirementResult(requirement, Outcome.MET))
                    continue
                explanation = None
                if entry["detail"] is not None:
                    branches: list[Explanation] = []
                    if entry["closest"] is not None:
                        filler = Explanation([], Text("", ""), False, 0.0)
                        branches = [filler] * entry["closest_index"] + [
                            Explanation([], _from(entry["closest"]), False, 0.0)
                        ]
                    explanation = Explanation(
                        [_finding(f) for f in entry["findings"]],
                        _from(entry["detail"]),
                        False,
                        0.0,
                        branches,
                        entry["closest_index"],
                    )
                results.append(
                    RequirementResult(
                        requirement, Outcome(entry["outcome"]), explanation, [_from(m) for m in entry["missing"]]
                    )
                )
            missing = [_from(m) for m in record["cell_missing"].get(f"{indicator.number}-{level}", [])]
            cells.append(CellResult(indicator, level, combine(r.outcome for r in results), results, missing))
    return ParkRating(
        park=park,
        name=_from(record["name"]),
        category=URIRef(record["category"]) if record["category"] else None,
        category_label=_from(record["category_label"]),
        region=URIRef(record["region"]) if record["region"] else None,
        stars=record["stars"],
        pending_level=record["pending"],
        levels=criteria.levels,
        cells=cells,
    )
