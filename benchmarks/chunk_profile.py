"""CPU time (time.process_time) of rating one 500-park chunk, step by step, best of N runs:
load, each rule, evaluator failures, rating (explanations + ParkRating), rating_quads.

    python benchmarks/chunk_profile.py [runs]"""

import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from parkstar.engine import Rater
from parkstar.engine.population import Population
from parkstar.generate import write_population
from parkstar.results.persist import rating_quads


def once(rater: Rater, path: Path) -> dict[str, float]:
    t: dict[str, float] = {}
    c = time.process_time()
    store = ox.Store()
    store.bulk_extend(rater.deriver.context_quads)
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    t["load"] = time.process_time() - c
    for rule in rater.deriver.rules:
        c = time.process_time()
        triples = list(store.query(rule.query, use_default_graph_as_union=True))
        store.extend(ox.Quad(x.subject, x.predicate, x.object) for x in triples)
        t[Path(str(rule.source)).name] = time.process_time() - c
    population = Population(store)
    c = time.process_time()
    failed = rater.evaluator.failures(population)
    t["failures"] = time.process_time() - c
    rater.evaluator.failures = lambda p, progress=None: failed  # reuse: time the rest only
    c = time.process_time()
    ratings = list(rater.rate(population))
    t["rate"] = time.process_time() - c
    del rater.evaluator.failures
    c = time.process_time()
    node = ox.NamedNode("urn:x")
    for r in ratings:
        rating_quads(r, node, rater.criteria.edition, "x", "v")
    t["rating_quads"] = time.process_time() - c
    return t


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rater = Rater()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chunk.nt"
        write_population(path, parks=500, seed=2025)
        results = [once(rater, path) for _ in range(runs)]
    best = {k: min(r[k] for r in results) for k in results[0]}
    rules = sum(v for k, v in best.items() if k.endswith(".rq"))
    for k, v in best.items():
        if not k.endswith(".rq") or v > 0.02:
            print(f"{k:32s} {v:6.3f}")
    print(f"{'rules':32s} {rules:6.3f}")
    print(f"{'total':32s} {sum(best.values()):6.3f}")


if __name__ == "__main__":
    main()
