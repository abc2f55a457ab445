"""Benchmark: how rating time grows with the number of parks.

Replicates the sample parks under fresh IRIs (×1, ×4, ×16 by default) and times the
two stages of a rating run: deriving figures with the rules (Oxigraph, all parks at
once) and evaluating each park's subgraph with pySHACL. Prints a table and writes the
figures to benchmarks/results.json. Run with `make bench`."""

import json
import resource
import sys
import time
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from parkstar import paths
from parkstar.engine import Rater
from parkstar.engine.partition import park_subgraph
from parkstar.rdf.reading import read_graph

ID = "https://w3id.org/parkstar/id/"


def replicate(sample: Graph, copies: int) -> Graph:
    """`copies` renamed copies of the sample: every IRI under /id/ gets a copy suffix."""
    out = Graph()
    for k in range(copies):

        def rename(term, k=k):
            if isinstance(term, URIRef) and str(term).startswith(ID):
                return URIRef(f"{term}-c{k}")
            if isinstance(term, BNode):
                return BNode(f"{term}c{k}")
            return term

        for s, p, o in sample:
            out.add((rename(s), p, rename(o)))
    return out


def measure(rater: Rater, data: Graph) -> dict:
    start = time.perf_counter()
    working = rater.prepare(data)
    derived = time.perf_counter()
    parks = rater.parks(working)
    park_set = set(parks)
    stars = [rater.rate_subgraph(p, park_subgraph(working, p, park_set, rater.incoming)).stars for p in parks]
    done = time.perf_counter()
    return {
        "parks": len(parks),
        "triples": len(data),
        "derive_s": round(derived - start, 3),
        "evaluate_s": round(done - derived, 3),
        "total_s": round(done - start, 3),
        "ms_per_park": round(1000 * (done - start) / len(parks), 1),
        "stars_sum": sum(stars),
    }


def main(factors: list[int]) -> None:
    rater = Rater()
    sample = read_graph([paths.SAMPLE_DIR])
    rows = [measure(rater, replicate(sample, f)) for f in factors]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'parks':>6} {'triples':>8} {'derive s':>9} {'evaluate s':>11} {'total s':>8} {'ms/park':>8}")
    for r in rows:
        print(
            f"{r['parks']:>6} {r['triples']:>8} {r['derive_s']:>9} {r['evaluate_s']:>11} "
            f"{r['total_s']:>8} {r['ms_per_park']:>8}"
        )
    print(f"peak memory {peak_mb:.0f} MB")
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps({"runs": rows, "peak_memory_mb": round(peak_mb)}, indent=2) + "\n")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 4, 16])
