"""Reading RDF files: every failure is a ParkstarError in Chinese and English that names
the file (and the line, where there is one); nothing is fetched from the network."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from parkstar.errors import ParkstarError
from parkstar.rdf.reading import read_graph

PARK = """\
@prefix ps:   <https://w3id.org/parkstar/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/errors/> .

ex:park a ps:Park ;
    rdfs:label "测试园"@zh ;
    ps:landAreaMu 25
ex:other a ps:Park .
"""
#: the statement above is missing its final dot; the parser notices on this line
ERROR_LINE = PARK.splitlines().index("ex:other a ps:Park .") + 1


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt from Python to open a connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_malformed_turtle_names_file_and_line(tmp_path: Path) -> None:
    file = tmp_path / "broken-park.ttl"
    file.write_text(PARK, encoding="utf-8")
    assert ERROR_LINE == 8
    with pytest.raises(ParkstarError) as caught:
        read_graph([file])
    error = caught.value
    assert "broken-park.ttl" in error.zh and "broken-park.ttl" in error.en
    assert f"第 {ERROR_LINE} 行" in error.zh
    assert f"line {ERROR_LINE}" in error.en
    assert "语法错误" in error.zh and "syntax error" in error.en
    # str() carries both languages, for logs
    assert error.zh in str(error) and error.en in str(error)


def test_fixed_turtle_reads(tmp_path: Path) -> None:
    file = tmp_path / "park.ttl"
    file.write_text(PARK.replace("ps:landAreaMu 25\n", "ps:landAreaMu 25 .\n"), encoding="utf-8")
    graph = read_graph([file])
    assert len(graph) == 4


def test_error_in_second_file_names_that_file(tmp_path: Path) -> None:
    good = tmp_path / "a-good.ttl"
    good.write_text(PARK.replace("ps:landAreaMu 25\n", "ps:landAreaMu 25 .\n"), encoding="utf-8")
    bad = tmp_path / "b-bad.ttl"
    bad.write_text(PARK, encoding="utf-8")
    with pytest.raises(ParkstarError) as caught:
        read_graph([tmp_path])
    assert "b-bad.ttl" in caught.value.en and "a-good.ttl" not in caught.value.en
    assert f"line {ERROR_LINE}" in caught.value.en


def test_malformed_ntriples_names_line(tmp_path: Path) -> None:
    file = tmp_path / "data.nt"
    file.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(ParkstarError) as caught:
        read_graph([file])
    assert "data.nt" in caught.value.zh and "第 2 行" in caught.value.zh
    assert "data.nt" in caught.value.en and "line 2" in caught.value.en


def test_invalid_utf8_is_a_parkstar_error(tmp_path: Path) -> None:
    file = tmp_path / "latin1.ttl"
    file.write_bytes('<urn:a> <urn:b> "café" .\n'.encode("latin-1"))
    with pytest.raises(ParkstarError) as caught:
        read_graph([file])
    assert "latin1.ttl" in caught.value.en and "latin1.ttl" in caught.value.zh


def test_remote_jsonld_context_fails_fast_without_network(tmp_path: Path, no_network: list[object]) -> None:
    file = tmp_path / "park.jsonld"
    file.write_text(
        '{"@context": "https://example.org/ctx.jsonld", "@id": "https://example.org/p", "@type": "Park"}',
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(ParkstarError) as caught:
        read_graph([file])
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"took {elapsed:.1f} s: was the remote context fetched?"
    assert no_network == [], "reading a file must never open a network connection"
    assert "park.jsonld" in caught.value.zh and "park.jsonld" in caught.value.en


def test_jsonld_with_inline_context_reads(tmp_path: Path, no_network: list[object]) -> None:
    file = tmp_path / "park.jsonld"
    file.write_text(
        '{"@context": {"ps": "https://w3id.org/parkstar/def#"},'
        ' "@id": "https://example.org/p", "@type": "ps:Park", "ps:landAreaMu": 25}',
        encoding="utf-8",
    )
    graph = read_graph([file])
    assert len(graph) == 2
    assert no_network == []


def test_unknown_suffix_is_a_parkstar_error(tmp_path: Path) -> None:
    file = tmp_path / "park.xyz"
    file.write_text(PARK, encoding="utf-8")
    with pytest.raises(ParkstarError) as caught:
        read_graph([file])
    assert "park.xyz" in caught.value.zh and "park.xyz" in caught.value.en
    assert ".ttl" in caught.value.zh and ".ttl" in caught.value.en
    assert "unknown" in caught.value.en


def test_unknown_suffix_inside_a_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "notes.xyz").write_text("not RDF at all {", encoding="utf-8")
    (tmp_path / "park.ttl").write_text(PARK.replace("ps:landAreaMu 25\n", "ps:landAreaMu 25 .\n"), encoding="utf-8")
    assert len(read_graph([tmp_path])) == 4


def test_missing_file_is_a_parkstar_error(tmp_path: Path) -> None:
    with pytest.raises(ParkstarError) as caught:
        read_graph([tmp_path / "nowhere.ttl"])
    assert "nowhere.ttl" in caught.value.zh and "nowhere.ttl" in caught.value.en
