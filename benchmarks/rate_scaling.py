"""Benchmark: how rating time grows with the number of parks.

Replicates the sample parks under fresh IRIs (×1, ×4, ×16, ×64 by default) and times the
two stages of a rating run: building the population (data + figures derived by the rules,
in Oxigraph) and evaluating the shapes (compiled SPARQL), against pySHACL park by park as
the baseline (up to ×16). Prints a table and writes the figures to
benchmarks/results.json. Run with `make bench`."""

import json
import resource
import sys
import time
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from parkstar import paths
from parkstar.engine import Rater
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


def measure(rater: Rater, reference: Rater | None, data: Graph) -> dict:
    start = time.perf_counter()
    population = rater.population(data)
    derived = time.perf_counter()
    ratings = list(rater.rate(population))
    done = time.perf_counter()
    row = {
        "parks": len(ratings),
        "triples": len(data),
        "derive_s": round(derived - start, 3),
        "evaluate_s": round(done - derived, 3),
        "total_s": round(done - start, 3),
        "ms_per_park": round(1000 * (done - start) / len(ratings), 1),
    }
    if reference is not None:
        start = time.perf_counter()
        baseline = list(reference.rate(data))
        row["pyshacl_s"] = round(time.perf_counter() - start, 3)
        row["speedup"] = round(row["pyshacl_s"] / row["total_s"], 1)
        row["identical"] = [r.stars for r in ratings] == [r.stars for r in baseline]
    return row


def main(factors: list[int]) -> None:
    rater = Rater()
    reference = Rater(evaluator="pyshacl")
    sample = read_graph([paths.SAMPLE_DIR])
    rows = [measure(rater, reference if f <= 16 else None, replicate(sample, f)) for f in factors]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'parks':>6} {'triples':>8} {'derive s':>9} {'evaluate s':>11} {'total s':>8} {'ms/park':>8} {'pySHACL s':>10} {'×':>5}"
    )
    for r in rows:
        print(
            f"{r['parks']:>6} {r['triples']:>8} {r['derive_s']:>9} {r['evaluate_s']:>11} "
            f"{r['total_s']:>8} {r['ms_per_park']:>8} {r.get('pyshacl_s', '-'):>10} {r.get('speedup', '-'):>5}"
        )
    print(f"peak memory {peak_mb:.0f} MB")
    out = Path(__file__).with_name("results.json")
    out.write_text(json.dumps({"runs": rows, "peak_memory_mb": round(peak_mb)}, indent=2) + "\n")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 4, 16, 64])
