"""Loading files into the store: every file is parsed and the data checked first; only
data without errors is committed, all graphs of one load in one transaction.

Quads in the default graph go to the graph named by the caller; quads in named graphs
keep their graph (a TriG or N-Quads export from another office restores as it was);
provenance that arrives with the data is kept, other graphs get provenance of this load.
The description of an export is not data and is not stored.

Files are read by Oxigraph into an in-memory staging store and moved on as serialized
N-Triples / N-Quads, natively: no Python object per triple, so a province loads in
seconds and memory stays close to the size of the data."""

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from parkstar.errors import ParkstarError
from parkstar.exchange.description import DESCRIPTION_GRAPH
from parkstar.quality import DataProblem, checker
from parkstar.rdf.reading import RDF_SUFFIXES, parse_source, rdf_files
from parkstar.rdf.terms import graph_to_quads, triples_to_rdflib
from parkstar.store import PROVENANCE_GRAPH, EmbeddedStore
from parkstar.store.embedded import provenance_of
from parkstar.store.names import is_data_graph
from parkstar.store.provenance import provenance_for

_TRIPLE_FORMATS = {ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML}


@dataclass
class LoadResult:
    graphs: dict[URIRef, int]  # graph → triples
    warnings: list[DataProblem]


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
    store: EmbeddedStore, inputs: list[Path], graph: URIRef | None, agent: str, sources: list[Path] | None = None
) -> LoadResult:
    """Check and commit the RDF files `inputs`; `sources` (default: the inputs) are the
    files named in the provenance, e.g. the workbook an RDF file was imported from."""
    files = rdf_files(inputs)
    staging = ox.Store()
    for file in files:
        source, fmt = parse_source(file)
        if fmt in _TRIPLE_FORMATS:
            if graph is None:
                raise _needs_graph(file)
            _load(staging, file, source, fmt, ox.NamedNode(str(graph)))
        else:
            _load(staging, file, source, fmt, None)
            if any(True for _ in staging.quads_for_pattern(None, None, None, ox.DefaultGraph())):
                if graph is None:
                    raise _needs_graph(file)
                staging.update(f"ADD DEFAULT TO <{graph}> ; CLEAR DEFAULT")
    staging.update(f"DROP SILENT GRAPH <{DESCRIPTION_GRAPH}>")
    names = sorted(URIRef(g.value) for g in staging.named_graphs() if is_data_graph(g.value))
    if not names:
        raise ParkstarError("输入中没有数据", "the input has no data")
    data = b"".join(staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(n))) for n in names)
    problems = checker().check(data)
    if any(p.is_error for p in problems):
        raise RejectedData(problems)
    counts = {
        URIRef(row["g"].value): int(row["n"].value)
        for row in staging.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        if URIRef(row["g"].value) in names
    }
    carried = triples_to_rdflib(staging.quads_for_pattern(None, None, None, ox.NamedNode(str(PROVENANCE_GRAPH))))
    provenance = carried.__class__()
    for name in names:
        kept = provenance_of(carried, [name])
        provenance += kept if len(kept) else provenance_for(name, sources or files, agent, counts[name])
    staging.remove_graph(ox.NamedNode(str(PROVENANCE_GRAPH)))
    if set(names) & set(store.graph_names()):
        graphs = {n: staging.quads_for_pattern(None, None, None, ox.NamedNode(str(n))) for n in names}
        store.commit(graphs, provenance)
    else:
        staging.extend(graph_to_quads(provenance, ox.NamedNode(str(PROVENANCE_GRAPH))))
        store.load_dataset(staging.dump(format=ox.RdfFormat.N_QUADS))
    return LoadResult(counts, [p for p in problems if not p.is_error])


def _load(staging: ox.Store, file: Path, source, fmt: ox.RdfFormat, graph: ox.NamedNode | None) -> None:
    where = {"input": source} if isinstance(source, bytes) else {"path": source}
    try:  # the staging store is private and in memory: no transaction needed, bulk is faster
        if graph is None:
            staging.bulk_load(format=fmt, **where)
        else:
            staging.bulk_load(format=fmt, to_graph=graph, **where)
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
