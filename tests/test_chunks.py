"""Rating and checking chunk by chunk of parks gives every park the outcome it gets in
the whole population, with worker processes or without; triples of no park are still
checked (the rest chunk)."""

import contextlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_differential import outcomes

from parkstar.engine import Rater
from parkstar.engine import chunks as chunking
from parkstar.engine.chunks import split_by_park, split_canonical
from parkstar.errors import ParkstarError
from parkstar.exchange import loading
from parkstar.exchange.loading import RejectedData, _canonical, load_files
from parkstar.generate import write_population
from parkstar.quality import checker
from parkstar.rdf.reading import read_graph
from parkstar.rdf.terms import graph_to_quads
from parkstar.results import RatingResults
from parkstar.store import graph_name, open_store
from parkstar.vocab import PS, RDF

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def rater() -> Rater:
    return Rater()


def _dump(graph, path: Path) -> Path:
    """N-Triples as Oxigraph writes them (what the store's dump gives the splitter)."""
    store = ox.Store()
    store.bulk_extend(graph_to_quads(graph))
    store.dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return path


def test_each_chunk_rates_its_parks_as_the_whole_population_does(rater: Rater, tmp_path: Path) -> None:
    graph = read_graph([SAMPLE])
    chunks = split_by_park(_dump(graph, tmp_path / "all.nt"), tmp_path, rater.incoming, size=4)
    assert [len(c.parks) for c in chunks] == [4, 4, 4, 3]
    chunked: dict = {}
    for chunk in chunks:
        mine = {str(p) for p in chunk.parks}
        chunked.update(
            {k: v for k, v in outcomes(rater, chunk.path).items() if (k if isinstance(k, str) else k[0]) in mine}
        )
    assert chunked == outcomes(rater, graph)


def test_triples_of_no_park_are_checked_in_a_rest_chunk(tmp_path: Path) -> None:
    text = (SAMPLE / "yiwu-lugang.ttl").read_text(encoding="utf-8") + (
        "\n<http://example.org/stray> a <https://w3id.org/parkstar/def#Enterprise> ;\n"
        '    <http://www.w3.org/2000/01/rdf-schema#label> "无园区企业" ;\n'
        '    <https://w3id.org/parkstar/def#creditCode> "91330683MA2JQPJT6X" .\n'
    )
    data = tmp_path / "data.ttl"
    data.write_text(text, encoding="utf-8")
    dump = _dump(read_graph([data]), tmp_path / "all.nt")
    chunks = split_by_park(dump, tmp_path, checker().incoming, size=4)
    assert [bool(c.parks) for c in chunks] == [True, False]
    problems = checker().check_file(_dump(read_graph([data]), tmp_path / "again.nt"))
    assert any("stray" in p.focus and p.is_error for p in problems)
    store = open_store(tmp_path / "store")
    with pytest.raises(RejectedData):
        load_files(store, [data], graph_name("stray"), "tester")
    assert store.graph_names() == []


def test_rating_the_store_chunk_by_chunk_in_workers_equals_rating_the_files(
    rater: Rater, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "store")
    load_files(store, [SAMPLE], graph_name("sample"), "tester")
    monkeypatch.setattr(chunking, "CHUNK_PARKS", 4)
    results = RatingResults(store, rater)
    assert results.refresh_all() == 15
    stored = {str(r.park): (r.stars, r.pending_level) for r in results.ratings()}
    direct = {str(r.park): (r.stars, r.pending_level) for r in rater.rate(read_graph([SAMPLE]))}
    assert stored == direct


# A file written elsewhere (here: by the generator, with its comments and empty lines) is
# split as it is when it is laid out as Oxigraph writes N-Triples, into exactly the chunks
# its conversion gives; any other layout is converted first.

EX = "http://example.org/"
CANONICAL_LINES = [  # each exactly as Oxigraph writes it
    f'<{EX}a> <{EX}p> "quoted \\"q\\", a backslash \\\\, a tab \\t, lines \\n\\r" .\n',
    f'<{EX}a> <{EX}p> "园区"@zh-hans .\n',
    f'<{EX}a> <{EX}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    f"<{EX}a> <{EX}p> <{EX}b#fragment> .\n",
]
NOT_CANONICAL_LINES = [  # valid N-Triples, which Oxigraph writes otherwise
    f'<{EX}a>  <{EX}p> "x" .\n',
    f'<{EX}a>\t<{EX}p> "x" .\n',
    f'<{EX}a> <{EX}p> "x" . # a comment\n',
    f'<{EX}a> <{EX}p> "x".\n',
    f' <{EX}a> <{EX}p> "x" .\n',
    f'<{EX}a> <{EX}p> "x" .\r\n',
    f'<{EX}\\u0061> <{EX}p> "x" .\n',
    f"<{EX}a> <{EX}p> <{EX}\\u0062> .\n",
    f'<{EX}a> <{EX}p> "\\u0078" .\n',
    f'<{EX}a> <{EX}p> "it\\\'s" .\n',
    f'<{EX}a> <{EX}p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n',
    f'<{EX}a> <{EX}p> "x"@ZH .\n',
    f'<{EX}a> <{EX}p> "x\x01" .\n',
    f'<{EX}a> <{EX}p> "x\ufffe" .\n',
]
RDF_12_LINES = [  # as Oxigraph writes them, but split after conversion all the same (rare)
    f'<{EX}a> <{EX}p> "x"@en--ltr .\n',
    f"<{EX}a> <{EX}p> <<( <{EX}a> <{EX}p> <{EX}b> )>> .\n",
]


def _written_by_oxigraph(text: bytes) -> bytes:
    return ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)


