"""Loading files into the store: every file is parsed and the data checked first; only
data without errors becomes visible, all graphs of one load in one step.

Quads in the default graph go to the graph named by the caller; quads in named graphs
keep their graph (a TriG or N-Quads export from another office restores as it was);
provenance that arrives with the data is kept, other graphs get provenance of this load.
The description of an export is not data and is not stored.

Files are bulk-loaded by Oxigraph straight into the graphs being loaded, which readers
do not see until the load finishes (store/embedded.py; a SPARQL server stages them),
while the same files, as N-Triples, are checked chunk by chunk of parks: no transaction
as large as the data and no copy of it in memory, so a province of ten thousand parks
loads in bounded memory."""

import functools
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from parkstar.engine import Rater
from parkstar.engine import chunks as chunking
from parkstar.engine.chunks import Chunk, split_by_park, split_canonical
from parkstar.errors import ParkstarError
from parkstar.exchange.chunkwork import ChunkWork, check_and_rate
from parkstar.exchange.description import DESCRIPTION_GRAPH
from parkstar.quality import DataProblem, checker, ordered
from parkstar.rdf.reading import RDF_SUFFIXES, parse_source, rdf_files
from parkstar.rdf.terms import triples_to_rdflib
from parkstar.results import RatingResults
from parkstar.results.chunked import Job
from parkstar.results.refresh import data_version
from parkstar.store import PROVENANCE_GRAPH, Store
from parkstar.store.embedded import provenance_of
from parkstar.store.names import is_data_graph
from parkstar.store.provenance import load_time, provenance_for

_TRIPLE_FORMATS = {ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML}


@dataclass
class LoadResult:
    graphs: dict[URIRef, int]  # graph → triples
    warnings: list[DataProblem]
    rated: int = 0  # parks rated on the way (see load_files)


class RejectedData(ParkstarError):
    """The data has errors; nothing was written."""

    def __init__(self, problems: list[DataProblem]) -> None:
        errors = [p for p in problems if p.is_error]
        super().__init__(
            f"数据有 {len(errors)} 个错误，未写入数据库",
            f"the data has {len(errors)} errors; nothing was written to the store",
        )
        self.problems = errors


def load_files(
    store: Store,
    inputs: list[Path],
    graph: URIRef | None,
    agent: str,
    sources: list[Path] | None = None,
    rater: Rater | None = None,
) -> LoadResult:
    """Check and commit the RDF files `inputs`; `sources` (default: the inputs) are the
    files named in the provenance, e.g. the workbook an RDF file was imported from.

    Triple files are bulk-loaded straight into the store (in a thread, while the same
    files are checked chunk by chunk of parks), quad files (exchange files, which name
    their graphs) go through a small in-memory store; one small update makes it visible.

    With a `rater`, a load of triple files that will hold all the data is rated on the
    way, chunk by chunk, and its ratings stored (`LoadResult.rated`); the chunks are kept
    for re-rating (store/kept.py). Otherwise the caller rates afterwards."""
    files = rdf_files(inputs)
    parsed = [(f, *parse_source(f)) for f in files]
    triple_files = [(f, source, fmt) for f, source, fmt in parsed if fmt in _TRIPLE_FORMATS]
    if triple_files and graph is None:
        raise _needs_graph(triple_files[0][0])
    staging = ox.Store()
    for file, source, fmt in parsed:
        if fmt not in _TRIPLE_FORMATS:
            _read_dataset(staging, file, source, fmt, graph)
    staging.update(f"DROP SILENT GRAPH <{DESCRIPTION_GRAPH}>")
    carried = triples_to_rdflib(staging.quads_for_pattern(None, None, None, ox.NamedNode(str(PROVENANCE_GRAPH))))
    names = {URIRef(g.value) for g in staging.named_graphs() if is_data_graph(g.value)}
    if triple_files:
        names.add(graph)
    if not names:
        raise ParkstarError("输入中没有数据", "the input has no data")
    loaded_at = load_time()
    results = _results_on_the_way(store, rater, names, graph)
    targets = store.begin_load(sorted(names))
    try:
        scratch = tempfile.TemporaryDirectory(prefix="load-", dir=store.scratch())
        with scratch as folder, ThreadPoolExecutor(1) as background:
            check = Path(folder) / "data.nt"
            with check.open("wb") as out:
                for name in sorted(names):
                    node = ox.NamedNode(str(name))
                    store.add_graph(URIRef(targets[name].value), staging.quads_for_pattern(None, None, None, node))
                    staging.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=node)
                del staging
                loading = background.submit(_bulk_load_all, store, triple_files, targets.get(graph))
                chunks = _split_as_it_is(parsed, Path(folder))
                if chunks is None:
                    for file, source, fmt in triple_files:  # the same files, as the checker reads them
                        _load(functools.partial(_canonical, out), file, source, fmt, None)
            if chunks is None:
                chunks = split_by_park(check, Path(folder), checker().incoming, size=chunking.CHUNK_PARKS)
            check.unlink()
            run = results.new_run() if results is not None else None
            version = data_version(str(graph), loaded_at)
            work = [ChunkWork(c, _rating_job(results, run, c, version) if run is not None else None) for c in chunks]
            found: set[DataProblem] = set()
            ratings = Path(folder) / "ratings.nt"
            rated = 0
            with ratings.open("wb") as out:
                try:
                    for done in check_and_rate(work, rater if run is not None else None):
                        found.update(done.problems)
                        rated += done.rated
                        out.write(done.ratings)
                except Exception:
                    loading.result()  # a syntax error found by the loader is why the checks failed
                    raise
            problems = ordered(found)
            loading.result()
            counts = {n: store.count(URIRef(t.value)) for n, t in targets.items()}
            empty = {n: targets.pop(n) for n in [n for n, c in counts.items() if c == 0]}
            store.abandon_load(empty)
            if not targets:
                raise ParkstarError("输入中没有数据", "the input has no data")
            if any(p.is_error for p in problems):
                raise RejectedData(problems)
            counts = {n: counts[n] for n in targets}
            provenance = _provenance(carried, sorted(targets), sources or files, agent, counts, loaded_at)
            store.finish_load(targets, provenance)
            if results is not None and run is not None:  # rated on the way
                _store_ratings(store, results, run, ratings, chunks)
    except BaseException:
        store.abandon_load(targets)
        raise
    return LoadResult(counts, [p for p in problems if not p.is_error], rated)


