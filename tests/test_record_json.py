"""The stored record is built from JSON pieces shared between parks (codec.record_json);
it must be exactly the text of json.dumps(to_record(...)) that it replaces, for every
sample park, also when explanations are shared and when a rating is encoded twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parkstar.engine import Rater
from parkstar.engine.rater import ParkRating
from parkstar.rdf.reading import read_graph
from parkstar.results.codec import RDF_JSON, packed, record_json, to_record, unpacked

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def ratings() -> list[ParkRating]:
    return list(Rater().rate(read_graph([SAMPLE_DIR])))


def test_record_json_is_the_json_of_the_record(ratings: list[ParkRating]) -> None:
    for _ in range(2):  # the second time from the explanations' encoded entries
        for rating in ratings:
            expected = json.dumps(to_record(rating), ensure_ascii=False, separators=(",", ":"))
            assert record_json(rating) == expected


def test_record_json_without_explanations() -> None:
    rating = next(iter(Rater(explain=False).rate(read_graph([SAMPLE_DIR]))))
    assert record_json(rating) == json.dumps(to_record(rating), ensure_ascii=False, separators=(",", ":"))


def test_a_packed_record_unpacks_to_the_record_and_is_much_smaller(ratings: list[ParkRating]) -> None:
    for rating in ratings:
        text = record_json(rating)
        stored = packed(text)
        assert stored.isascii()
        assert unpacked(stored, "http://www.w3.org/2001/XMLSchema#base64Binary") == to_record(rating)
    largest = max(ratings, key=lambda r: len(record_json(r)))
    assert len(packed(record_json(largest))) * 4 < len(record_json(largest).encode())


def test_records_stored_as_json_by_earlier_versions_are_still_read(ratings: list[ParkRating]) -> None:
    rating = ratings[0]
    assert unpacked(record_json(rating), RDF_JSON) == to_record(rating)
