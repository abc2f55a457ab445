"""Loading files into the store: every file is parsed and the data checked first; only
data without errors is committed, all graphs of one load in one transaction.

Quads in the default graph go to the graph named by the caller; quads in named graphs
keep their graph (a TriG or N-Quads export from another office restores as it was);
provenance that arrives with the data is kept, other graphs get provenance of this load.
The description of an export is not data and is not stored."""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from parkstar.errors import ParkstarError
from parkstar.exchange.description import DESCRIPTION_GRAPH
from parkstar.quality import DataProblem, check_graph
from parkstar.rdf.reading import parse_file, rdf_files
from parkstar.rdf.terms import triples_to_rdflib
from parkstar.store import PROVENANCE_GRAPH, EmbeddedStore
from parkstar.store.embedded import provenance_of
from parkstar.store.provenance import provenance_for


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


def load_files(store: EmbeddedStore, inputs: list[Path], graph: URIRef | None, agent: str) -> LoadResult:
    files = rdf_files(inputs)
    grouped: dict[URIRef, list[ox.Quad]] = defaultdict(list)
    incoming_provenance = Graph()
    for file in files:
        for quad in parse_file(file):
            name = quad.graph_name
            if isinstance(name, ox.DefaultGraph):
                if graph is None:
                    raise ParkstarError(
                        f"{file} 含有默认图中的数据：请用 --graph 指定写入的图",
                        f"{file} has data in the default graph: name the target graph with --graph",
                    )
                grouped[graph].append(quad)
            elif name.value == str(PROVENANCE_GRAPH):
                triples_to_rdflib([quad], incoming_provenance)
            elif name.value != str(DESCRIPTION_GRAPH):
                grouped[URIRef(name.value)].append(quad)
    if not grouped:
        raise ParkstarError("输入中没有数据", "the input has no data")
    merged = Graph()
    for quads in grouped.values():
        triples_to_rdflib(quads, merged)
    problems = check_graph(merged)
    if any(p.is_error for p in problems):
        raise RejectedData(problems)
    provenance = Graph()
    for name, quads in grouped.items():
        carried = provenance_of(incoming_provenance, [name])
        provenance += carried if len(carried) else provenance_for(name, files, agent, len(quads))
    store.commit(dict(grouped), provenance)
    return LoadResult({name: len(q) for name, q in grouped.items()}, [p for p in problems if not p.is_error])