def _results_on_the_way(
    store: Store, rater: Rater | None, names: set[URIRef], graph: URIRef | None
) -> RatingResults | None:
    """Where the load's ratings go, if it can be rated on the way: triple files into one
    graph that will be all the data (a park's subgraph cannot reach into other graphs),
    with the criteria's rules the checks use (one population serves both)."""
    if rater is None or graph is None or names != {graph}:
        return None
    if not set(store.graph_names()) <= {graph} or not checker().derives_like(rater.deriver):
        return None
    return RatingResults(store, rater)


def _rating_job(results: RatingResults, run: URIRef, chunk: Chunk, version: str) -> Job | None:
    if not chunk.parks:
        return None
    versions = dict.fromkeys(chunk.parks, version)
    return Job(chunk.path, chunk.parks, versions, str(run), results.edition, results.edition_id, temporary=False)


def _store_ratings(store: Store, results: RatingResults, run: URIRef, ratings: Path, chunks: list[Chunk]) -> None:
    """The ratings made on the way made current; the chunks kept for re-rating."""
    results.store_run(run, ratings, ratings.parent)
    kept = store.kept_chunks()
    if kept is not None:
        kept.keep(chunks, store.load_times())


def _read_dataset(staging: ox.Store, file: Path, source, fmt: ox.RdfFormat, graph: URIRef | None) -> None:
    """A quad file into the staging store; its default graph goes to `graph`."""
    _load(staging.bulk_load, file, source, fmt, None)
    if any(True for _ in staging.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        if graph is None:
            raise _needs_graph(file)
        staging.update(f"ADD DEFAULT TO <{graph}> ; CLEAR DEFAULT")


def _provenance(
    carried: Graph, names: list[URIRef], sources: list[Path], agent: str, counts: dict, loaded_at: str
) -> Graph:
    """The provenance that came with each graph, or else provenance of this load."""
    provenance = Graph()
    for name in names:
        kept = provenance_of(carried, [name])
        provenance += kept if len(kept) else provenance_for(name, sources, agent, counts[name], loaded_at)
    return provenance


def _bulk_load_all(store: Store, files: list[tuple], target: ox.NamedNode | None) -> None:
    for file, source, fmt in files:
        _load(functools.partial(store.bulk_load, to_graph=target), file, source, fmt, None)


def _split_as_it_is(parsed: list[tuple], folder: Path) -> list[Chunk] | None:
    """The chunks of a load of one N-Triples file laid out as Oxigraph writes it, split
    straight from the file (converting it costs as much as splitting it); None otherwise.
    Its blank node labels are its own: with a second file they could meet another's.
    Nothing parses the file here: the loader does, and a syntax error fails the load."""
    if len(parsed) != 1 or parsed[0][2] != ox.RdfFormat.N_TRIPLES:
        return None
    return split_canonical(Path(parsed[0][1]), folder, checker().incoming, size=chunking.CHUNK_PARKS)


def _canonical(out: BinaryIO, format: ox.RdfFormat, **where) -> None:
    """A file as N-Triples laid out the way engine.chunks reads them."""
    ox.serialize(ox.parse(format=format, rename_blank_nodes=True, **where), out, ox.RdfFormat.N_TRIPLES)


def _load(bulk_load: Callable, file: Path, source, fmt: ox.RdfFormat, graph: ox.NamedNode | None) -> None:
    """Parse one file with `bulk_load` (into a graph nobody reads yet: no transaction),
    syntax errors reported with the file and line."""
    where = {"input": source} if isinstance(source, bytes) else {"path": source}
    try:
        if graph is None:
            bulk_load(format=fmt, **where)
        else:
            bulk_load(format=fmt, to_graph=graph, **where)
    except SyntaxError as error:
        raise ParkstarError(
            f"{file} 第 {error.lineno} 行：RDF 语法错误：{error.msg}",
            f"{file} line {error.lineno}: RDF syntax error: {error.msg}",
        ) from None


def _needs_graph(file: Path) -> ParkstarError:
    return ParkstarError(
        f"{file} 含有默认图中的数据：请用 --graph 指定写入的图",
        f"{file} has data in the default graph: name the target graph with --graph",
    )


__all__ = ["RDF_SUFFIXES", "LoadResult", "RejectedData", "load_files"]