def _converted(source: Path, path: Path) -> Path:
    """The file as a load converts it when it cannot be split as it is."""
    with path.open("wb") as out:
        _canonical(out, ox.RdfFormat.N_TRIPLES, path=str(source))
    return path


def _contents(chunks: list) -> list:
    return [(c.path.name, c.path.read_bytes(), c.parks) for c in chunks]


def _population(tmp_path: Path, *extra: str) -> Path:
    """A generated population, with lines of no park (one points to a park: the rest chunk
    gets the park's type) in the middle."""
    data = tmp_path / "population.nt"
    write_population(data, parks=12, seed=7)
    lines = data.read_bytes().splitlines(keepends=True)
    park = next(line for line in lines if line.endswith(b"<https://w3id.org/parkstar/def#Park> .\n")).split(b" ")[0]
    stray = [f"<{EX}stray> <{EX}near> ".encode() + park + b" .\n", *(line.encode() for line in extra)]
    data.write_bytes(b"".join(lines[:500] + stray + lines[500:]))
    return data


def test_a_file_laid_out_as_oxigraph_writes_it_is_split_as_it_is_into_the_chunks_of_its_conversion(
    tmp_path: Path,
) -> None:
    assert all(_written_by_oxigraph(line.encode()) == line.encode() for line in CANONICAL_LINES)
    data = _population(tmp_path, *CANONICAL_LINES)
    assert data.read_bytes().startswith(b"#") and b"\n\n" in data.read_bytes()  # comments, empty lines
    (tmp_path / "as-is").mkdir()
    (tmp_path / "converted").mkdir()
    as_is = split_canonical(data, tmp_path / "as-is", checker().incoming, size=5)
    converted = split_by_park(_converted(data, tmp_path / "c.nt"), tmp_path / "converted", checker().incoming, size=5)
    assert as_is is not None and [len(c.parks) for c in as_is] == [5, 5, 2, 0]
    assert _contents(as_is) == _contents(converted)


def test_split_by_park_takes_blocks_of_lines_its_pattern_does_not_as_the_plain_split_did(tmp_path: Path) -> None:
    data = _converted(_population(tmp_path, RDF_12_LINES[-1]), tmp_path / "c.nt")
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunking, "_BLOCK", 4096)  # most blocks without the triple term
        small = split_by_park(data, tmp_path / "small", checker().incoming, size=5)
    large = split_by_park(data, tmp_path / "large", checker().incoming, size=5)
    assert _contents(small) == _contents(large)
    assert b"<<(" in small[-1].path.read_bytes()  # with the stray lines: the rest chunk


@pytest.mark.parametrize("line", NOT_CANONICAL_LINES + RDF_12_LINES)
def test_a_file_laid_out_otherwise_is_not_split_as_it_is(tmp_path: Path, line: str) -> None:
    assert line in RDF_12_LINES or _written_by_oxigraph(line.encode()) != line.encode()
    data = _population(tmp_path, line)
    folder = tmp_path / "chunks"
    folder.mkdir()
    assert split_canonical(data, folder, checker().incoming, size=5) is None
    assert list(folder.iterdir()) == []


def test_a_file_without_a_last_line_end_is_not_split_as_it_is(tmp_path: Path) -> None:
    data = _population(tmp_path)
    data.write_bytes(data.read_bytes() + f'<{EX}a> <{EX}p> "x" .'.encode())
    assert split_canonical(data, tmp_path, checker().incoming, size=5) is None


def test_two_files_with_one_blank_node_label_keep_two_blank_nodes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    for name in ("one", "two"):
        (folder / f"{name}.nt").write_text(
            f"<{EX}park-{name}> <{RDF.type}> <{PS.Park}> .\n"
            f"<{EX}park-{name}> <{EX}has> _:b0 .\n"
            f'_:b0 <{EX}name> "{name}" .\n',
            encoding="utf-8",
        )
    chunks: list[Path] = []
    check = loading.check_and_rate

    def kept(work: list, rater: Rater | None):
        chunks.extend(w.chunk.path for w in work if w.chunk.parks)
        yield from check(work, rater)
        chunks[:] = [ox.parse(path=str(c), format=ox.RdfFormat.N_TRIPLES) for c in chunks]
        chunks[:] = [[t for t in triples if t.predicate.value == f"{EX}name"] for triples in chunks]

    monkeypatch.setattr(loading, "check_and_rate", kept)
    monkeypatch.setattr(chunking, "CHUNK_PARKS", 1)
    with contextlib.suppress(RejectedData):
        load_files(open_store(tmp_path / "store"), [folder], graph_name("two"), "tester")
    assert [len(names) for names in chunks] == [1, 1]  # one name each: two blank nodes


@pytest.mark.parametrize(
    "line",
    [
        f'<relative> <{EX}p> "x" .\n'.encode(),  # chunks are read leniently: the loader rejects it
        f'<{EX}a> <{EX}p> "\xff" .\n'.encode("latin-1"),  # the chunk's reader too: the loader's error wins
    ],
)
def test_a_syntax_error_in_a_file_split_as_it_is_fails_the_load_with_its_line(tmp_path: Path, line: bytes) -> None:
    data = _dump(read_graph([SAMPLE]), tmp_path / "sample.nt")
    lines = data.read_bytes().splitlines(keepends=True)
    lines.insert(40, line)  # laid out as Oxigraph writes, but invalid
    data.write_bytes(b"".join(lines))
    store = open_store(tmp_path / "store")
    with pytest.raises(ParkstarError) as error:
        load_files(store, [data], graph_name("bad"), "tester")
    assert "sample.nt line 41: RDF syntax error" in str(error.value)
    assert store.graph_names() == []
